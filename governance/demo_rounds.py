"""Illustrative reporting rounds for the demo quarters (governance/demo.py calls this).

Each demo borough gets a round for every demo quarter: final for all but the latest,
closed six weeks after the quarter ended; the latest stays open, so officers see their
updates due and the pack for it is a draft. Every round is marked illustrative.
"""

import datetime as dt

from django.utils import timezone

from boroughs.models import Borough
from governance.models import ReportingRound
from governance.round_services import round_finalise, round_open
from sendplan.periods import DEFAULT_TIMEZONE

CLOSE_AFTER = dt.timedelta(days=45)


def _at(day):
    return dt.datetime.combine(day, dt.time(17, 0), tzinfo=DEFAULT_TIMEZONE)


def add_demo_rounds(report, *, today=None):
    today = today or timezone.localdate()
    quarters = report.quarters
    for borough in Borough.objects.filter(plans__isnull=False).distinct().order_by("name"):
        for index, quarter in enumerate(quarters):
            exists = ReportingRound.objects.filter(
                borough=borough,
                board__isnull=True,
                period_year=quarter.year,
                period_quarter=quarter.quarter,
            ).exists()
            if exists or quarter.end >= today:
                continue
            reporting_round = round_open(
                borough=borough,
                period=quarter,
                user=None,
                update_deadline=quarter.end + dt.timedelta(days=20),
                review_deadline=quarter.end + dt.timedelta(days=30),
                opened_at=_at(quarter.end + dt.timedelta(days=1)),
                is_illustrative=True,
                today=today,
            )
            closes = quarter.end + CLOSE_AFTER
            if index < len(quarters) - 1 and closes < today:
                round_finalise(reporting_round=reporting_round, user=None, at=_at(closes))
            report.add("illustrative reporting rounds")
