"""Writes for the cross-borough pack: ask for one, and make one in the background.

The same life as a board pack (reports.services): queued → running → ready or failed,
each step a conditional UPDATE, files complete on disk before the pack is marked ready.
"""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from boroughs.models import Role
from boroughs.selectors import has_role
from reports import generation
from reports.content import content_hash, cross_borough_content, unfinished_period_reason
from reports.models import CrossBoroughPack, cross_pack_upload_to
from reports.rendering import render_cross_html, render_pdf

logger = logging.getLogger(__name__)


def cross_pack_files(*, boroughs, period, generated_at=None):
    """(content, html, pdf) for the boroughs and period, storing nothing (CLI, worker)."""
    generated_at = generated_at or timezone.now()
    content = cross_borough_content(boroughs=boroughs, period=period)
    html = render_cross_html(content, generated_at=generated_at)
    return content, html, render_pdf(html), generated_at


@transaction.atomic
def cross_pack_request(*, boroughs, period, user):
    """Queue a cross-borough pack of `boroughs`, every one of which `user` belongs to."""
    from reports.tasks import generate_cross_borough_pack

    boroughs = list(boroughs)
    if not boroughs:
        raise ValidationError({"boroughs": "Choose at least one borough."})
    if not all(has_role(user, borough, Role.VIEWER) for borough in boroughs):
        raise PermissionDenied("You can only make packs of boroughs you belong to.")
    reason = unfinished_period_reason(period, timezone.localdate())
    if reason:
        raise ValidationError({"period": reason})
    pack = CrossBoroughPack.objects.create(
        period_year=period.year, period_quarter=period.quarter, requested_by=user
    )
    pack.boroughs.set(boroughs)
    result = generate_cross_borough_pack.enqueue(pack_id=pack.pk)
    CrossBoroughPack.objects.filter(pk=pack.pk).update(task_result_id=str(result.id))
    pack.task_result_id = str(result.id)
    return pack


def cross_pack_run(*, pack_id):
    """The worker's job: make the files and mark the pack ready, or failed with why."""
    if not generation.claim(CrossBoroughPack, pack_id, 1):
        return None
    pack = CrossBoroughPack.objects.get(pk=pack_id)
    written = []
    try:
        boroughs = list(pack.boroughs.all())
        content, html, pdf, generated_at = cross_pack_files(boroughs=boroughs, period=pack.period)
        digest = content_hash(content)
        stem = f"cross-{pack.pk}-{digest[:12]}"
        pdf_name = cross_pack_upload_to(pack, f"{stem}.pdf")
        html_name = cross_pack_upload_to(pack, f"{stem}.html")
        written.append(generation.write_atomically(pdf_name, pdf))
        written.append(generation.write_atomically(html_name, html.encode("utf-8")))
        generation.mark_ready(
            CrossBoroughPack,
            pack_id,
            1,
            generated_at=generated_at,
            content_sha256=digest,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            content_json=content,
            pdf_file=pdf_name,
            html_file=html_name,
        )
        return pack_id
    except Exception as error:
        for path in written:
            path.unlink(missing_ok=True)
        logger.exception("Cross-borough pack %s failed", pack_id)
        generation.fail(CrossBoroughPack, pack_id, 1, f"{type(error).__name__}: {error}")
        raise


def cross_packs_reap_expired(*, pk=None, now=None):
    """Cross-borough packs whose worker stopped are failed, not retried: see reap_expired.

    The person who asked is shown a plain message and asks again.
    """
    return generation.reap_expired(CrossBoroughPack, pk=pk, now=now)
