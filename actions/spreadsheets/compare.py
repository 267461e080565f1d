"""Compare what a file describes with what the plan holds, and word it row by row.

`compare` notes each matched item's changes; `describe` gives every row its messages
and outcome ("new", "update", "unchanged", "skipped", "error") for the preview.
"""

from actions import ragb
from actions.models import RAGB, LeadAgency
from actions.spreadsheets.items import ERROR, NEW, SKIPPED, UPDATE, short

# Cells whose blank leaves what the plan holds, unless the admin chose otherwise.
KEPT_WHEN_BLANK = (
    "status",
    "status_narrative",
    "next_steps",
    "lead_agency",
    "timescale",
    "accountable",
    "lead_organisation",
    "expected_impact",
)
# A rating's own words: a new rating never inherits the old rating's.
RATING_WORDS = ("status_narrative", "next_steps")

# What users call the fields an update changes.
FIELD_WORDS = {
    "title": "title",
    "number": "number",
    "description": "description",
    "priority": "priority",
    "objective": "objective",
    "lead_agency": "lead agency",
    "timescale": "timescale",
    "due_date": "due date",
    "status": "status",
    "status_narrative": "narrative",
    "next_steps": "next steps",
    "owners": "owners",
    "tags": "tags",
    "accountable": "accountable",
    "lead_organisation": "lead organisations",
    "expected_impact": "expected impact",
    "start_date": "start date",
    "completed_on": "date completed",
    "status_date": "rated on",
    "updates": "dated ratings",
    "milestones": "milestones",
}


LABELS = {**dict(RAGB.choices), **dict(LeadAgency.choices)}


def shown(value):
    """A field's value as the preview shows it."""
    if value in ("", None):
        return "(blank)"
    text = LABELS.get(value) if isinstance(value, str) and value in LABELS else str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def compare(result):
    state = result.state
    for item in result.priorities:
        if item.existing is not None:
            for name in ("number", "title", "description"):
                new = getattr(item, name)
                if new is not None and new != getattr(item.existing, name):
                    item.changes[name] = new
    for item in result.objectives:
        existing = item.existing
        if existing is None:
            continue
        wanted = {"title": item.title}
        if item.number is not None:
            wanted["number"] = item.number
        if item.description is not None:
            wanted["description"] = item.description
        for name, new in wanted.items():
            if new != getattr(existing, name):
                item.changes[name] = new
        if item.priority.existing is None or item.priority.existing.pk != existing.priority_id:
            item.changes["priority"] = item.priority
    people_ids = {key: p.pk for key, p in state.people.items()}
    rows = {(r.sheet, r.number): r for r in result.rows}
    for item in result.actions:
        existing = item.existing
        if existing is None:
            _check_narrative(item, None, rows)
            continue
        if not result.clear_blanks:
            _keep_blanks(item, existing, state)
        _check_narrative(item, existing, rows)
        for name, new in item.fields.items():
            if getattr(existing, name) != new:
                item.changes.append(name)
                item.diffs.append((FIELD_WORDS[name], shown(getattr(existing, name)), shown(new)))
        if item.priority.existing is None or item.priority.existing.pk != existing.priority_id:
            item.changes.append("priority")
        objective = item.objective
        if objective is None:
            moved = existing.objective_id is not None
        else:
            moved = objective.existing is None or objective.existing.pk != existing.objective_id
        if moved:
            item.changes.append("objective")
        if item.owners is not None:
            now = set(state.owner_links.get(existing.pk, {}))
            if {people_ids.get(k) for k in item.owners} != now:
                item.changes.append("owners")
        if item.tags is not None and set(item.tags) != set(state.tag_links.get(existing.pk, {})):
            item.changes.append("tags")
    for item in result.actions:
        _compare_updates(item, state)


def _compare_updates(item, state):
    """The dated updates the plan does not hold yet, or holds with other words."""
    for date, status, word, narrative in item.updates:
        held = state.updates.get((item.existing.pk, date)) if item.existing else None
        if held is None or held[:3] != (status, word, narrative):
            item.new_updates.append((date, status, word, narrative, held[3] if held else None))
    if item.existing is not None and item.new_updates:
        item.changes.append("updates")
        item.diffs.append(
            (
                "dated ratings",
                f"{len(item.updates) - len(item.new_updates)} held",
                f"{len(item.new_updates)} to add or correct",
            )
        )


