"""Reads of reporting rounds: which round a pack belongs to, and updates due in it."""

import datetime as dt
from types import SimpleNamespace

from django.db.models import Q

from boroughs.models import Borough
from governance.models import ReportingRound, RoundStatus
from sendplan.fixed_sql import FixedQuery


def round_queryset():
    return ReportingRound.objects.select_related("borough", "board", "meeting", "opened_by")


def rounds_for_user(user, *, role="viewer"):
    return round_queryset().visible_to(user, role)


def round_for(*, borough, period, board=None):
    """The round a pack for (borough, board, period) belongs to, or None.

    A board with a round of its own uses it; otherwise the borough's round applies.
    """
    rounds = round_queryset().filter(
        borough=borough, period_year=period.year, period_quarter=period.quarter
    )
    if board is not None:
        rounds = rounds.filter(Q(board=board) | Q(board__isnull=True)).order_by("board_id")
        # NULLs sort first on SQLite and last on PostgreSQL: pick explicitly.
        found = list(rounds)
        return next((r for r in found if r.board_id), found[0] if found else None)
    return rounds.filter(board__isnull=True).first()


def pack_is_draft(borough, period, board=None):
    """A pack is a draft while its quarter's round is still open or in review."""
    reporting_round = round_for(borough=borough, period=period, board=board)
    return reporting_round is not None and reporting_round.status != RoundStatus.FINAL


def recorded_by(reporting_round, now):
    """The instant up to which recorded updates count: the round's close, or now."""
    if reporting_round is not None and reporting_round.status == RoundStatus.FINAL:
        return reporting_round.closed_at
    return now


# --- Updates due in a round ---------------------------------------------------------

DONE, WAITING, RETURNED, NOT_STARTED = "done", "waiting", "returned", "not_started"
STATE_LABELS = {
    DONE: "Done",
    WAITING: "Waiting for review",
    RETURNED: "Returned for changes",
    NOT_STARTED: "Not started",
}


def open_round_for(borough):
    """The borough's round that is taking updates now (the newest not yet final), or None.

    The round alone: its board, meeting and opener are not read with it (round_queryset()
    reads them), and its borough only when given as a Borough."""
    if borough is None:
        return None
    # Asked on most pages (home, the action page, the dashboard): the round alone, without
    # round_queryset()'s four joins, its SQL compiled once a process (sendplan/fixed_sql.py),
    # since compiling it cost more CPU than running it. The borough is the one given, so
    # reading it costs nothing either.
    found = next(iter(_open_round(getattr(borough, "pk", borough))), None)
    if found is not None and isinstance(borough, Borough):
        found.borough = borough
    return found


@FixedQuery
def _open_round(borough_id):
    return (
        ReportingRound.objects.filter(borough_id=borough_id, board__isnull=True)
        .exclude(status=RoundStatus.FINAL)
        .order_by("-period_year", "-period_quarter")[:1]
    )


def open_round_summary(borough):
    """The borough's open round as actions.open_round.OpenRound (the hook behind the
    default date of updates made from actions' own pages and imports), or None."""
    from actions.open_round import OpenRound

    reporting_round = open_round_for(borough)
    if reporting_round is None:
        return None
    return OpenRound(
        pk=reporting_round.pk,
        label=reporting_round.period.label,
        report_date=reporting_round.period.end,
        update_deadline=reporting_round.update_deadline,
    )


def round_actions(reporting_round, *, light=False):
    """The actions a round asks updates for: its borough's open plans' actions, less those
    completed before the quarter began. Plan order.

    "Completed before" is read from when the Blue rating reports on (its rated-on day),
    else its completion date: an update saved in the round reports on the quarter's end,
    so the round's count of actions is the same before and after a save.

    `light`: the plain queryset, without action_queryset()'s joins and prefetches, for
    callers that read only ids or values from it (round_progress(light=True), exists()),
    as the home page and dashboard do on every request.
    """
    from actions.models import Action
    from actions.selectors import action_queryset

    actions = Action.objects.all() if light else action_queryset()
    return in_round(actions, reporting_round.borough_id, reporting_round.period.start)


def in_round(actions, borough_id, period_start):
    """Those of `actions` that a round of the borough `borough_id` for the quarter that
    begins on `period_start` asks updates for (round_actions' rule), in plan order."""
    from actions.models import RAGB

    return (
        actions.filter(plan__borough_id=borough_id)
        .exclude(plan__status="closed")
        .exclude(
            Q(status=RAGB.BLUE)
            & (
                Q(status_date__lt=period_start)
                | Q(status_date__isnull=True, completed_on__lt=period_start)
            )
        )
        .order_by("plan__title", "plan_id", "priority__position", "position", "id")
    )


