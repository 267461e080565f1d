"""Queue the daily work (rounds and email digests) and the lease reaper for the worker,
or run the daily work now.

python manage.py schedule_daily_work          # queue it, unless it is queued already
python manage.py schedule_daily_work --now    # run it here (for cron instead of the worker)
"""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports import daily as tasks
from reports.tasks import reaper_ensure_queued


class Command(BaseCommand):
    help = "Queue the daily reporting-round and email work for the task worker, or run it now."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run it now, in this process.")

    def handle(self, *args, now=False, **options):
        if now:
            result = tasks.run_daily_work()
            self.stdout.write(
                f"Opened {result['rounds_opened']} rounds; sent {result['digests_sent']} digests."
            )
            return
        if reaper_ensure_queued():
            self.stdout.write("Queued the lease reaper (it queues itself again as it runs).")
        name = f"{tasks.daily_work.module_path}"
        waiting = DBTaskResult.objects.filter(task_path=name, status="READY").exists()
        if waiting:
            self.stdout.write("The daily work is already queued.")
            return
        when = tasks.next_run(timezone.now())
        tasks.daily_work.using(run_after=when).enqueue()
        self.stdout.write(f"Queued the daily work for {timezone.localtime(when):%d %B %Y %H:%M}.")
