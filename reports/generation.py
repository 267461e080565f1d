"""Making a board pack: its files (CLI, worker, benchmark), and the worker's job that
stores them and marks the pack ready, or failed with why.

A pack record moves queued → running → ready (or failed), and never changes again
once ready: every update below is a conditional UPDATE on the status it expects, so
a ready pack cannot be rewritten by a late or duplicate worker. The task that runs
this is reports/tasks.py; asking for a pack is reports/services.py.
"""

import hashlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from reports.content import build_pack_content, content_hash
from reports.models import BoardPack, PackStatus, pack_upload_to
from reports.rendering import render_pack_html, render_pdf
from sendplan import tasks

logger = logging.getLogger(__name__)

# Worth one more go: the database or the disk hiccuped, not the pack's content.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, TimeoutError, ConnectionError)
MAX_ATTEMPTS = 2


@dataclass(frozen=True)
class PackFiles:
    content: dict
    html: str
    pdf: bytes
    generated_at: datetime

    @property
    def content_sha256(self):
        return content_hash(self.content)


def generate_pack_files(*, borough, period, board=None, generated_at=None, draft=False):
    """Compute and render one pack without storing anything (CLI, worker, benchmark)."""
    generated_at = generated_at or timezone.now()
    content = build_pack_content(borough=borough, period=period, board=board, draft=draft)
    html = render_pack_html(content, generated_at=generated_at)
    return PackFiles(content=content, html=html, pdf=render_pdf(html), generated_at=generated_at)


def claim(model, pack_id, attempt):
    """queued → running under a lease, atomically; False if another worker has it or it is done.

    `attempts` doubles as the lease's token: every later update names the attempt it
    belongs to, so a worker whose lease lapsed (and whose pack was handed to another)
    can no longer write to it. `model` is BoardPack or CrossBoroughPack (PackLifecycle).
    """
    return bool(
        model.objects.filter(pk=pack_id, status=PackStatus.QUEUED).update(
            status=PackStatus.RUNNING,
            attempts=attempt,
            lease_expires_at=timezone.now() + tasks.lease(),
        )
    )


def mark_ready(model, pack_id, attempt, **fields):
    """running → ready with its files and hashes; fails loudly if the pack is no longer ours."""
    marked = model.objects.filter(pk=pack_id, status=PackStatus.RUNNING, attempts=attempt).update(
        status=PackStatus.READY, lease_expires_at=None, error_message="", **fields
    )
    if not marked:
        raise RuntimeError("The pack stopped being ours while it was generated.")


@transaction.atomic
def _requeue(model, pack_id, attempt, reason, retry):
    """running → queued for one more attempt, with a new task; False if no longer ours."""
    mine = model.objects.filter(pk=pack_id, status=PackStatus.RUNNING, attempts=attempt)
    if not mine.update(status=PackStatus.QUEUED, lease_expires_at=None, error_message=reason):
        return False
    result = retry(pack_id=pack_id, attempt=attempt + 1)
    if result is not None:
        model.objects.filter(pk=pack_id).update(task_result_id=str(result.id))
    return True


def fail(model, pack_id, attempt, details):
    return model.objects.filter(pk=pack_id, status=PackStatus.RUNNING, attempts=attempt).update(
        status=PackStatus.FAILED, lease_expires_at=None, error_message=details[:2000]
    )


def reap_expired(model, *, retry=None, pk=None, now=None):
    """Packs whose worker stopped mid-way (lease lapsed): retried once, then failed.

    The one reaper for both kinds of pack. With `retry` (which queues the next attempt,
    as in pack_run) a pack on its first attempt goes back in the queue; without one (the
    cross-borough pack, whose asker simply asks again) it is failed at once. Runs at the
    start of every board pack task, whenever someone watches an unfinished pack, and from
    `manage.py reap_lost_work` (cron). Returns the number of packs reaped.
    """
    now = now or timezone.now()
    expired = model.objects.filter(status=PackStatus.RUNNING, lease_expires_at__lt=now)
    if pk is not None:
        expired = expired.filter(pk=pk)
    reaped = 0
    for pack_id, attempt, task_id in expired.values_list("pk", "attempts", "task_result_id"):
        tasks.fail_lost_task_results(ids=[task_id] if task_id else [], now=now)
        lapsed = f"No word from the worker within the {settings.TASK_LEASE_SECONDS}s lease"
        if retry and attempt < MAX_ATTEMPTS:
            done = _requeue(
                model, pack_id, attempt, f"Retrying: {lapsed} (attempt {attempt}).", retry
            )
        else:
            done = fail(model, pack_id, attempt, f"LeaseExpired: {lapsed} (attempt {attempt}).")
        if done:
            logger.warning("%s %s: %s on attempt %s", model.__name__, pack_id, lapsed, attempt)
            reaped += 1
    return reaped


def packs_reap_expired(*, retry, pk=None, now=None):
    """Board packs whose worker stopped: see reap_expired."""
    return reap_expired(BoardPack, retry=retry, pk=pk, now=now)


def write_atomically(relative_name, data):
    """Write to a temporary name beside the target, then rename into place.

    The rename is atomic on one filesystem, so a crash leaves at worst a stray
    `.part` file, never a truncated pack under its real name. This needs the
    FileSystemStorage that settings.STORAGES configures; an object store would
    upload to a temporary key and copy instead.
    """
    target = Path(settings.MEDIA_ROOT) / relative_name
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    return target


def pack_run(*, pack_id, attempt=1, retry=None):
    """The worker's job: make the pack's files and mark it ready, or failed with why.

    Not one transaction on purpose: rendering takes seconds and writes files, so each
    status change is its own short conditional UPDATE, and the files are complete on
    disk before the one that marks the pack ready.

    `retry(pack_id=..., attempt=...)` queues another go after a transient error; it is
    called in the transaction that puts the pack back in the queue. The task passes its
    own `enqueue`; without one, a transient error fails the pack like any other.
    """
    if retry:
        packs_reap_expired(retry=retry)
    if not claim(BoardPack, pack_id, attempt):
        logger.info("Board pack %s is not queued; nothing to do", pack_id)
        return None
    pack = BoardPack.objects.select_related("borough", "board").get(pk=pack_id)
    written = []
    try:
        files = generate_pack_files(
            borough=pack.borough, period=pack.period, board=pack.board, draft=pack.is_draft
        )
        stem = f"pack-{pack.pk}-{files.content_sha256[:12]}"
        pdf_name = pack_upload_to(pack, f"{stem}.pdf")
        html_name = pack_upload_to(pack, f"{stem}.html")
        written.append(write_atomically(pdf_name, files.pdf))
        written.append(write_atomically(html_name, files.html.encode("utf-8")))
        mark_ready(
            BoardPack,
            pack_id,
            attempt,
            generated_at=files.generated_at,
            content_sha256=files.content_sha256,
            pdf_sha256=hashlib.sha256(files.pdf).hexdigest(),
            content_json=files.content,
            is_draft=files.content["draft"],
            pdf_file=pdf_name,
            html_file=html_name,
        )
        return pack_id
    except Exception as error:
        for path in written:
            path.unlink(missing_ok=True)
        if retry and isinstance(error, TRANSIENT_ERRORS) and attempt < MAX_ATTEMPTS:
            logger.warning("Board pack %s failed (%s); retrying once", pack_id, error)
            reason = f"Retrying after: {type(error).__name__}: {error}"
            _requeue(BoardPack, pack_id, attempt, reason, retry)
            return None
        logger.exception("Board pack %s failed", pack_id)
        fail(BoardPack, pack_id, attempt, f"{type(error).__name__}: {error}")
        raise