def _diffs(item):
    """(what, old, new) for a priority's or objective's changed text fields."""
    return [
        (f"{FIELD_WORDS[name]}", shown(getattr(item.existing, name)), shown(new))
        for name, new in item.changes.items()
        if name != "priority"
    ]


def _keep_blanks(item, existing, state):
    """A blank cell leaves the plan's value; a new rating still gets its own words."""
    rating = item.fields.get("status") or existing.status
    new_rating = rating != existing.status
    for name in KEPT_WHEN_BLANK:
        if item.fields.get(name, None) == "" and getattr(existing, name):
            if new_rating and name in RATING_WORDS:
                continue
            if name == "timescale":
                if item.fields.get("due_date") is not None:
                    continue  # a date cell: the date replaces the words
                item.fields.pop("due_date", None)
            del item.fields[name]
    if item.owners == [] and state.owner_links.get(existing.pk):
        item.owners = None
    if item.tags == [] and state.tag_links.get(existing.pk):
        item.tags = None


def _check_narrative(item, existing, rows):
    """A Red or Amber (or a changed rating) with no narrative is warned about, not hidden."""
    status = item.fields.get("status")
    previous = existing.status if existing is not None else ""
    if not status or status == previous:
        return
    narrative = item.fields.get("status_narrative")
    if narrative is None:
        # No narrative column: the rating would otherwise carry the old rating's words.
        item.fields["status_narrative"] = ""
        narrative = ""
    problems = ragb.rating_problems(
        status=status, previous=previous, narrative=narrative, completed_on=None
    )
    if "narrative" in problems:
        rows[(item.sheet, item.row)].warnings.append(
            f"Action {item.reference} is rated {RAGB(status).label} with no narrative. "
            "It is imported without one and the action page shows that; add a narrative "
            "to the file, or to the action after importing."
        )


def describe(result):
    rows = {(r.sheet, r.number): r for r in result.rows}
    for item in result.objectives:
        row = rows[(item.sheet, item.row)]
        if item.existing is None:
            row.messages.append(f"New {item.label}.")
            row.settle(NEW)
        elif item.changes:
            words = ", ".join(FIELD_WORDS[n] for n in item.changes)
            row.messages.append(f"Updates {item.label}: {words}.")
            row.diffs += _diffs(item)
            row.settle(UPDATE)
        else:
            row.messages.append(f"No change to {item.label}.")
    by_row = {}
    for item in result.actions:
        by_row.setdefault((item.sheet, item.row), []).append(item)
    for number, items in by_row.items():
        row = rows[number]
        new = [i.reference for i in items if i.existing is None]
        if new:
            row.messages.append(f"New action{'s' if len(new) > 1 else ''} {', '.join(new)}.")
            row.settle(NEW)
        for i in items:
            if i.existing is not None and i.changes:
                words = ", ".join(FIELD_WORDS[n] for n in dict.fromkeys(i.changes))
                row.messages.append(f"Updates action {i.reference}: {words}.")
                row.diffs += [(f"{i.reference} {w}", old, new) for w, old, new in i.diffs]
                row.settle(UPDATE)
        same = [i.reference for i in items if i.existing is not None and not i.changes]
        if same:
            row.messages.append(f"No change to {', '.join(same)}.")
    for item in result.priorities:
        if item.existing is None:
            for row in result.rows:
                if row.priority is item:
                    row.messages.insert(0, f"New priority “{short(item.label)}”.")
                    row.settle(NEW)
        elif item.changes:
            words = ", ".join(FIELD_WORDS[n] for n in item.changes)
            first = next((r for r in result.rows if r.priority is item), None)
            if first is not None:
                first.messages.insert(0, f"Updates priority “{short(item.label)}”: {words}.")
                first.diffs += _diffs(item)
                first.settle(UPDATE)
    for row in result.rows:
        if row.errors:
            row.outcome = ERROR
        elif row.outcome == SKIPPED:
            continue
        elif not (row.references or row.objective or row.priority):
            row.outcome = SKIPPED
            if not row.warnings:
                row.messages.append("Nothing to import on this row.")
