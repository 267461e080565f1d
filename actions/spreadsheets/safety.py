"""Neutralising cells that a spreadsheet program would run as a formula.

A cell starting with =, +, -, @, a tab or a carriage return can be executed by Excel
or LibreOffice when a partner opens an export (CSV or formula injection). Every
export path passes its cells through `neutralise`, which prefixes such text with an
apostrophe, the convention spreadsheet programs read as "this is text".
"""

import re
from dataclasses import dataclass, field
from xml.parsers import expat

from django.conf import settings

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


# --- hostile workbooks ---------------------------------------------------------
# Checking a workbook's shape before anything loads it.
#
# A few kilobytes of .xlsx or .ods can describe a sheet of a million rows, or claim a
# cell at XFD1048576, and the spreadsheet library then allocates gigabytes for it. So
# every XML part is streamed once through expat (linear time, bounded memory, no
# backtracking regular expressions) and the sheet's real extent, cells and text are
# counted against the limits below before the library sees the file. The same pass
# finds the cells holding formulas, since the library only gives a formula's cached value.
#
# The check must see the file as the reader does, or a crafted file slips between them:
# parts are found through the package's relationships (as the reader finds them), part
# names that differ only in case or use backslashes are refused, so are cell and row
# references outside the grammar (lower case, eight digits, beyond the grid), rows are
# counted both by their numbers and one by one, ODS elements are matched by namespace,
# every entry's size is checked before it is read, and elements and sheets are limited
# across the whole file, not per part (finding the parts, and the ODS scan, are in
# workbook_shape.py, whose scan_workbook is the entry point). The reader then runs in a
# child process with OS limits (actions/spreadsheets/isolated.py), so whatever still
# slips through costs the server nothing.

CHUNK = 256 * 1024
# Excel's own grid; nothing genuine lies beyond it.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384


class Refused(Exception):
    """The file's shape is beyond what an import reads. The message is for the user."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Limits:
    rows: int
    columns: int
    cells: int  # rows x columns of the sheet's used area, empty cells included
    text: int  # characters in all the sheet's cells together
    elements: int  # XML elements in all the file's parts together: bounds a scan's time
    sheets: int = 50  # sheets (ODS tables) in the workbook
    unpacked: int = 200 * 1024 * 1024  # bytes of all the parts together, unpacked

    @classmethod
    def from_settings(cls):
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cells=settings.IMPORT_MAX_CELLS,
            text=settings.IMPORT_MAX_CELLS * 20,
            elements=settings.IMPORT_MAX_CELLS * 4,
            sheets=settings.IMPORT_MAX_SHEETS,
            unpacked=settings.IMPORT_MAX_BYTES * 40,  # reader.MAX_UNPACK_RATIO
        )


@dataclass
class _Extent:
    """A sheet's used area and contents, counted as the XML streams past."""

    limits: Limits
    name: str = ""
    rows: int = 0
    columns: int = 0
    cells: int = 0
    text: int = 0
    formulas: set = field(default_factory=set)

    def add(self, *, last_row, last_column, cells, text):
        self.rows = max(self.rows, last_row)
        self.columns = max(self.columns, last_column)
        self.cells += cells
        self.text += text
        self.check()

    def check(self):
        limits, sheet = self.limits, f"The sheet “{self.name}”" if self.name else "The sheet"
        if self.rows > limits.rows:
            raise Refused(
                f"{sheet} reaches row {self.rows:,}; an import reads at most "
                f"{limits.rows:,} rows. Delete the empty or unused rows below the plan, "
                "or split it into smaller files."
            )
        if self.columns > limits.columns:
            raise Refused(
                f"{sheet} reaches column {self.columns:,}; an import reads at most "
                f"{limits.columns:,} columns. Delete the unused columns to the right of the plan."
            )
        if self.rows * self.columns > limits.cells or self.cells > limits.cells:
            raise Refused(
                f"{sheet} covers {self.rows:,} rows by {self.columns:,} columns, more than "
                f"the {limits.cells:,} cells an import reads. Delete unused rows and columns, "
                "or split the plan into smaller files."
            )
        if self.text > limits.text:
            raise Refused(
                f"{sheet} holds more than {limits.text:,} characters of text, more than a "
                "plan needs. Split it into smaller files."
            )


