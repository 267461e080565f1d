"""One pack's as-at view of a borough: the snapshot every section of the pack reads.

The structure (plans, priorities, actions, people) is as recorded at the quarter's end;
ratings and measure values are those reported for the quarter and recorded by the round's
close (or `as_of` while the round is open). The previous quarter is read the same way, so
each action's movement is known. Action rows (`rows`) are the plain data every section
shares, built once.
"""

from collections import Counter
from decimal import Decimal

from django.utils import timezone

from actions import ragb
from actions.models import Plan, Priority
from actions.references import reference_sort_key
from actions.selectors import actions_for_quarter
from boroughs.models import Person
from governance.board_selectors import board_scope
from governance.round_selectors import recorded_by, round_for
from sendplan.history import rows_as_at

# Statuses as they appear in content: "red", ..., "blue", "not_rated", in ragb.ORDER.
RATINGS = ragb.KEYS
MOVEMENTS = ["improved", "worsened", "new", "completed", "unchanged"]
ILLUSTRATIVE_PREFIX = "Illustrative:"


def iso(value):
    return value.isoformat() if value else None


def number(value):
    if value is None:
        return None
    value = Decimal(value)
    # 12.00 reads as 12 on a board paper; 12.50 keeps its decimals.
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def counts(statuses):
    counter = Counter(ragb.key(s) for s in statuses)
    result = {rating: counter.get(rating, 0) for rating in RATINGS}
    result["total"] = sum(counter.values())
    return result


def movement(before, after):
    if before is None or not before.status:
        return "new" if after.status else "unchanged"
    if after.status == before.status:
        return "unchanged"
    if ragb.is_completed(after.status):
        return "completed"
    return "improved" if ragb.RANK[after.status] > ragb.RANK[before.status] else "worsened"


def plans_as_at(borough, when, recorded_by):
    """The borough's plans as at `when`, among those recorded by `recorded_by`.

    An imported plan's history starts on the first day its file reports on, before it
    was recorded (Plan.recorded_at): a pack made final before then leaves it out.
    """
    return [
        p
        for p in rows_as_at(Plan, when=when, borough_id=borough.pk)
        if p.recorded_at is None or p.recorded_at <= recorded_by
    ]


def quarter_actions(borough, period, board, plan_ids, as_of):
    """Actions as a pack for `period` counts them: its own round's close, its own end."""
    cutoff = recorded_by(round_for(borough=borough, period=period, board=board), as_of)
    return actions_for_quarter(
        plan_ids=plan_ids,
        period_end=period.end,
        structure_at=period.end_datetime(),
        recorded_by=cutoff,
    )


