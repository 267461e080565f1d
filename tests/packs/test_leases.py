"""A pack whose worker died is retried once, then failed, after its lease; users see a
plain message about a failure while the details stay in the log and the admin."""

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import BoardPack, PackStatus
from reports.services import pack_request
from reports.tasks import reap_lost_packs as packs_reap_expired
from tests.packs.conftest import Q2

ROOT = Path(__file__).resolve().parents[2]


def started_running(pack, *, ago):
    """As a worker that claimed the pack `ago` and then died would leave it."""
    then = timezone.now() - ago
    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RUNNING, attempts=1, lease_expires_at=then + dt.timedelta(seconds=600)
    )
    DBTaskResult.objects.filter(id=pack.task_result_id).update(status="RUNNING", started_at=then)


@pytest.fixture
def pack(pack_world, borough, editor):
    return pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)


def test_a_running_pack_within_its_lease_is_left_alone(pack):
    started_running(pack, ago=dt.timedelta(seconds=30))

    assert packs_reap_expired() == 0
    assert BoardPack.objects.get(pk=pack.pk).status == PackStatus.RUNNING


def test_a_pack_whose_lease_lapsed_is_queued_again_with_a_new_task(pack):
    started_running(pack, ago=dt.timedelta(seconds=601))
    first_task = pack.task_result_id

    assert packs_reap_expired() == 1

    pack.refresh_from_db()
    assert pack.status == PackStatus.QUEUED
    assert pack.task_result_id != first_task
    assert DBTaskResult.objects.get(id=first_task).status == "FAILED"
    again = DBTaskResult.objects.get(id=pack.task_result_id)
    assert again.status == "READY" and again.args_kwargs["kwargs"]["attempt"] == 2


def test_a_pack_whose_second_lease_lapsed_is_failed(pack):
    started_running(pack, ago=dt.timedelta(seconds=601))
    BoardPack.objects.filter(pk=pack.pk).update(attempts=2)

    assert packs_reap_expired() == 1

    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert pack.error_message.startswith("LeaseExpired: No word from the worker")


def test_health_reports_a_task_running_past_its_lease_as_stuck(client, pack):
    started_running(pack, ago=dt.timedelta(seconds=601))

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "stuck"


def test_watching_a_pack_whose_worker_died_retries_it(client, viewer, pack):
    started_running(pack, ago=dt.timedelta(seconds=601))
    client.force_login(viewer)

    status = client.get(reverse("pack_status", args=[pack.pk])).json()

    assert status["status"] == "queued"
    page = client.get(reverse("pack_detail", args=[pack.pk])).content.decode()
    assert "The first try did not finish" in page


def test_a_failed_pack_shows_users_a_plain_message_and_no_exception(client, viewer, pack):
    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.FAILED,
        error_message="OSError: [Errno 2] No such file: '/srv/sendplan/fonts/arial.ttf'",
    )
    client.force_login(viewer)

    page = client.get(reverse("pack_detail", args=[pack.pk])).content.decode()

    assert "Something went wrong while the pack was being made" in page
    assert "/srv/sendplan" not in page and "OSError" not in page


def test_the_admin_shows_a_failed_packs_details(admin_client, pack):
    BoardPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.FAILED, error_message="OSError: /srv/sendplan/fonts"
    )

    page = admin_client.get(reverse("admin:reports_boardpack_change", args=[pack.pk]))

    assert "OSError: /srv/sendplan/fonts" in page.content.decode()


# --- a real worker, really killed ------------------------------------------------------

SETUP = """
import django; django.setup()
from django.contrib.auth import get_user_model
from boroughs.models import Borough, Membership, Role
from sendplan.periods import ReportingPeriod
from reports.services import pack_request
borough = Borough.objects.create(name="Hackney", slug="hackney")
user = get_user_model().objects.create_user("editor", password="x" * 16)
Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
print(pack_request(borough=borough, period=ReportingPeriod(2025, 2), user=user).pk)
"""

# A real db_worker, its rendering slowed so there is time to kill it mid-pack.
SLOW_WORKER = """
import time, django; django.setup()
import reports.generation as generation
real = generation.render_pdf
def slow(html, **kwargs):
    open(__import__("os").environ["RENDERING_FLAG"], "w").close()
    time.sleep(60)
    return real(html, **kwargs)
generation.render_pdf = slow
from django.core.management import call_command
call_command("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")
"""


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """An empty, migrated database file, made once and copied for each real-worker test."""
    folder = tmp_path_factory.mktemp("migrated")
    env = child_env(folder, 600)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return folder / "worker.sqlite3"


