"""The daily work, run by the django-tasks worker (`python manage.py db_worker`).

`daily_work` opens the rounds for a quarter that has just ended and sends the day's
email digests, then queues itself for the next morning. `manage.py schedule_daily_work`
queues the first run (bin/run does it); running it again does not queue a second.
"""

import datetime as dt
import logging

from django.utils import timezone
from django_tasks import task

from governance import round_services as services
from reports import digests
from reports.tasks import reaper_ensure_queued

logger = logging.getLogger(__name__)
RUN_AT = dt.time(7, 0)  # digests arrive before the working day


def next_run(now):
    local = timezone.localtime(now)
    day = local.date() if local.time() < RUN_AT else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, RUN_AT, tzinfo=local.tzinfo)


def run_daily_work(*, today=None):
    opened = services.rounds_open_for_ended_quarters(today=today)
    sent = digests.digests_send(today=today)
    logger.info("Daily work: %s rounds opened, %s digests sent", len(opened), sent)
    return {"rounds_opened": len(opened), "digests_sent": sent}


@task()
def daily_work():
    try:
        return run_daily_work()
    finally:
        daily_work.using(run_after=next_run(timezone.now())).enqueue()
        # Should the lease reaper's chain have broken (its worker killed mid-run), the
        # next morning starts it again.
        reaper_ensure_queued()