def _mine_or_returned(user_id, start, end):
    """Actions the user must act on in a round of the quarter `start`-`end`, as a Q:
    those they look after (a named owner, or the action's editor), and any whose update
    for the quarter they wrote and a reviewer returned, whoever owns the action."""
    from actions.models import Action, ReviewState, StatusUpdate

    returned = StatusUpdate.objects.filter(
        author_id=user_id,
        review_state=ReviewState.RETURNED,
        date__gte=start,
        date__lte=end,
    ).values("action_id")
    owned = Action.owners.through.objects.filter(person__user_id=user_id).values("action_id")
    return Q(editor_id=user_id) | Q(id__in=owned) | Q(id__in=returned)


def mine_in_round(reporting_round, user, *, light=False):
    """The round's actions `user` must act on (_mine_or_returned). `light` as for
    round_actions."""
    in_round = round_actions(reporting_round, light=light)
    period = reporting_round.period
    return in_round.filter(_mine_or_returned(user.pk, period.start, period.end))


def my_action_ids(reporting_round, user):
    """The ids of the round's borough's actions `user` must act on, in the round or not:
    for a page that has the round's rows already and keeps those with these ids."""
    period = reporting_round.period
    rows = _my_action_ids.rows(reporting_round.borough_id, user.pk, period.start, period.end)
    return {pk for (pk,) in rows}


def _my_actions_in_borough(borough_id, user_id, start, end):
    from actions.models import Action

    mine = _mine_or_returned(user_id, start, end)
    return Action.objects.filter(plan__borough_id=borough_id).filter(mine).values_list("pk")


# On home with a round open, every request: compiled once a process (sendplan/fixed_sql.py).
_my_action_ids = FixedQuery(_my_actions_in_borough, kinds=(int, int, dt.date, dt.date))


def quarter_updates(reporting_round, action_ids, *, light=False):
    """{action_id: the latest update reporting on a day in the round's quarter}.

    A rating imported before the round opened (a plan's dated history) is what the round
    starts from, not an officer's update for it; one imported after it opened (a borough
    that reports by spreadsheet) is. One query; the database picks each action's latest
    (a window function), so the cost does not grow with how many times an action was
    updated in the quarter. `light`: each update read as its review state only (an
    object with `review_state`), for counts; `action_ids` may then be a subquery.
    """
    ranked = latest_of_each(_updates_in_quarter(reporting_round).filter(action_id__in=action_ids))
    if light:
        pairs = ranked.values_list("action_id", "review_state")
        return {action_id: SimpleNamespace(review_state=state) for action_id, state in pairs}
    return {update.action_id: update for update in ranked.select_related("reviewed_by", "author")}


