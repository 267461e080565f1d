"""Background tasks (django-tasks). Run them with `python manage.py db_worker`."""

from django_tasks import task

from reports import generation


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
