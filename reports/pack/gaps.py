"""Why a pack is empty or partial, in words, for its page one and the board's page.

A pack shows the plans as they stood at the quarter's end, as recorded by its round's
close. A plan the borough holds now can be missing for two reasons: its history starts
after the quarter (it reports from a later day), or it was recorded after a final pack's
round closed. Actions can be there without a rating for the quarter. Each reason is
one sentence naming what to do.
"""

from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from actions.models import Plan
from actions.rows import long_date
from governance.board_selectors import board_scope
from governance.round_selectors import recorded_by, round_for
from reports.pack.snapshot import plans_as_at
from sendplan.periods import ReportingPeriod


def _missing_plans(*, borough, board, shown, when, recorded_by):
    """Plans held now that the pack leaves out (not in `shown`), each with why. One query."""
    first = (
        Plan.history.model.objects.filter(id=OuterRef("pk"))
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values("first")
    )
    plans = (
        Plan.objects.filter(borough=borough)
        .exclude(id__in=list(shown))
        .annotate(first=Subquery(first))
    )
    if board is not None:
        plans = board_scope(board).plans_held_now(plans)
    reasons = []
    for plan in plans.order_by("title", "id"):
        first = plan.first
        if first is not None and first > when:
            first = timezone.localtime(first).date()
            quarter = ReportingPeriod.containing(first)
            reasons.append(
                f"“{plan.title}” reports from {long_date(first)}, after this quarter "
                f"ended: its first pack is for {quarter.label}."
            )
        elif plan.recorded_at is not None and plan.recorded_at > recorded_by:
            recorded = long_date(timezone.localdate(plan.recorded_at))
            reasons.append(
                f"“{plan.title}” was recorded on {recorded}, after "
                "this quarter’s reporting round closed: a final pack shows only what was "
                "recorded by its close."
            )
    return reasons


def _nothing(period):
    return (
        f"This pack has nothing to show: no plan was recorded as at {long_date(period.end)}. "
        "Import or build a plan, or ask for the pack of a later quarter."
    )


def before_asking(*, borough, board, period, now):
    """What the board's page says before a pack for `period` is asked for: why it
    would be empty or leave plans out. A few queries; the pack itself says more."""
    when = period.end_datetime()
    cutoff = recorded_by(round_for(borough=borough, period=period, board=board), now)
    shown = {p.id for p in plans_as_at(borough, when, cutoff)}
    reasons = _missing_plans(
        borough=borough, board=board, shown=shown, when=when, recorded_by=cutoff
    )
    if not shown:
        reasons.insert(0, _nothing(period))
    return reasons


def section(snap):
    """[sentence]: why the pack shows nothing, or less than the borough holds."""
    reasons = _missing_plans(
        borough=snap.borough,
        board=snap.board if snap.scope is not None else None,
        shown=snap.plan_by_id,
        when=snap.when,
        recorded_by=snap.recorded_by,
    )
    end = long_date(snap.period.end)
    if not snap.plans:
        reasons.insert(0, _nothing(snap.period))
    elif not snap.actions:
        reasons.insert(0, f"This pack has nothing to show: its plans had no actions at {end}.")
    else:
        unrated = sum(1 for a in snap.actions if not a.status)
        if unrated:
            reasons.append(
                f"{unrated} of {len(snap.actions)} actions have no rating reported on or "
                f"before {end}: open a reporting round for {snap.period.label} and ask for "
                "their updates."
            )
    return reasons
