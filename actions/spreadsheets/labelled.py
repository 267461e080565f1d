"""A column of labelled fields: one cell holding "Lead: Test Officer One", "By when:
March 2025", "Success measure: ..." on its lines.

Such a column is found by its cells (most of them have two or more lines whose label
names a field the import knows, by the same words as headings) or chosen by the admin
on the grid ("Several fields"). Each labelled field becomes a column of its own at the
end of the row, so the rest of the import reads it as if the file had that column; a
column the file already has for the field wins.
"""

import re

from actions.spreadsheets import values
from actions.spreadsheets.columns import _LOOKUP, contained_field, normalise_header

_LABELLED_LINE = re.compile(r"^\s*([A-Za-z][\w &/'’()-]{0,40}?)\s*[:–-]\s+(\S.*)$")
# The fields a labelled line may fill (never the action or reference: those are rows).
FIELDS = {
    "owners",
    "accountable",
    "lead_agency",
    "lead_organisation",
    "start_date",
    "timescale",
    "status",
    "narrative",
    "next_steps",
    "expected_impact",
    "success_measures",
    "milestones",
}


def field_of_label(label):
    key = normalise_header(label)
    name = _LOOKUP.get(key) or contained_field(key)
    return name if name in FIELDS else None


def labelled_values(cell):
    """{field: text} of a cell's labelled lines; an unlabelled line continues the one above."""
    found, current = {}, None
    for line in values.text(cell).splitlines():
        match = _LABELLED_LINE.match(line)
        name = field_of_label(match[1]) if match else None
        if name:
            current = name
            found[name] = match[2].strip()
        elif current and line.strip():
            found[current] = f"{found[current]}\n{line.strip()}"
    return found


def looks_labelled(cells):
    """Whether most non-empty cells of a column hold two or more labelled fields."""
    filled = [c for c in cells if values.text(c)]
    if not filled:
        return False
    labelled = sum(1 for c in filled if len(labelled_values(c)) >= 2)
    return labelled * 2 > len(filled)


def spread_labelled(header, rows):
    """Rows with each labelled column's fields added as columns of their own.

    Marks `header` (its `labelled` columns, the fields they add) so that a sheet is
    spread once. Returns the rows unchanged when there is nothing to spread.
    """
    if getattr(header, "spread", False):
        return rows
    header.spread = True
    columns = [i for i, _ in header.unknown_columns() if looks_labelled(_column(rows, i))]
    chosen = header.fields.pop("labelled", None)
    if chosen is not None:
        columns.append(chosen)
    if not columns:
        return rows
    added = {}
    spread = []
    for number, cells in rows:
        extra = {}
        for index in columns:
            value = cells[index] if index < len(cells) else None
            for name, text in labelled_values(value).items():
                extra.setdefault(name, text)
        for name in extra:
            if name not in added and name not in header.fields:
                added[name] = len(header.headings)
                header.headings.append(f"{name.replace('_', ' ').capitalize()} (labelled)")
                header.fields[name] = added[name]
        width = len(header.headings)
        cells = [*cells, *[None] * (width - len(cells))][:width]
        for name, text in extra.items():
            if added.get(name) is not None:
                cells[added[name]] = text
        spread.append((number, cells))
    for index in columns:
        heading = header.headings[index]
        if heading in header.unknown:
            header.unknown.remove(heading)
        header.mapped[normalise_header(heading) or f"column {index + 1}"] = "labelled"
    return spread


def _column(rows, index):
    return [cells[index] if index < len(cells) else None for _, cells in rows[:30]]
