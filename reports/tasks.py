"""Background tasks (django-tasks). Run them with `python manage.py db_worker`."""

from django_tasks import task

from reports import generation


@task()
def generate_board_pack(*, pack_id, attempt=1):
    """Make one queued board pack. Retries itself once on a transient error."""
    return generation.pack_run(pack_id=pack_id, attempt=attempt, retry=generate_board_pack.enqueue)
