"""Background tasks (django-tasks). Run them with `python manage.py db_worker`.

`reap_lost_work` is the worker's own watch on leases: it retries or fails packs (and
closes any other task) whose worker died, then queues itself again `reap_every()`
later, so lost work is ended with no page open and no cron. `manage.py
schedule_daily_work` (and each day's daily work) queues it if it is not queued.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from reports import generation
from sendplan.tasks import fail_lost_task_results, lost_task_results


@task()
def generate_board_pack(*, pack_id, attempt=1):
    """Make one queued board pack. Retries itself once on a transient error."""
    return generation.pack_run(pack_id=pack_id, attempt=attempt, retry=generate_board_pack.enqueue)


@task()
def generate_cross_borough_pack(*, pack_id):
    """Make one queued cross-borough pack."""
    from reports import cross_services

    return cross_services.cross_pack_run(pack_id=pack_id)


def reap_lost_packs(*, pk=None):
    """Retry (once) or fail packs whose worker died; see generation.packs_reap_expired."""
    return generation.packs_reap_expired(retry=generate_board_pack.enqueue, pk=pk)


def reap_all_lost_work():
    """Retry or fail board packs, fail cross-borough packs and close other tasks whose
    worker died; {"packs": n, "cross": n, "others": n}."""
    from reports.cross_services import cross_packs_reap_expired

    return {
        "packs": reap_lost_packs(),
        "cross": cross_packs_reap_expired(),
        "others": fail_lost_task_results(),
    }


def reap_every():
    """Half a lease, at most a minute: a lost pack is ended within about 1.5 leases."""
    return dt.timedelta(seconds=max(1, min(60, settings.TASK_LEASE_SECONDS // 2)))


@task()
def reap_lost_work():
    try:
        return reap_all_lost_work()
    finally:
        reap_lost_work.using(run_after=timezone.now() + reap_every()).enqueue()


def reaper_ensure_queued():
    """Queue the reaper unless it is already waiting; returns whether it queued one.

    A reaper whose worker died mid-run stays RUNNING past its lease and will never
    queue its successor, so it does not count as waiting: the new one reaps it.
    """
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=reap_lost_work.module_path, status__in=["READY", "RUNNING"]
    ).exclude(pk__in=lost_task_results().values("pk"))
    if waiting.exists():
        return False
    reap_lost_work.enqueue()
    return True