def _local(name):
    """The local part of an element or attribute name ("uri|local|prefix" from expat)."""
    parts = name.split(NS)
    return parts[1] if len(parts) > 1 else parts[0].rpartition(":")[2]


def _namespace(name):
    parts = name.split(NS)
    return parts[0] if len(parts) > 1 else ""


NS = "|"  # expat's separator between an element's namespace, local name and prefix
DAMAGED_COUNT = "The workbook has a damaged cell or row count in it."
OUT_OF_GRID = (
    "The workbook has a cell or row reference outside a spreadsheet's grid (such as a "
    "lower-case or too long address), which Excel never writes. Open it in Excel or "
    "LibreOffice, save it again and upload the new copy."
)
_CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9][0-9]{0,6})")


def _count(value, *, most):
    """A repeat count or index from an attribute, refusing absurd values without int()'s cost."""
    if not value.isdigit() or len(value) > 9:
        raise Refused(DAMAGED_COUNT)
    number = int(value)
    return min(number, most)


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def _split_ref(ref):
    """'XFD1048576' -> (1048576, 16384); Refused for anything outside the grammar or grid."""
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        raise Refused(OUT_OF_GRID)
    row, column = int(match[2]), _column_number(match[1])
    if row > EXCEL_ROWS or column > EXCEL_COLUMNS:
        raise Refused(OUT_OF_GRID)
    return row, column


def _row_number(value):
    if not (value.isdigit() and len(value) <= 7 and 1 <= int(value) <= EXCEL_ROWS):
        raise Refused(OUT_OF_GRID)
    return int(value)


class _Scan:
    """One expat pass over one XML part; subclasses handle the elements they care about.

    With `namespaces` (ODS), elements are matched by namespace (`self.namespace`);
    without (xlsx), by local name, which is faster on the biggest sheets."""

    namespaces = False

    def __init__(self, limits, budget=None):
        self.limits = limits
        # XML elements counted across every part of one file (a list, shared by its scans).
        self.budget = budget if budget is not None else [0]
        self.namespace = ""  # the namespace of the element being started or ended

    def run(self, stream):
        if self.namespaces:
            parser = expat.ParserCreate(namespace_separator=NS)
            parser.namespace_prefixes = True
        else:
            parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start_element
        parser.EndElementHandler = self._end_element
        parser.CharacterDataHandler = self.text
        # Entities are how "billion laughs" files grow; a spreadsheet part has no DTD.
        parser.StartDoctypeDeclHandler = self._refuse_doctype
        parser.EntityDeclHandler = self._refuse_doctype
        try:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise Refused(
                "The workbook could not be read: it may be damaged. Open it in "
                "Excel or LibreOffice, save it again and upload the new copy."
            ) from error
        return self

    def _start_element(self, name, attrs):
        self.budget[0] += 1
        if self.budget[0] > self.limits.elements:
            raise Refused(
                "The workbook is far larger inside than a plan needs. Save only the plan's "
                "sheet as a new workbook and upload that."
            )
        if self.namespaces:
            namespace, _, rest = name.partition(NS)
            self.namespace = namespace if rest else ""
            name = rest.partition(NS)[0] if rest else name
        self.start(name.rpartition(":")[2], attrs)

    def _end_element(self, name):
        if self.namespaces:
            namespace, _, rest = name.partition(NS)
            self.namespace = namespace if rest else ""
            name = rest.partition(NS)[0] if rest else name
        self.end(name.rpartition(":")[2])

    def _refuse_doctype(self, *args):
        raise Refused(
            "The workbook contains a document type declaration, which a plan never needs."
        )

    def start(self, name, attrs):
        pass

    def end(self, name):
        pass

    def text(self, data):
        pass


class _XlsxWorkbook(_Scan):
    def __init__(self, limits, budget=None):
        super().__init__(limits, budget)
        self.sheets = []  # [(name, relationship id)]

    def start(self, name, attrs):
        if name == "sheet":
            rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rel))
            if len(self.sheets) > self.limits.sheets:
                raise Refused(TOO_MANY_SHEETS.format(most=self.limits.sheets))


