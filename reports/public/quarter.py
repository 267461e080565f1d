"""What a plan's public page reads of its last final quarter: one query per kind of object.

The same reading a board pack makes of the quarter (reports/pack/snapshot.py,
actions.selectors.actions_for_quarter), narrowed to one plan and to what the page shows:

- the structure (the plan's priority label, its priorities, actions and their owners) as
  recorded at the quarter's end;
- each action's rating and narrative from its latest update reporting on or before the
  quarter's end and counted by the round's close (approved by then where the borough
  reviews); with none, the rating its history had then, unless that rating is about a
  later day;
- the same for the quarter before, as its own round left it (or as this one's close, if
  that round is not final), for the direction of travel;
- the measures as at the quarter's end, their links to national indicators and their
  values as recorded by the close.

Each instant is read from the audited history with a window function, in SQL
(reports/public/quarter_sql.py); the actions at both quarter ends come in one query, and
the updates for both quarters in another. An object whose history row at an instant is
its deletion is left out.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from actions import ragb
from actions.models import MeasureValue, Plan, Priority, SuccessMeasure
from actions.references import reference_sort_key
from governance.models import ReportingRound, RoundStatus
from reports.public import quarter_sql
from sendplan.periods import ReportingPeriod


@dataclass
class QuarterAction:
    """An action as the quarter's round left it, and its rating the quarter before."""

    id: int
    reference: str
    description: str
    priority_id: int | None
    due_date: date | None
    completed_on: date | None
    status: str
    narrative: str
    illustrative: bool
    owner_ids: tuple = ()
    # None: the action did not exist at the end of the quarter before.
    before: str | None = None
    position: int = 0


@dataclass
class Quarter:
    period: ReportingPeriod
    closed_at: datetime
    priority_label: str = ""
    priorities: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    measures: list = field(default_factory=list)


def _cutoffs(plan, final_id):
    """(the final round, the instant the quarter before counts updates by)."""
    rounds = ReportingRound.objects.filter(borough_id=plan.borough_id, board__isnull=True)
    rows = {r.pk: r for r in rounds.only("period_year", "period_quarter", "status", "closed_at")}
    final = rows[final_id]
    before = final.period.previous()
    key = (before.year, before.quarter)
    previous = next((r for r in rows.values() if (r.period_year, r.period_quarter) == key), None)
    if previous is not None and previous.status == RoundStatus.FINAL:
        return final, previous.closed_at
    return final, final.closed_at


def _plan_at(plan, when):
    """The plan's history row at `when` (its priority label and when it was recorded)."""
    fields = ("id", "priority_label", "recorded_at")
    return quarter_sql.latest(Plan, when, fields, "id", plan.pk).get(plan.pk)


def _latest(model, *, when, fields, **where):
    """{id: values of the object's history row at `when`}, deletions left out; `where`:
    one column, `name=value` or `name__in=[ids]` (reports/public/quarter_sql.py)."""
    ((name, value),) = where.items()
    return quarter_sql.latest(model, when, fields, name.removesuffix("__in"), value)


def _rated(row, update, end):
    """(status, narrative, completed on, illustrative) as actions_for_quarter reads them:
    the quarter's update, else the history's rating unless it is about a later day."""
    if update is not None:
        completed = row["completed_on"]
        if update["status"] == ragb.RAGB.BLUE:
            completed = update["completed_on"] or row["completed_on"] or update["date"]
        return update["status"], update["narrative"], completed, update["is_illustrative"]
    if row["status_date"] is not None and row["status_date"] > end:
        return "", "", row["completed_on"], False
    return row["status"], row["status_narrative"], row["completed_on"], False


def _actions(plan, period, cutoffs, priorities):
    """The plan's actions at the quarter's end, in the pack's order (priority, reference)."""
    before = period.previous()
    when = period.end_datetime()
    now, then = quarter_sql.action_rows(plan.pk, when, before.end_datetime())
    quarters = ((period.end, cutoffs[0]), (before.end, cutoffs[1]))
    updates, earlier = quarter_sql.updates(plan.pk, when, quarters)
    owners = quarter_sql.owners([row["history_id"] for row in now.values()])
    actions, end, end_before = [], period.end, before.end
    for action_id, row in now.items():
        status, narrative, completed, illustrative = _rated(row, updates.get(action_id), end)
        was = then.get(action_id)
        actions.append(
            QuarterAction(
                id=action_id,
                reference=row["reference"],
                description=row["description"],
                priority_id=row["priority_id"],
                due_date=row["due_date"],
                completed_on=completed,
                status=status,
                narrative=narrative,
                illustrative=illustrative,
                owner_ids=owners.get(row["history_id"], ()),
                before=None if was is None else _rated(was, earlier.get(action_id), end_before)[0],
                position=row["position"],
            )
        )
    actions.sort(key=lambda a: (a.position, a.id))
    place = {p["id"]: p["position"] for p in priorities}
    actions.sort(key=lambda a: (place.get(a.priority_id, 0), reference_sort_key(a.reference)))
    return actions


MEASURE_FIELDS = (
    "id",
    "priority_id",
    "description",
    "unit",
    "baseline",
    "target",
    "target_date",
    "direction",
    "position",
)


def _measures(plan, period, cutoff, priorities):
    """The plan's measures at the quarter's end, each with its link to a national
    indicator and its latest value dated by the quarter's end, as recorded by `cutoff`."""
    found = _latest(
        SuccessMeasure, when=period.end_datetime(), fields=MEASURE_FIELDS, plan_id=plan.pk
    )
    kept = {p["id"] for p in priorities}
    measures = [m for m in found.values() if not m["priority_id"] or m["priority_id"] in kept]
    measures.sort(key=lambda m: (m["position"], m["id"]))
    ids = [m["id"] for m in measures]
    if not ids:
        return []
    links = _latest(
        SuccessMeasure, when=cutoff, fields=("id", "indicator_id", "direction"), id__in=ids
    )
    values = _latest(
        MeasureValue,
        when=cutoff,
        fields=("id", "measure_id", "date", "value", "is_illustrative"),
        measure_id__in=ids,
    )
    latest = {}
    for value in sorted(values.values(), key=lambda v: (v["date"], v["id"])):
        if value["date"] <= period.end:
            latest[value["measure_id"]] = value
    for measure in measures:
        link = links.get(measure["id"])
        linked = link is not None and link["indicator_id"]
        measure["link"] = (link["indicator_id"], link["direction"]) if linked else None
        measure["latest"] = latest.get(measure["id"])
    return measures


def read_quarter(plan, final_id):
    """The plan as its borough's final round `final_id` left it (see the module)."""
    final, before_cutoff = _cutoffs(plan, final_id)
    period, cutoff = final.period, final.closed_at
    quarter = Quarter(period=period, closed_at=cutoff)
    when = period.end_datetime()
    at = _plan_at(plan, when)
    # An imported plan's history starts before it was recorded: a round closed before
    # then did not include it (reports.pack.snapshot.plans_as_at).
    if at is None or (at["recorded_at"] is not None and at["recorded_at"] > cutoff):
        return quarter
    quarter.priority_label = at["priority_label"]
    fields = ("id", "number", "title", "description", "position")
    priorities = _latest(Priority, when=when, fields=fields, plan_id=plan.pk).values()
    quarter.priorities = sorted(priorities, key=lambda p: (p["position"], p["id"]))
    quarter.actions = _actions(plan, period, (cutoff, before_cutoff), quarter.priorities)
    quarter.measures = _measures(plan, period, cutoff, quarter.priorities)
    return quarter
