"""An open round's progress rows for the pages that read them on every request, through
SQL compiled once a process (sendplan/fixed_sql.py): home and the borough's dashboard
count every action's (what round_progress(round, round_actions(round, light=True),
light=True) gives), and the action page shows its own action's (action_progress).

Compiling the two queries (the round's actions, and each one's latest update in the
quarter, a window function) cost home and the dashboard more CPU than running them.
The rules stay in round_selectors.py (`in_round`, `updates_in_quarter`,
`latest_of_each`); this module only builds its queries from them.

`KnownOpenRound` carries the open round and those rows from the page that read them to
the round panels (governance/templatetags/rounds.py), so they are read once a page.
"""

import datetime as dt
from types import SimpleNamespace
from typing import NamedTuple

from governance import round_selectors as rounds
from governance.models import ReportingRound
from sendplan.fixed_sql import FixedQuery


class KnownOpenRound(NamedTuple):
    """A borough's open round as a page has read it already (home does), put in its
    context as `open_round` so the round panels (governance/templatetags/rounds.py) ask
    the database no more: the round (None: none is open) and, when read, every one of
    its progress rows (round_progress, light)."""

    borough_id: int
    round: ReportingRound | None
    rows: list | None = None


def round_progress_light(reporting_round, *, today):
    """round_progress's light rows for every action the round asks an update for."""
    period = reporting_round.period
    borough_id = reporting_round.borough_id
    actions = rounds.light_actions(_round_actions.rows(borough_id, period.start))
    states = _latest_states.rows(borough_id, period.start, period.end, reporting_round.opened_at)
    updates = {pk: SimpleNamespace(review_state=state) for pk, state in states}
    late_after = reporting_round.update_deadline
    return [rounds.progress_row(a, updates.get(a.pk), late_after, today) for a in actions]


def action_progress(reporting_round, action, *, today):
    """round_progress's row for one action already read (the action's page), or None
    when the round does not ask it for an update. Two small queries: whether it is in
    the round, and its latest update in the quarter (no window function for one action)."""
    period, borough_id = reporting_round.period, reporting_round.borough_id
    if not _action_in_round.rows(borough_id, period.start, action.pk):
        return None
    found = _latest_update(action.pk, period.start, period.end, reporting_round.opened_at)
    latest = found[0] if found else None
    if latest is not None:
        latest.action = action
    return rounds.progress_row(action, latest, reporting_round.update_deadline, today)


def _in_round(borough_id, period_start):
    from actions.models import Action

    return rounds.in_round(Action.objects.all(), borough_id, period_start)


@FixedQuery.with_kinds(int, dt.date)
def _round_actions(borough_id, period_start):
    return _in_round(borough_id, period_start).values_list(*rounds.LIGHT_FIELDS)


@FixedQuery.with_kinds(int, dt.date, dt.date, dt.datetime)
def _latest_states(borough_id, start, end, opened_at):
    in_round = _in_round(borough_id, start).values("pk")
    updates = rounds.updates_in_quarter(start, end, opened_at).filter(action_id__in=in_round)
    return rounds.latest_of_each(updates).values_list("action_id", "review_state")


@FixedQuery.with_kinds(int, dt.date, int)
def _action_in_round(borough_id, period_start, action_id):
    return _in_round(borough_id, period_start).filter(pk=action_id).values_list("pk")[:1]


@FixedQuery.with_kinds(int, dt.date, dt.date, dt.datetime)
def _latest_update(action_id, start, end, opened_at):
    updates = rounds.updates_in_quarter(start, end, opened_at).filter(action_id=action_id)
    updates = updates.select_related("reviewed_by", "author")
    return updates.order_by("-date", "-created_at", "-id")[:1]
