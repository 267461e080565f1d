"""Illustrative reporting rounds for the demo quarters (governance/demo.py calls this).

Each demo borough gets a round for every demo quarter: final for all but the latest,
closed six weeks after the quarter ended; the latest stays open, so officers see their
updates due and the pack for it is a draft. Every round is marked illustrative.

One borough (REVIEW_BOROUGH) reviews its updates: in its open round one update waits
for review, one has been approved and one returned with a comment.
"""

import datetime as dt

from django.utils import timezone

from actions.models import Action, ReviewState, StatusUpdate
from actions.ragb import RAGB
from actions.rounds_services import UpdateRow, update_approve, update_return, updates_record
from boroughs.models import Borough, Role
from governance.models import ReportingRound
from governance.round_services import borough_review_set, round_finalise, round_open
from sendplan.periods import DEFAULT_TIMEZONE

CLOSE_AFTER = dt.timedelta(days=45)
REVIEW_BOROUGH = "hillingdon"
PREFIX = "Illustrative: "
# (rating, narrative, what the reviewer does, the reviewer's comment)
REVIEWED_UPDATES = [
    (RAGB.AMBER, "Recruitment to the two posts is under way; start dates not yet agreed.",
     None, ""),
    (RAGB.GREEN, "Delivered as planned this quarter; evidence shared with the lead.",
     "approve", ""),
    (RAGB.GREEN, "On track.", "return",
     "Please say what was delivered this quarter and add the evidence for Green."),
]  # fmt: skip


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


def add_demo_review(report, users, *, today=None):
    """REVIEW_BOROUGH reviews its updates; its open round shows each review state once."""
    today = today or timezone.localdate()
    borough = Borough.objects.filter(slug=REVIEW_BOROUGH).first()
    open_round = (
        ReportingRound.objects.filter(borough=borough, board__isnull=True)
        .exclude(status=ReportingRound.Status.FINAL)
        .order_by("-period_year", "-period_quarter")
        .first()
    )
    if borough is None or open_round is None:
        return
    quarter = open_round.period
    written = _at(quarter.end + dt.timedelta(days=10))
    reviewed = written + dt.timedelta(days=2)
    already = StatusUpdate.objects.filter(action__plan__borough=borough).exclude(
        review_state=ReviewState.NOT_REVIEWED
    )
    if reviewed.date() >= today or already.exists():
        return
    borough_review_set(
        borough=borough, user=None, updates_need_review=True, at=open_round.opened_at
    )
    rated = StatusUpdate.objects.filter(
        action__plan__borough=borough, date__gte=quarter.start, date__lte=quarter.end
    ).values("action_id")
    due = (
        Action.objects.filter(plan__borough=borough)
        .exclude(status=RAGB.BLUE)
        .exclude(pk__in=rated)
        .order_by("plan_id", "position", "pk")[: len(REVIEWED_UPDATES)]
    )
    editor = users[borough.slug][Role.EDITOR]
    admin = users[borough.slug][Role.ADMIN]
    for action, (status, narrative, decision, comment) in zip(due, REVIEWED_UPDATES, strict=False):
        (update,) = updates_record(
            user=editor,
            rows=[
                UpdateRow(
                    action=action,
                    expected_version=action.version,
                    status=status,
                    narrative=PREFIX + narrative,
                )
            ],
            date=quarter.end,
            review=True,
            source=StatusUpdate.Source.DEMO,
            recorded_at=written,
            is_illustrative=True,
        )
        if decision == "approve":
            update_approve(update=update, user=admin, at=reviewed)
        elif decision == "return":
            update_return(update=update, user=admin, comment=PREFIX + comment, at=reviewed)
        report.add("illustrative reviewed updates")
