"""The health check reports the database and the task worker."""

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def _queue_task(enqueued_minutes_ago):
    result = DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [], "kwargs": {}},
        task_path="reports.tasks.generate_pack",
        queue_name="default",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=enqueued_minutes_ago)
    )


def test_health_is_ok_with_a_database_and_an_empty_queue(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok"}
    assert body["worker"]["status"] == "ok"


def test_health_reports_a_stalled_worker_when_tasks_wait_too_long(client, db):
    _queue_task(enqueued_minutes_ago=30)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["worker"]["status"] == "stalled"


def test_a_freshly_queued_task_does_not_mark_the_worker_stalled(client, db):
    _queue_task(enqueued_minutes_ago=0)
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["worker"]["queued"] == 1


def test_health_needs_no_sign_in_and_shows_no_borough_data(client, db):
    body = client.get("/health/").content.decode()
    assert "borough" not in body.lower()
