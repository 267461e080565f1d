"""Close work whose task worker died: `python manage.py reap_lost_work` (from cron).

Board packs still running after TASK_LEASE_SECONDS are queued once more (a worker
will pick them up) or, on their last attempt, marked failed; cross-borough packs are
marked failed; any other task still running after the lease is marked failed. Exits 0
and says how many it closed. The worker does the same by itself on a schedule
(reports.tasks.reap_lost_work); this command is for running it by hand or from cron.
"""

from django.core.management.base import BaseCommand

from reports.tasks import reap_all_lost_work


class Command(BaseCommand):
    help = "Retry or fail board packs and tasks whose worker stopped mid-way."

    def handle(self, *args, **options):
        reaped = reap_all_lost_work()
        self.stdout.write(
            f"Board packs reaped: {reaped['packs']}. Cross-borough packs failed: "
            f"{reaped['cross']}. Other lost tasks closed: {reaped['others']}."
        )
