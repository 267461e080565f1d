"""The grid step: a file's first rows, every sheet, as the admin sees them to say how
the file is laid out (header row, what each column means, heading rows, sheets).

`read_grid` runs in the reading child (isolated.read_grid_isolated) after the same
shape check as the reader; it returns only the first rows' text, cut short. The
choices come back as a layout (layout.py) through `layout_from_post`.
"""

import csv
import io
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from actions.spreadsheets.columns import MAPPABLE
from actions.spreadsheets.layout import LEVELS
from actions.spreadsheets.reader import UnreadableFile, sniff
from actions.spreadsheets.safety import Limits, Refused
from actions.spreadsheets.workbook_shape import scan_workbook

GRID_ROWS = 30
GRID_COLUMNS = 26
CELL_CHARS = 120


@dataclass
class GridSheet:
    name: str
    rows: list  # [[text, ...]] of the first GRID_ROWS rows, GRID_COLUMNS columns
    merged: list = field(default_factory=list)  # ((row, column), (row, column)), 1-based rows
    width: int = 0


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = " ".join(str(value).split())
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _grid(name, rows, merged=()):
    rows = [[_cell(c) for c in row[:GRID_COLUMNS]] for row in rows[:GRID_ROWS]]
    width = max((len(r) for r in rows), default=0)
    while width and not any(len(r) >= width and r[width - 1] for r in rows):
        width -= 1
    rows = [(r + [""] * width)[:width] for r in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    return GridSheet(name=name, rows=rows, merged=list(merged), width=width)


def read_grid(data):
    """[GridSheet] for every sheet of the file; UnreadableFile as the reader refuses."""
    kind = sniff(data)
    if kind == "csv":
        text = data.decode("utf-8-sig")
        limits = Limits.from_settings()
        rows = []
        try:
            for cells in csv.reader(io.StringIO(text, newline="")):
                rows.append(cells)
                if len(rows) >= GRID_ROWS or len(cells) > limits.columns:
                    break
        except csv.Error as error:
            raise UnreadableFile("The CSV file could not be read.") from error
        return [_grid("", rows)]
    try:
        scan_workbook(data, kind)
    except Refused as error:
        raise UnreadableFile(error.message) from error
    found = []
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)[:GRID_ROWS]
            ranges = sheet.merged_cell_ranges or []
            merged = [((r1 + 1, c1), (r2 + 1, c2)) for (r1, c1), (r2, c2) in ranges]
            found.append(_grid(name, rows, merged))
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableFile("The workbook could not be read: it may be damaged.") from error
    return found


def layout_from_post(post, sheets):
    """The layout the grid form's answers describe (cleaned again by clean_layout)."""
    layout = {"sheets": {}, "read": []}
    for index, sheet in enumerate(sheets):
        prefix = f"s{index}-"
        if post.get(f"{prefix}read", "") != "yes":
            continue
        layout["read"].append(sheet.name)
        chosen = {"columns": {}, "headings": {}}
        header = post.get(f"{prefix}header", "")
        if header.isdigit():
            chosen["header_row"] = int(header)
        for column in range(sheet.width):
            meaning = post.get(f"{prefix}c{column}", "auto")
            if meaning == "ignore":
                chosen["columns"][str(column)] = ""
            elif meaning in MAPPABLE:
                chosen["columns"][str(column)] = meaning
        for number in range(1, len(sheet.rows) + 1):
            level = post.get(f"{prefix}r{number}", "")
            if level in LEVELS:
                chosen["headings"][str(number)] = level
        layout["sheets"][sheet.name] = chosen
    return layout


def layout_choices(layout):
    """How many choices a layout holds: the grid journey promises at most five."""
    count = 0
    for chosen in (layout.get("sheets") or {}).values():
        count += bool(chosen.get("header_row"))
        count += len(chosen.get("columns") or {}) + len(chosen.get("headings") or {})
    return count
