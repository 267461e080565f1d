"""Tell what kind of file was uploaded (by its content, never its name) and read its rows.

.xlsx and .ods are read with python-calamine, which is many times faster than
openpyxl on large sheets; CSV with the standard library. Every sheet with a
header row (recognised by its words, columns.match_header, or else by the table's
shape, shape.find_by_shape) is read, wherever the header sits in it; sheets with
content but no table are named so the import can warn of them.
"""

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from python_calamine import CalamineError, CalamineWorkbook

from actions.spreadsheets.columns import HeaderMap, match_header
from actions.spreadsheets.layout import (
    header_from_layout,
    heading_rows,
    override_columns,
    reads_sheet,
    sheet_layout,
)
from actions.spreadsheets.safety import Limits, Refused
from actions.spreadsheets.shape import find_by_shape
from actions.spreadsheets.workbook_shape import scan_workbook

# How far down each sheet a header row is looked for.
HEADER_SEARCH_ROWS = 50
# A zip that unpacks to many times its size is a "zip bomb", not a plan.
MAX_UNPACK_RATIO = 40

TRY_AGAIN = "Download the template to see the columns the import reads."


class UnreadableFile(Exception):
    """The upload cannot be read as a plan at all. The message is for the user."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class NoTable(UnreadableFile):
    """The file reads, but no sheet has a table the import can place by itself: the
    admin can say where it is on the grid (grid.py) rather than edit the file."""


@dataclass
class Sheet:
    kind: str  # "xlsx", "ods" or "csv"
    name: str
    header: HeaderMap
    rows: list  # [(spreadsheet row number, [cell, ...])], after the header
    formula_cells: set = field(default_factory=set)  # {(row number, column index)}
    delimiter: str = ""
    titles: list = field(default_factory=list)  # text of the rows above the header
    # Merged ranges as ((first row number, first column), (last row number, last column)).
    merged: list = field(default_factory=list)
    heading_rows: dict = field(default_factory=dict)  # row number -> level, from a layout
    title_rows: list = field(default_factory=list)  # [(row number, text)] above the header


@dataclass
class Workbook:
    """Every sheet with a recognised table, and the names of the sheets without one."""

    kind: str
    sheets: list
    skipped: list = field(default_factory=list)


def max_bytes():
    return settings.IMPORT_MAX_BYTES


def sniff(data):
    """ "xlsx", "ods" or "csv", judged from the bytes; UnreadableFile otherwise."""
    if not data:
        raise UnreadableFile("The file is empty.")
    limit = max_bytes()
    if len(data) > limit:
        raise UnreadableFile(
            f"The file is {filesizeformat(len(data))}, larger than the "
            f"{filesizeformat(limit)} limit. Remove images and unused sheets, or split "
            "the plan into smaller files."
        )
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data, limit)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnreadableFile(
            "This is an Excel 97-2003 (.xls) file or a password-protected workbook. "
            "Save it as an Excel workbook (.xlsx) without a password and upload it again."
        )
    if data.startswith(b"%PDF"):
        raise UnreadableFile("This file is a PDF, not a spreadsheet. Upload .xlsx, .ods or .csv.")
    head = data[:4096]
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        raise UnreadableFile(
            "This file is a web page (HTML) with a spreadsheet's name. Open it in Excel "
            "or LibreOffice, save it as .xlsx and upload it again."
        )
    if b"\x00" in head:
        raise UnreadableFile("This file is not a spreadsheet. Upload .xlsx, .ods or .csv.")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            "This CSV file is not saved as UTF-8, so its accented letters and symbols "
            "(such as £ or é) would be garbled. In Excel choose Save As, then "
            '"CSV UTF-8 (Comma delimited)", and upload it again.'
        ) from error
    return "csv"


def _sniff_zip(data, limit):
    damaged = UnreadableFile(
        "The file could not be opened: it may be damaged or only partly uploaded. "
        "Open it in Excel or LibreOffice, save it again and upload the new copy."
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        # Sizes are checked before any entry is read: a `mimetype` of gigabytes is not.
        if unpacked > limit * MAX_UNPACK_RATIO:
            raise UnreadableFile("The workbook is too large once unpacked to be a plan.")
        mimetype = b""
        if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
            with archive.open("mimetype") as stream:
                mimetype = stream.read(100)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise damaged from error
    if "xl/workbook.xml" in names and "[Content_Types].xml" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    if "word/document.xml" in names or mimetype.startswith(
        b"application/vnd.oasis.opendocument.text"
    ):
        raise UnreadableFile(
            "This file is a word-processor document, not a spreadsheet. Copy the table "
            "into a spreadsheet, or download the template, and upload that."
        )
    raise UnreadableFile(
        "This file is a zip archive, not a spreadsheet. Upload .xlsx, .ods or .csv."
    )


def read_sheet(data, mapping=None):
    """The plan's rows from the first sheet with a recognised header row."""
    return read_workbook(data, mapping).sheets[0]


def read_workbook(data, mapping=None, layout=None):
    """Every sheet with a recognised header row (a CSV is one sheet).

    `mapping` is the borough's saved {normalised heading: field} for headings the
    import does not know by itself (columns.match_header); `layout` the admin's
    layout for this plan's file (layout.py), which wins over both words and shape.
    """
    kind = sniff(data)
    if kind == "csv":
        return Workbook(kind="csv", sheets=[_read_csv(data, mapping, layout)])
    return _read_workbook(data, kind, mapping, layout)