TOO_MANY_SHEETS = (
    "The workbook has more than {most} sheets, more than a plan needs. Save only the "
    "plan's sheets as a new workbook and upload that."
)


class _XlsxRels(_Scan):
    """A relationships part: {id: (type's last word, target)}."""

    def __init__(self, limits, budget=None):
        super().__init__(limits, budget)
        self.targets = {}

    def start(self, name, attrs):
        if name == "Relationship":
            kind = attrs.get("Type", "").rpartition("/")[2]
            self.targets[attrs.get("Id", "")] = (kind, attrs.get("Target", ""))

    def of_kind(self, kind):
        return [target for found, target in self.targets.values() if found == kind]


class _XlsxSharedStrings(_Scan):
    """The length of every shared string: a cell pointing at one costs its whole length."""

    def __init__(self, limits, budget=None):
        super().__init__(limits, budget)
        self.lengths = []
        self.in_text = False

    def start(self, name, attrs):
        if name == "si":
            self.lengths.append(0)
            if len(self.lengths) > self.limits.cells:
                raise Refused("The workbook holds more text than a plan needs.")
        elif name == "t":
            self.in_text = True

    def end(self, name):
        if name == "t":
            self.in_text = False

    def text(self, data):
        if self.in_text and self.lengths:
            self.lengths[-1] += len(data)
            if self.lengths[-1] > self.limits.text:
                raise Refused("The workbook holds more text than a plan needs.")


class _XlsxSheet(_Scan):
    def __init__(self, limits, name, shared, budget=None):
        super().__init__(limits, budget)
        self.extent = _Extent(limits, name=name)
        self.shared = shared
        self.row = 0
        self.rows_seen = 0  # <row> elements one by one: numbers may repeat or go back
        self.column = 0
        self.cell = None  # [type, has value, has formula, text length, value text]
        self.reading = None  # "v" or "t" while inside one

    def start(self, name, attrs):
        if name == "dimension":
            last = attrs.get("ref", "").rpartition(":")[2]
            rows, columns = _split_ref(last) if last else (0, 0)
            declared = _Extent(self.limits, name=self.extent.name, rows=rows, columns=columns)
            declared.check()
        elif name == "row":
            r = attrs.get("r")
            self.row = _row_number(r) if r is not None else self.row + 1
            self.rows_seen += 1
            if self.row > EXCEL_ROWS:
                raise Refused(OUT_OF_GRID)
            self.column = 0
            # Every row counts, empty or not, by its number and by its place.
            self._reach(max(self.row, self.rows_seen), 0)
        elif name == "c":
            r = attrs.get("r")
            if r is not None:
                self.row, self.column = _split_ref(r)
            else:
                self.column += 1
                if self.column > EXCEL_COLUMNS:
                    raise Refused(OUT_OF_GRID)
            self._reach(self.row, self.column)
            self.cell = [attrs.get("t", "n"), False, False, 0, []]
        elif self.cell is not None:
            if name == "f":
                self.cell[2] = True
            elif name in ("v", "is"):
                self.cell[1] = True
            if name in ("v", "t"):
                self.reading = name

    def _reach(self, row, column):
        if row > self.extent.rows or column > self.extent.columns:
            self.extent.add(last_row=row, last_column=column, cells=0, text=0)

    def end(self, name):
        if name in ("v", "t"):
            self.reading = None
        elif name == "c" and self.cell is not None:
            kind, has_value, has_formula, length, value = self.cell
            self.cell = None
            if kind == "s" and has_value:
                index = "".join(value).strip()
                position = _count(index, most=len(self.shared)) if index else len(self.shared)
                length = self.shared[position] if position < len(self.shared) else 0
            if has_formula:
                self.extent.formulas.add((self.row, self.column - 1))
            if has_value or has_formula:
                self.extent.add(last_row=self.row, last_column=self.column, cells=1, text=length)

    def text(self, data):
        if self.reading and self.cell is not None:
            self.cell[3] += len(data)
            if self.cell[0] == "s" and self.reading == "v" and len(self.cell[4]) < 4:
                self.cell[4].append(data[:12])