class Snapshot:
    """A borough (or a board's share of it) as at the end of `period`. See the module."""

    def __init__(self, *, borough, period, board=None, as_of=None):
        self.borough, self.period, self.board = borough, period, board
        self.as_of = as_of or timezone.now()
        self.when = period.end_datetime()
        self.round = round_for(borough=borough, period=period, board=board)
        self.recorded_by = recorded_by(self.round, self.as_of)
        self._load(borough)
        self.scope = self._narrow_to_board()
        self.before = {
            a.id: a
            for a in quarter_actions(
                borough, period.previous(), board, list(self.plan_by_id), self.as_of
            )
            if a.id in self.action_by_id
        }
        self.actions.sort(key=self.sort_key)
        self.illustrative = {a.id for a in self.actions if a.update_is_illustrative}
        self.rows = {a.id: self._row(a) for a in self.actions}

    def _plans(self, borough):
        return plans_as_at(borough, self.when, self.recorded_by)

    def _people(self, borough):
        people = rows_as_at(Person, when=self.when, borough_id=borough.pk)
        # Names as written: a role reads as one ("Head of MISA"), and a label on each
        # would cost page one the room its attention rows need (page_one.py).
        return {p.id: p.name for p in people}

    def _load(self, borough):
        self.plans = self._plans(borough)
        self.plans.sort(key=lambda p: (p.title, p.id))
        plan_ids = [p.id for p in self.plans]
        self.plan_by_id = {p.id: p for p in self.plans}
        self.priorities = rows_as_at(Priority, when=self.when, plan_id__in=plan_ids)
        self.priorities.sort(key=lambda p: (p.plan_id, p.position, p.id))
        self.priority_by_id = {p.id: p for p in self.priorities}
        self.actions = actions_for_quarter(
            plan_ids=plan_ids,
            period_end=self.period.end,
            structure_at=self.when,
            recorded_by=self.recorded_by,
        )
        self.action_by_id = {a.id: a for a in self.actions}
        self.people = self._people(borough)

    def _narrow_to_board(self):
        """Keep what the board oversees (governance.board_selectors.BoardScope)."""
        scope = board_scope(self.board)
        if scope is None or scope.is_whole_borough:
            return None
        plans_kept = scope.plan_ids_in(self.plan_by_id, self.priorities)
        self.priorities = scope.priorities_in(self.priorities)
        keep = {p.id for p in self.priorities}
        self.plans = [p for p in self.plans if p.id in plans_kept]
        self.plan_by_id = {p.id: p for p in self.plans}
        self.priority_by_id = {p.id: p for p in self.priorities}
        self.actions = [a for a in self.actions if a.priority_id in keep]
        self.action_by_id = {a.id: a for a in self.actions}
        return {
            "plans": sorted(p.title for p in self.plans),
            "priorities": [
                f"{self.plan_by_id[p.plan_id].priority_label} {p.number}: {p.title}".strip()
                for p in self.priorities
                if p.plan_id not in scope.plan_ids
            ],
        }

    # --- reading one action -------------------------------------------------------------

    def plan_title(self, action):
        priority = self.priority_by_id.get(action.priority_id)
        return self.plan_by_id[priority.plan_id].title if priority else ""

    def priority_label(self, action):
        priority = self.priority_by_id.get(action.priority_id)
        if not priority:
            return ""
        plan = self.plan_by_id[priority.plan_id]
        return f"{plan.priority_label} {priority.number}".strip()

    def change_of(self, action):
        return movement(self.before.get(action.id), action)

    def sort_key(self, action):
        priority = self.priority_by_id.get(action.priority_id)
        return (
            self.plan_title(action),
            priority.position if priority else 0,
            reference_sort_key(action.reference),
        )

    def by_rating(self):
        """The actions Red first, then in plan order."""
        return sorted(self.actions, key=lambda a: (ragb.RANK[a.status], self.sort_key(a)))

    def is_overdue(self, action):
        return ragb.is_overdue(due_date=action.due_date, status=action.status, on=self.period.end)

    def _row(self, action):
        narrative = action.status_narrative
        # Demo narratives begin "Illustrative:"; the pack marks them once, not twice.
        marked = narrative.startswith(ILLUSTRATIVE_PREFIX)
        if marked:
            narrative = narrative.removeprefix(ILLUSTRATIVE_PREFIX).strip()
        was = self.before.get(action.id)
        return {
            "id": action.id,
            "reference": action.reference,
            "description": action.description,
            "plan": self.plan_title(action),
            "priority": self.priority_label(action),
            "status": ragb.key(action.status),
            "previous": ragb.key(was.status) if was else None,
            "change": self.change_of(action),
            "owners": [self.people[i] for i in action.owner_ids if i in self.people],
            "due_date": iso(action.due_date),
            "timescale": action.timescale,
            "completed_on": iso(action.completed_on),
            "rated_on": iso(action.status_date),
            "overdue": self.is_overdue(action),
            "narrative": narrative,
            "next_steps": action.next_steps,
            "illustrative": action.id in self.illustrative or marked,
        }

    @property
    def has_illustrative(self):
        return bool(self.illustrative) or any(
            a.status_narrative.startswith(ILLUSTRATIVE_PREFIX) for a in self.actions
        )
