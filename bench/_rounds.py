"""Final reporting rounds for the national dataset, and one public page per borough.

`bench/national.py rounds` (also the last step of `generate`) adds to an existing
national database, for every borough, the whole-borough ReportingRound of each of the
dataset's quarters that has none, as governance.round_services would have left it had
each round been run on time:

- opened the day after the quarter ended, by the scheduled task (no user; reason
  "Opened the <quarter> round"), updates due 20 days and reviews 30 days after the
  quarter's end (round_services.proposed_deadlines), for the board's first meeting
  after the review deadline;
- made final 45 days after the quarter's end (as the demo's rounds, governance/
  demo_rounds.py), straight from open as round_advance allows (the bench boroughs do
  not review updates), with no user (reason "Round final").

Each round gets both of its history rows, dated when each happened, as the services
write them (django-simple-history: "+" then "~"). A round whose close would be in the
future is left open, as a real one would be. The status updates already there were all
recorded by their quarter's end, so every final round agrees with them: its pack and
its public page show the latest update of the quarter (`check` says so for one borough).

Then each borough's SEND strategy is published on its public page through the
publishing service itself (reports.public.services.publication_set), which is
idempotent, so running this twice changes nothing.
"""

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction

from actions.models import Plan
from boroughs.models import Borough
from governance.models import Meeting, ReportingRound, RoundStatus
from governance.round_services import REVIEW_DAYS, UPDATE_DAYS
from reports.public.services import publication_set

CLOSE_AFTER = dt.timedelta(days=45)
OPENED_AT = dt.time(6, 0)  # the worker's daily task
CLOSED_AT = dt.time(17, 0)
PUBLISHED_KIND = Plan.Kind.STRATEGY


def _at(day, clock):
    return dt.datetime.combine(day, clock, tzinfo=dt.UTC)


def _first_meetings(borough_ids):
    """{borough id: [(date, meeting id)] in date order}: each borough's board meetings."""
    found = defaultdict(list)
    rows = Meeting.objects.filter(board__borough_id__in=borough_ids).order_by("date", "id")
    for borough_id, day, meeting_id in rows.values_list("board__borough_id", "date", "id"):
        found[borough_id].append((day, meeting_id))
    return found


def _round(borough_id, period, meetings, now):
    update_deadline = period.end + dt.timedelta(days=UPDATE_DAYS)
    review_deadline = update_deadline + dt.timedelta(days=REVIEW_DAYS)
    meeting = next((m for day, m in meetings if day > review_deadline), None)
    closes = _at(period.end + CLOSE_AFTER, CLOSED_AT)
    final = closes < now
    return ReportingRound(
        borough_id=borough_id,
        board=None,
        period_year=period.year,
        period_quarter=period.quarter,
        status=RoundStatus.FINAL if final else RoundStatus.OPEN,
        update_deadline=update_deadline,
        review_deadline=review_deadline,
        meeting_id=meeting,
        opened_at=_at(period.end + dt.timedelta(days=1), OPENED_AT),
        opened_by=None,
        closed_at=closes if final else None,
        closed_by=None,
        is_illustrative=False,
    )


def _history(reporting_round):
    """The round's history rows as round_open and round_advance write them."""
    historical = ReportingRound.history.model
    fields = [f.attname for f in ReportingRound._meta.concrete_fields]
    values = {name: getattr(reporting_round, name) for name in fields}
    label = reporting_round.period.label
    opened = dict(values, status=RoundStatus.OPEN, closed_at=None, closed_by_id=None)
    rows = [
        historical(
            **opened,
            history_date=reporting_round.opened_at,
            history_type="+",
            history_change_reason=f"Opened the {label} round",
            history_user=None,
        )
    ]
    if reporting_round.status == RoundStatus.FINAL:
        rows.append(
            historical(
                **values,
                history_date=reporting_round.closed_at,
                history_type="~",
                history_change_reason="Round final",
                history_user=None,
            )
        )
    return rows


@transaction.atomic
def add_rounds(quarters, *, now):
    """Each borough's missing whole-borough rounds for `quarters`; returns how many."""
    boroughs = list(Borough.objects.order_by("id").values_list("id", flat=True))
    meetings = _first_meetings(boroughs)
    existing = set(
        ReportingRound.objects.filter(board__isnull=True).values_list(
            "borough_id", "period_year", "period_quarter"
        )
    )
    new = [
        _round(borough_id, period, meetings[borough_id], now)
        for period in quarters
        for borough_id in boroughs
        if (borough_id, period.year, period.quarter) not in existing
    ]
    made = ReportingRound.objects.bulk_create(new)
    history = [row for r in made for row in _history(r)]
    # Appended in the order things happened, as a running installation appends them.
    history.sort(key=lambda h: (h.history_date, h.borough_id))
    ReportingRound.history.model.objects.bulk_create(history, batch_size=2000)
    return len(made), len(history)


def publish_strategies():
    """Publish each borough's SEND strategy; returns how many were switched on now."""
    switched = 0
    plans = Plan.objects.filter(kind=PUBLISHED_KIND).select_related("publication")
    for plan in plans.order_by("borough_id", "id"):
        publication = getattr(plan, "publication", None)
        if publication is not None and publication.is_published:
            continue
        publication_set(plan=plan, user=None, published=True)
        switched += 1
    return switched


def run(quarters, *, now, progress=print):
    rounds, history = add_rounds(quarters, now=now)
    progress(f"  reporting rounds: {rounds:,} added ({history:,} history rows)")
    published = publish_strategies()
    progress(f"  public pages: {published} plans published")
    with connection.cursor() as cursor:
        for table in (
            ReportingRound._meta.db_table,
            ReportingRound.history.model._meta.db_table,
            "reports_planpublication",
        ):
            cursor.execute(f'ANALYZE "{table}"')


def check(borough, plan_ids, periods):
    """For `borough`'s final rounds of `periods`: what the round counts (each action's
    update for the quarter recorded by its close, actions.selectors.actions_for_quarter)
    is the latest update of the quarter, so nothing was recorded after a round closed.
    Returns how many (round, action) pairs agreed; exits non-zero on a mismatch."""
    from actions.models import StatusUpdate
    from actions.selectors import actions_for_quarter

    rounds = ReportingRound.objects.filter(borough=borough, board__isnull=True, status="final")
    by_period = {(r.period_year, r.period_quarter): r for r in rounds}
    checked = 0
    for period in periods:
        reporting_round = by_period.get((period.year, period.quarter))
        if reporting_round is None:
            continue
        latest = dict(
            StatusUpdate.objects.filter(action__plan_id__in=plan_ids, date__lte=period.end)
            .order_by("action_id", "date", "created_at")
            .values_list("action_id", "status")
        )
        counted = actions_for_quarter(
            plan_ids=plan_ids,
            period_end=period.end,
            structure_at=period.end_datetime(),
            recorded_by=reporting_round.closed_at,
        )
        wrong = [a.id for a in counted if a.status != latest.get(a.id, "")]
        if wrong:
            raise SystemExit(f"the {period.label} round disagrees for actions {wrong[:5]}")
        checked += len(counted)
    return checked, len(by_period)
