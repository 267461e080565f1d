"""A borough admin's layout for a plan's file: what the grid step (grid.py) decided.

A layout says, per sheet: which row is the header, what any column means (a field, or
"" to ignore it), and which rows are headings ("priority", "objective", or "context":
text kept on the priority above). It may also name the sheets to read. The admin's
choice always wins over what the import would have found by words or shape.

`clean_layout` checks a layout from a form or a CLI file: anything else in it is
dropped, so a hand-edited file cannot make the reader do something else.
"""

from actions.spreadsheets.columns import MAPPABLE, normalise_header, read_headings

LEVELS = ("priority", "objective", "context")
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384


def _int(value, most):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number <= most else None


def clean_layout(raw):
    """A layout holding only what the reader understands; {} for anything unusable."""
    if not isinstance(raw, dict):
        return {}
    sheets = {}
    for name, chosen in (raw.get("sheets") or {}).items():
        if not isinstance(chosen, dict):
            continue
        sheet = {}
        header_row = _int(chosen.get("header_row"), MAX_ROW)
        if header_row:
            sheet["header_row"] = header_row
        columns = {}
        for index, meaning in (chosen.get("columns") or {}).items():
            column = _int(index, MAX_COLUMN)
            if column is not None and (meaning == "" or meaning in MAPPABLE):
                columns[str(column)] = meaning
        if columns:
            sheet["columns"] = columns
        headings = {}
        for number, level in (chosen.get("headings") or {}).items():
            row = _int(number, MAX_ROW)
            if row and level in LEVELS:
                headings[str(row)] = level
        if headings:
            sheet["headings"] = headings
        sheets[str(name)[:100]] = sheet
    found = {"sheets": sheets} if sheets else {}
    read = raw.get("read")
    if isinstance(read, list):
        found["read"] = [str(n)[:100] for n in read if isinstance(n, str)]
    return found


def sheet_layout(layout, name, only_sheet=False):
    """The layout's part for sheet `name`; a one-sheet layout fits a one-sheet file."""
    sheets = (layout or {}).get("sheets") or {}
    if name in sheets:
        return sheets[name]
    if only_sheet and len(sheets) == 1:
        return next(iter(sheets.values()))
    return None


def reads_sheet(layout, name):
    read = (layout or {}).get("read")
    return read is None or name in read


def header_from_layout(rows, chosen, mapping=None):
    """The HeaderMap the layout gives for a sheet's rows, or None without a header row."""
    number = chosen.get("header_row")
    if not number or number > len(rows):
        return None
    cells = rows[number - 1]
    headings = ["" if c is None else str(c).strip() for c in cells]
    header = read_headings(headings, number - 1, mapping)
    override_columns(header, chosen.get("columns") or {})
    return header


def override_columns(header, columns):
    """The admin's meaning of each column replaces whatever the words or shape said."""
    for index_text, meaning in columns.items():
        index = int(index_text)
        if index >= len(header.headings):
            continue
        for name, at in list(header.fields.items()):
            if at == index or name == meaning:
                del header.fields[name]
        header.agencies = [a for a in header.agencies if a.index != index]
        header.dated_status = [d for d in header.dated_status if d[0] != index]
        header.dated_progress = [d for d in header.dated_progress if d[0] != index]
        heading = header.headings[index]
        if heading in header.unknown:
            header.unknown.remove(heading)
        if meaning:
            header.fields[meaning] = index
        header.mapped[normalise_header(heading) or f"column {index + 1}"] = meaning


def heading_rows(chosen):
    """{spreadsheet row number: level} of the rows the admin marked as headings."""
    return {int(n): level for n, level in ((chosen or {}).get("headings") or {}).items()}


def describe_layout(layout):
    """The layout's choices in words, one a line, for the preview."""
    lines = []
    for name, chosen in ((layout or {}).get("sheets") or {}).items():
        where = f"Sheet “{name}”: " if name else ""
        if chosen.get("header_row"):
            lines.append(f"{where}the headings are on row {chosen['header_row']}.")
        for index, meaning in sorted((chosen.get("columns") or {}).items(), key=_by_number):
            said = MAPPABLE.get(meaning, "ignored") if meaning else "ignored"
            lines.append(f"{where}column {_letters(int(index))} is read as {said}.")
        for number, level in sorted((chosen.get("headings") or {}).items(), key=_by_number):
            lines.append(f"{where}row {number} is {LEVEL_WORDS[level]}.")
    read = (layout or {}).get("read")
    if read is not None:
        lines.append("Sheets read: " + (", ".join(f"“{n}”" for n in read) or "none") + ".")
    return lines


LEVEL_WORDS = {
    "priority": "a priority heading",
    "objective": "an objective heading",
    "context": "context, kept on the priority",
}


def _by_number(item):
    return int(item[0])


def _letters(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
