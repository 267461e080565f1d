"""Milestones written in one cell: "1. By the end of June we will publish the offer
2. September 2024: launch the panel" become the action's milestones, with due dates.

Each line, or each numbered item ("1.", "2)") within a line, is one milestone. Its due
date is the date its words name (actions.timescales), or a month named without a
year ("by the end of June"), taken as the first such month on or after the plan's
start. A milestone the action already has (the same words) is left alone, so a
re-import adds nothing; milestones are never deleted by an import.
"""

import calendar
import datetime as dt
import re

from simple_history.utils import bulk_create_with_history

from actions.models import Milestone
from actions.spreadsheets import values
from actions.spreadsheets.columns import _MONTH, MONTHS
from actions.spreadsheets.owners import name_key
from actions.timescales import parse_timescale

_NUMBERED = re.compile(r"(?:^|\s)\(?\d{1,2}[.)]\s+")
BATCH = 500


def split_milestones(cell):
    """The milestones a cell lists, in order."""
    found = []
    for line in values.lines(cell):
        parts = [p.strip(" ;,-–•") for p in _NUMBERED.split(line)]
        found += [p for p in parts if p]
    return found


def due_date(text, period_start):
    """The date a milestone's words name, or None."""
    found = parse_timescale(text, period_start=period_start, period_end=None)
    if found is not None:
        return found
    match = _MONTH.search(text.lower())
    if match is None or match[2]:
        return None
    month = MONTHS[match[1]]
    year = period_start.year if month >= period_start.month else period_start.year + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def milestones_of(cell, period_start):
    """[(title, due date or None)] for a milestones cell."""
    return [(t[:2000], due_date(t, period_start)) for t in split_milestones(cell)]


def held_milestones(actions):
    """{action id: {name_key(title)}} of the milestones the existing actions hold."""
    ids = [a.pk for a in actions]
    held = {}
    for start in range(0, len(ids), 2000):
        rows = Milestone.objects.filter(action_id__in=ids[start : start + 2000])
        for action_id, title in rows.values_list("action_id", "title"):
            held.setdefault(action_id, set()).add(name_key(title))
    return held


def compare_milestones(result):
    """Each action item's milestones the plan does not hold yet (`new_milestones`)."""
    items = [i for i in result.actions if i.milestones]
    held = held_milestones([i.existing for i in items if i.existing is not None])
    for item in items:
        mine = held.get(item.existing.pk, set()) if item.existing is not None else set()
        item.new_milestones = [m for m in item.milestones if name_key(m[0]) not in mine]
        if item.existing is not None and item.new_milestones:
            item.changes.append("milestones")
            item.diffs.append(("milestones", "", f"{len(item.new_milestones)} to add"))


def write_milestones(result, history):
    new = []
    for item in result.actions:
        for position, (title, due) in enumerate(getattr(item, "new_milestones", ())):
            new.append(
                Milestone(action_id=item.obj.pk, title=title, due_date=due, position=position)
            )
    if new:
        bulk_create_with_history(new, Milestone, batch_size=BATCH, **history)