def child_env(tmp_path, lease):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sendplan.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASK_LEASE_SECONDS": str(lease),
        "RENDERING_FLAG": str(tmp_path / "rendering"),
    }


def pack_row(tmp_path, pk):
    with sqlite3.connect(tmp_path / "worker.sqlite3") as db:
        return db.execute(
            "SELECT status, attempts FROM reports_boardpack WHERE id = ?", (pk,)
        ).fetchone()


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=False)
def test_killing_a_real_worker_mid_pack_ends_in_a_retried_pack_after_the_lease(
    tmp_path, migrated_sqlite
):
    lease = 3
    env = child_env(tmp_path, lease)
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    shutil.copy(migrated_sqlite, tmp_path / "worker.sqlite3")
    pk = int(subprocess.run([sys.executable, "-c", SETUP], **run).stdout.strip())

    worker = subprocess.Popen([sys.executable, "-c", SLOW_WORKER], cwd=ROOT, env=env)
    try:
        assert wait_for(lambda: Path(env["RENDERING_FLAG"]).exists(), 60), "never started"
        assert pack_row(tmp_path, pk) == ("running", 1)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        killed_at = time.monotonic()
    finally:
        if worker.poll() is None:
            worker.kill()

    # Within the lease the pack is still (truly) running; nothing is decided early.
    assert pack_row(tmp_path, pk) == ("running", 1)
    time.sleep(lease + 0.5)
    # cron runs `manage.py reap_lost_work` (a watched pack is reaped by its page too).
    reaped = subprocess.run([sys.executable, "manage.py", "reap_lost_work"], **run)
    assert "Board packs reaped: 1" in reaped.stdout
    assert pack_row(tmp_path, pk) == ("queued", 1)

    # A worker started again makes the pack on its second attempt.
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
        **run,
    )
    assert pack_row(tmp_path, pk) == ("ready", 2)
    assert time.monotonic() - killed_at < lease + 60


# A pack already on its last attempt (its first was lost), and the worker's lease reaper
# queued as `manage.py schedule_daily_work` queues it.
SETUP_LAST_ATTEMPT = (
    SETUP.replace("print(pack_request", "pack = (pack_request").replace(".pk)\n", ")\n")
    + """
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from reports.models import BoardPack
from reports.tasks import generate_board_pack
DBTaskResult.objects.all().delete()
BoardPack.objects.filter(pk=pack.pk).update(attempts=1)
result = generate_board_pack.enqueue(pack_id=pack.pk, attempt=2)
BoardPack.objects.filter(pk=pack.pk).update(task_result_id=str(result.id))
call_command("schedule_daily_work", verbosity=0)
print(pack.pk)
"""
)
WORKER = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"]


def reaper_runs(tmp_path):
    with sqlite3.connect(tmp_path / "worker.sqlite3") as db:
        return db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'reports.tasks.reap_lost_work' AND status = 'SUCCESSFUL'"
        ).fetchone()[0]


@pytest.mark.django_db(transaction=False)
def test_a_worker_killed_mid_pack_has_its_pack_failed_by_another_worker_with_no_page_open(
    tmp_path, migrated_sqlite
):
    lease = 6
    env = child_env(tmp_path, lease)
    run = {"cwd": ROOT, "env": env, "check": True, "capture_output": True, "text": True}
    shutil.copy(migrated_sqlite, tmp_path / "worker.sqlite3")
    pk = int(subprocess.run([sys.executable, "-c", SETUP_LAST_ATTEMPT], **run).stdout.split()[-1])

    doomed = subprocess.Popen([sys.executable, "-c", SLOW_WORKER], cwd=ROOT, env=env)
    other = None
    try:
        assert wait_for(lambda: Path(env["RENDERING_FLAG"]).exists(), 60), "never started"
        assert pack_row(tmp_path, pk) == ("running", 2)
        # A second, healthy worker: it runs the reaper on its schedule, and nothing else.
        other = subprocess.Popen([*WORKER, "--interval", "0.2"], cwd=ROOT, env=env)
        assert wait_for(lambda: reaper_runs(tmp_path) >= 1, 60), "the reaper never ran"
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        killed_at = time.monotonic()

        # No page is open and no cron runs: the other worker fails it within two leases.
        failed = wait_for(lambda: pack_row(tmp_path, pk)[0] == "failed", 2 * lease)
        elapsed = time.monotonic() - killed_at
    finally:
        for worker in (doomed, other):
            if worker is not None and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=20)

    assert failed, f"still {pack_row(tmp_path, pk)} {elapsed:.1f}s after the kill"
    assert pack_row(tmp_path, pk) == ("failed", 2)
    with sqlite3.connect(tmp_path / "worker.sqlite3") as db:
        [message] = db.execute(
            "SELECT error_message FROM reports_boardpack WHERE id = ?", (pk,)
        ).fetchone()
    assert message.startswith("LeaseExpired: No word from the worker within the 6s lease")


