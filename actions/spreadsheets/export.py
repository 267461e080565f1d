"""A plan as a spreadsheet in the template's layout, which imports back unchanged.

Every text cell goes through safety.neutralise on every path (xlsx, csv, web, CLI),
so text starting with =, +, -, @, a tab or a carriage return cannot run as a
formula when a partner opens the file; the import strips that apostrophe again.
"""

import re

import tablib

from actions.models import RAGB, LeadAgency, Objective, Priority
from actions.spreadsheets.columns import TEMPLATE_COLUMNS
from actions.spreadsheets.safety import neutralise
from actions.spreadsheets.selectors import plan_export_queryset
from actions.spreadsheets.template import instruction_rows

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# Characters an .xlsx cannot hold at all (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
COLUMN_WIDTH = 28


def _action_row(priority, objective, action):
    owners = "; ".join(p.name for p in action.owners.all())
    tags = "; ".join(t.name for t in action.tags.all())
    timescale = action.timescale or action.due_date or ""
    return [
        priority.number,
        priority.title,
        objective.number if objective else "",
        objective.title if objective else "",
        objective.description if objective else "",
        action.reference,
        action.description,
        LeadAgency(action.lead_agency).label if action.lead_agency else "",
        owners,
        timescale,
        RAGB(action.status).label if action.status else "",
        action.status_narrative,
        action.next_steps,
        tags,
    ]


def plan_rows(plan):
    """The plan's rows in reading order, before neutralising. Four queries."""
    priorities = list(Priority.objects.filter(plan=plan).order_by("position", "id"))
    objectives = list(
        Objective.objects.filter(priority__plan=plan).order_by("priority_id", "position", "id")
    )
    grouped = {}
    for action in plan_export_queryset().filter(plan=plan):
        grouped.setdefault((action.priority_id, action.objective_id), []).append(action)
    by_priority = {}
    for objective in objectives:
        by_priority.setdefault(objective.priority_id, []).append(objective)
    rows = []
    for priority in priorities:
        own = grouped.pop((priority.pk, None), [])
        rows += [_action_row(priority, None, a) for a in own]
        children = by_priority.get(priority.pk, [])
        for objective in children:
            actions = grouped.pop((priority.pk, objective.pk), [])
            if not actions:
                rows.append([*_action_row_empty(priority, objective)])
            rows += [_action_row(priority, objective, a) for a in actions]
        if not own and not children:
            rows.append([*_action_row_empty(priority, None)])
    # An action whose objective sits under another priority still gets exported.
    for actions in grouped.values():
        for action in actions:
            rows.append(_action_row(action.priority, action.objective, action))
    return rows


def _action_row_empty(priority, objective):
    row = [""] * len(TEMPLATE_COLUMNS)
    row[0], row[1] = priority.number, priority.title
    if objective is not None:
        row[2], row[3], row[4] = objective.number, objective.title, objective.description
    return row


def safe_cell(value):
    if isinstance(value, str):
        return neutralise(_ILLEGAL.sub("", value))
    return value


def xlsx_cell(value):
    """A safe cell for .xlsx, where a raw carriage return would come back as a line feed.

    OOXML writes it as _x000D_, which Excel and calamine read back as the character.
    """
    value = safe_cell(value)
    return value.replace("\r", "_x000D_") if isinstance(value, str) else value


def _dataset(rows, cell=safe_cell):
    dataset = tablib.Dataset(headers=TEMPLATE_COLUMNS, title="Plan")
    for row in rows:
        dataset.append([cell(v) for v in row])
    return dataset


def _workbook(rows):
    instructions = tablib.Dataset(title="Instructions")
    for row in instruction_rows():
        instructions.append([xlsx_cell(v) for v in row])
    book = tablib.Databook([_dataset(rows, xlsx_cell), instructions])
    return book.export("xlsx", column_width=COLUMN_WIDTH)


def export_plan(plan, fmt):
    """(bytes, content type, file name) for the plan as .xlsx or .csv."""
    rows = plan_rows(plan)
    if fmt == "csv":
        # The byte-order mark tells Excel the file is UTF-8.
        data = ("\ufeff" + _dataset(rows).export("csv")).encode("utf-8")
    elif fmt == "xlsx":
        data = _workbook(rows)
    else:
        raise ValueError(f"Unknown export format {fmt!r}")
    return data, FORMATS[fmt], f"{plan.slug}.{fmt}"


def template_workbook():
    """The empty template, with its instructions sheet."""
    return _workbook([])
