"""A health check for load balancers and monitoring: the database and the task worker.

It answers without signing in and says nothing about any borough's data.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sendplan.tasks import lost_task_results

# A task that has waited this long means no worker is taking work off the queue.
WORKER_STALL_AFTER = timedelta(minutes=5)


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"status": "error", "detail": exc.__class__.__name__}
    return {"status": "ok"}


def _worker():
    from django_tasks_db.models import DBTaskResult

    try:
        waiting = DBTaskResult.objects.filter(status="READY").order_by("enqueued_at").first()
        last = (
            DBTaskResult.objects.filter(finished_at__isnull=False)
            .order_by("-finished_at")
            .values_list("finished_at", flat=True)
            .first()
        )
    except DatabaseError:
        return {"status": "unknown", "detail": "task table unavailable"}
    report = {"last_finished": last.isoformat() if last else None}
    lost = lost_task_results().count()
    if lost:
        return {
            **report,
            "status": "stuck",
            "detail": (
                f"{lost} task(s) running longer than the {settings.TASK_LEASE_SECONDS}s lease"
            ),
        }
    if waiting and timezone.now() - waiting.enqueued_at > WORKER_STALL_AFTER:
        age = int((timezone.now() - waiting.enqueued_at).total_seconds())
        return {**report, "status": "stalled", "detail": f"oldest queued task waiting {age}s"}
    return {**report, "status": "ok", "queued": DBTaskResult.objects.filter(status="READY").count()}


@never_cache
@require_GET
def health(request):
    checks = {"database": _database()}
    checks["worker"] = _worker() if checks["database"]["status"] == "ok" else {"status": "unknown"}
    healthy = all(c["status"] == "ok" for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