# --- cross-borough packs ----------------------------------------------------------------


@pytest.fixture
def cross_pack(pack_world, borough, other_borough, django_user_model):
    from boroughs.models import Membership
    from reports.cross_services import cross_pack_request

    member = django_user_model.objects.create_user(username="icb", password="x" * 20)
    Membership.objects.create(user=member, borough=borough, role="viewer")
    Membership.objects.create(user=member, borough=other_borough, role="viewer")
    pack = cross_pack_request(boroughs=[borough, other_borough], period=Q2, user=member)
    return pack, member


def cross_started_running(pack, *, ago):
    from reports.models import CrossBoroughPack

    then = timezone.now() - ago
    CrossBoroughPack.objects.filter(pk=pack.pk).update(
        status=PackStatus.RUNNING, attempts=1, lease_expires_at=then + dt.timedelta(seconds=600)
    )
    DBTaskResult.objects.filter(id=pack.task_result_id).update(status="RUNNING", started_at=then)


def test_a_cross_borough_pack_whose_worker_died_is_failed_by_the_reaper(cross_pack):
    from reports.cross_services import cross_packs_reap_expired

    pack, _ = cross_pack
    cross_started_running(pack, ago=dt.timedelta(seconds=30))
    assert cross_packs_reap_expired() == 0

    cross_started_running(pack, ago=dt.timedelta(seconds=601))
    assert cross_packs_reap_expired() == 1

    pack.refresh_from_db()
    assert pack.status == PackStatus.FAILED
    assert pack.lease_expires_at is None
    assert pack.error_message.startswith("LeaseExpired: No word from the worker")
    assert DBTaskResult.objects.get(id=pack.task_result_id).status == "FAILED"


def test_watching_a_cross_borough_pack_whose_worker_died_says_so_plainly(client, cross_pack):
    pack, member = cross_pack
    cross_started_running(pack, ago=dt.timedelta(seconds=601))
    client.force_login(member)

    status = client.get(reverse("cross_pack_status", args=[pack.pk])).json()

    assert (status["status"], status["finished"]) == ("failed", True)
    page = client.get(reverse("cross_pack_detail", args=[pack.pk])).content.decode()
    assert "Something went wrong while the pack was being made" in page
    assert "LeaseExpired" not in page


def test_the_cross_borough_progress_page_polls_instead_of_refreshing(client, cross_pack):
    pack, member = cross_pack
    client.force_login(member)

    page = client.get(reverse("cross_pack_detail", args=[pack.pk])).content.decode()

    assert 'http-equiv="refresh"' not in page
    assert 'aria-live="polite"' in page
    assert reverse("cross_pack_status", args=[pack.pk]) in page
    assert client.get(reverse("cross_pack_status", args=[pack.pk])).json()["status"] == "queued"


def test_a_reaper_whose_worker_died_does_not_stop_a_new_one_being_queued(db):
    from reports.tasks import reap_lost_work, reaper_ensure_queued

    # Given the reaper's own task, RUNNING since long before its lease ran out
    reap_lost_work.enqueue()
    then = timezone.now() - dt.timedelta(hours=2)
    DBTaskResult.objects.filter(task_path=reap_lost_work.module_path).update(
        status="RUNNING", started_at=then
    )

    # Then the daily work queues a new reaper, and a second call does not queue another
    assert reaper_ensure_queued() is True
    assert reaper_ensure_queued() is False
    waiting = DBTaskResult.objects.filter(task_path=reap_lost_work.module_path, status="READY")
    assert waiting.count() == 1
