"""Leases on background work: a task whose worker died is noticed, not waited on forever.

django-tasks' database worker marks a task RUNNING when it starts it and SUCCESSFUL or
FAILED when it ends. A worker killed in between (out of memory, a deploy, a reboot)
leaves the row RUNNING for ever. Anything RUNNING for longer than TASK_LEASE_SECONDS
is taken to be lost: /health/ reports it, and `fail_lost_task_results` closes it.
Each kind of work decides for itself whether to retry (reports.services does for packs).
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone


def lease():
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def lost_task_results(now=None):
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease())


def fail_lost_task_results(*, ids=None, now=None):
    """Mark lost tasks FAILED, saying why; returns how many."""
    lost = lost_task_results(now)
    if ids is not None:
        lost = lost.filter(id__in=list(ids))
    return lost.update(
        status="FAILED",
        finished_at=now or timezone.now(),
        exception_class_path="sendplan.tasks.LeaseExpired",
        traceback=(
            f"No result within the {settings.TASK_LEASE_SECONDS}s lease: the worker "
            "running this task stopped (killed, out of memory or restarted)."
        ),
    )