def latest_of_each(updates):
    """Each action's latest of `updates`, by the day it reports on, then when recorded."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    return (
        updates.annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("action_id")],
                order_by=[F("date").desc(), F("created_at").desc(), F("id").desc()],
            )
        )
        .filter(row=1)
        .order_by()  # one row an action: StatusUpdate's default order would only add joins
    )


def _updates_in_quarter(reporting_round):
    period = reporting_round.period
    return updates_in_quarter(period.start, period.end, reporting_round.opened_at)


def updates_in_quarter(start, end, opened_at):
    """The updates that count in a round of the quarter `start`-`end` opened at
    `opened_at`: reporting on a day in its quarter, less ratings imported before the
    round opened (quarter_updates)."""
    from actions.models import StatusUpdate

    return StatusUpdate.objects.filter(date__gte=start, date__lte=end).exclude(
        source=StatusUpdate.Source.IMPORT, created_at__lt=opened_at
    )


class _Priority(SimpleNamespace):
    def __str__(self):  # as actions.models.Priority prints itself
        return f"{self.number}. {self.title}" if self.number else self.title


# What the counts and priority_progress read of each action (light_actions).
LIGHT_FIELDS = (
    "pk",
    "reference",
    "plan__title",
    "priority_id",
    "priority__number",
    "priority__title",
)


def _light_actions(actions):
    return light_actions(actions.values_list(*LIGHT_FIELDS))


def light_actions(rows):
    """The actions, from rows of LIGHT_FIELDS, as plain objects with what the counts and
    priority_progress read."""
    return [
        SimpleNamespace(
            pk=pk,
            reference=reference,
            plan=SimpleNamespace(title=plan_title),
            priority=_Priority(pk=priority_id, number=number, title=title),
        )
        for pk, reference, plan_title, priority_id, number, title in rows
    ]


def update_state(update):
    from actions.models import ReviewState

    if update is None:
        return NOT_STARTED
    return {ReviewState.SUBMITTED: WAITING, ReviewState.RETURNED: RETURNED}.get(
        update.review_state, DONE
    )


def round_progress(reporting_round, actions, *, today, light=False):
    """Each action with its quarter update, state and lateness, in the order given.

    `light`: the updates carry their review state only (quarter_updates), for pages that
    count states rather than show the updates."""
    if light and hasattr(actions, "values"):
        # The ids as a subquery: a list of hundreds of parameters costs more to send.
        updates = quarter_updates(reporting_round, actions.values("pk"), light=True)
        actions = _light_actions(actions)
    else:
        actions = list(actions)
        updates = quarter_updates(reporting_round, [a.pk for a in actions], light=light)
    late_after = reporting_round.update_deadline
    return [progress_row(a, updates.get(a.pk), late_after, today) for a in actions]


def progress_row(action, update, late_after, today):
    state = update_state(update)
    return {
        "action": action,
        "update": update,
        "state": state,
        "state_label": STATE_LABELS[state],
        "late": state in (NOT_STARTED, RETURNED) and today > late_after,
    }


def progress_summary(rows):
    """ "3 of 7 done": waiting for review counts as done for the officer."""
    done = sum(1 for r in rows if r["state"] in (DONE, WAITING))
    return {"done": done, "total": len(rows), "remaining": len(rows) - done}


def next_due(rows, *, after_action_id=None):
    """The next action in the list still needing its update (not started or returned).

    Starting out (no `after`), updates returned for changes come first.
    """
    if after_action_id is None:
        returned = next((r["action"] for r in rows if r["state"] == RETURNED), None)
        if returned is not None:
            return returned
    ids = [r["action"].pk for r in rows]
    start = ids.index(after_action_id) + 1 if after_action_id in ids else 0
    ordered = rows[start:] + rows[:start]
    for row in ordered:
        if row["state"] in (NOT_STARTED, RETURNED) and row["action"].pk != after_action_id:
            return row["action"]
    return None


_BLANK = {DONE: 0, WAITING: 0, RETURNED: 0, NOT_STARTED: 0, "late": 0, "total": 0}


def _add(table, key, label, row, **extra):
    entry = table.setdefault(key, {"label": label, **extra, **_BLANK})
    entry[row["state"]] += 1
    entry["late"] += row["late"]
    entry["total"] += 1


def dashboard(rows):
    """Per owner and per priority: done / waiting / returned / not started / late.

    An action counts once for each of its owners; owners without an account are kept
    (an editor updates on their behalf) and flagged.
    """
    owners = {}
    for row in rows:
        people = list(row["action"].owners.all())
        for person in people:
            _add(owners, person.pk, person.name, row, has_account=bool(person.user_id))
        if not people:
            _add(owners, None, "No named owner", row, has_account=False)
    return {
        "owners": sorted(owners.values(), key=lambda e: e["label"]),
        "priorities": priority_progress(rows),
    }


def priority_progress(rows):
    """Per priority, in the rows' order: done / waiting / returned / not started / late.
    Reads each action's plan and priority only (the light rows of round_progress are enough)."""
    priorities = {}
    for row in rows:
        action = row["action"]
        priority = action.priority
        _add(
            priorities,
            priority.pk,
            f"{action.plan.title}: {priority}",
            row,
            has_account=True,
            priority_id=priority.pk,
        )
    return list(priorities.values())


# --- Reviews waiting -------------------------------------------------------------


def review_queue(reporting_round, user, *, today):
    """The round's updates waiting for `user`'s review, in plan order: every waiting one
    for a borough admin, those of the priorities they lead for anyone else."""
    from boroughs.models import Role
    from boroughs.selectors import has_role

    actions = round_actions(reporting_round)
    if not has_role(user, reporting_round.borough, Role.ADMIN):
        actions = actions.filter(priority__lead=user)
    rows = round_progress(reporting_round, actions, today=today)
    return [row for row in rows if row["state"] == WAITING]


def next_in_queue(rows, *, after_update_id=None):
    """The first waiting update in the queue other than `after_update_id`, or None."""
    return next((r["update"] for r in rows if r["update"].pk != after_update_id), None)