def _clean(value):
    # calamine gives every number as a float and empty cells as "".
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date()
    return value


def _find_header(rows, mapping=None):
    """The header row by its words (columns.match_header) or else by the table's shape."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        header = match_header(cells, index, mapping)
        if header:
            return header
    return find_by_shape(rows, mapping, HEADER_SEARCH_ROWS)


def _table(rows, name, mapping, layout, only_sheet):
    """(header, the layout's heading rows) for a sheet's rows; header None: no table."""
    chosen = sheet_layout(layout, name, only_sheet)
    if chosen and chosen.get("header_row"):
        return header_from_layout(rows, chosen, mapping), heading_rows(chosen)
    header = _find_header(rows, mapping)
    if header is not None and chosen:
        override_columns(header, chosen.get("columns") or {})
    return header, heading_rows(chosen)


def _titles(rows):
    """[(row number, text)] of the non-empty rows given (those above the header)."""
    found = []
    for number, row in enumerate(rows, start=1):
        text = " ".join(str(c).strip() for c in row if c is not None and str(c).strip())
        if text:
            found.append((number, text))
    return found


def _read_workbook(data, kind, mapping=None, layout=None):
    # The shape is checked in the XML first: the library would allocate whatever a
    # hostile file declares. Then sheets are loaded one at a time and each sheet's raw
    # rows let go once its table is taken out, so memory holds at most one raw sheet
    # within the limits beside the tables already read.
    try:
        formulas = scan_workbook(data, kind)
    except Refused as error:
        raise UnreadableFile(error.message) from error
    anything = False
    found = Workbook(kind=kind, sheets=[])
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        only_sheet = len(workbook.sheet_names) == 1
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            content = any(any(c not in ("", None) for c in row) for row in rows)
            anything = anything or content
            header, headings = None, {}
            if reads_sheet(layout, name):
                header, headings = _table(rows, name, mapping, layout, only_sheet)
            if header is None:
                if content:
                    found.skipped.append(name)
                continue
            body = [
                (number, [_clean(c) for c in cells])
                for number, cells in enumerate(
                    rows[header.row_index + 1 :], start=header.row_index + 2
                )
            ]
            titles = _titles(rows[: header.row_index])
            del rows
            found.sheets.append(
                Sheet(
                    kind=kind,
                    name=name,
                    header=header,
                    rows=body,
                    formula_cells=formulas.get(name, set()),
                    titles=[t for _, t in titles],
                    title_rows=titles,
                    merged=_merged(sheet),
                    heading_rows=headings,
                )
            )
    except (CalamineError, ValueError, OSError) as error:
        raise UnreadableFile(
            "The workbook could not be read: it may be damaged. Open it in Excel or "
            "LibreOffice, save it again and upload the new copy."
        ) from error
    if not anything:
        raise UnreadableFile("The workbook is empty: none of its sheets has anything in it.")
    if not found.sheets:
        raise _no_header()
    return found


def _merged(sheet):
    """The sheet's merged ranges in spreadsheet row numbers (1-based) and column indexes."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except (CalamineError, ValueError, AttributeError):
        return []
    return [((r1 + 1, c1), (r2 + 1, c2)) for (r1, c1), (r2, c2) in ranges]


def _no_header():
    return NoTable(
        "No header row was found. No sheet has a row of column headings followed by "
        "rows of the plan's text. The import reads a row of headings such as Ref, Action, Who and "
        f"Timescale above the plan's rows. {TRY_AGAIN}"
    )


def _csv_rows(text, delimiter, limits):
    rows = []
    for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(cells)
        if len(rows) > limits.rows or len(cells) > limits.columns:
            raise UnreadableFile(
                f"The file has more than {limits.rows:,} rows or {limits.columns:,} columns, "
                "more than an import reads. Delete the unused rows and columns, or split "
                "the plan into smaller files."
            )
    return rows


def _read_csv(data, mapping=None, layout=None):
    text = data.decode("utf-8-sig")
    limits = Limits.from_settings()
    best = None
    for delimiter in (",", ";"):
        try:
            rows = _csv_rows(text, delimiter, limits)
        except csv.Error as error:
            raise UnreadableFile(
                f"The CSV file could not be read ({error}). Open it in Excel or LibreOffice, "
                "save it as CSV UTF-8 and upload it again."
            ) from error
        header, headings = _table(rows, "", mapping, layout, True)
        if header and (best is None or len(header.fields) > len(best[1].fields)):
            best = (rows, header, delimiter, headings)
        del rows
    if best is None:
        if not text.strip():
            raise UnreadableFile("The file is empty.")
        raise _no_header()
    rows, header, delimiter, headings = best
    body = [
        (number, cells)
        for number, cells in enumerate(rows[header.row_index + 1 :], start=header.row_index + 2)
    ]
    titles = _titles(rows[: header.row_index])
    return Sheet(
        kind="csv",
        name="",
        header=header,
        rows=body,
        delimiter=delimiter,
        titles=[t for _, t in titles],
        title_rows=titles,
        heading_rows=headings,
    )
