"""Close work whose task worker died: `python manage.py reap_lost_work` (from cron).

Board packs still running after TASK_LEASE_SECONDS are queued once more (a worker
will pick them up) or, on their last attempt, marked failed; cross-borough packs are
marked failed; any other task still running after the lease is marked failed. Exits 0
and says how many it closed.
"""

from django.core.management.base import BaseCommand

from reports.cross_services import cross_packs_reap_expired
from reports.tasks import reap_lost_packs
from sendplan.tasks import fail_lost_task_results


class Command(BaseCommand):
    help = "Retry or fail board packs and tasks whose worker stopped mid-way."

    def handle(self, *args, **options):
        packs = reap_lost_packs()
        cross = cross_packs_reap_expired()
        others = fail_lost_task_results()
        self.stdout.write(
            f"Board packs reaped: {packs}. Cross-borough packs failed: {cross}. "
            f"Other lost tasks closed: {others}."
        )
