"""Neutralising cells that a spreadsheet program would run as a formula.

A cell starting with =, +, -, @, a tab or a carriage return can be executed by Excel
or LibreOffice when a partner opens an export (CSV or formula injection). Every
export path passes its cells through `neutralise`, which prefixes such text with an
apostrophe, the convention spreadsheet programs read as "this is text".
"""

import io
import zipfile
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
    elements: int  # XML elements in one part: bounds the time a scan can take

    @classmethod
    def from_settings(cls):
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            columns=settings.IMPORT_MAX_COLUMNS,
            cells=settings.IMPORT_MAX_CELLS,
            text=settings.IMPORT_MAX_CELLS * 20,
            elements=settings.IMPORT_MAX_CELLS * 4,
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
    return name.rpartition(":")[2]


def _count(value, *, most):
    """A repeat count or index from an attribute, refusing absurd values without int()'s cost."""
    if not value.isdigit() or len(value) > 9:
        raise Refused("The workbook has a damaged cell or row count in it.")
    number = int(value)
    return min(number, most)


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def _split_ref(ref):
    """'XFD1048576' -> (1048576, 16384); (0, 0) for anything that is not a cell reference."""
    ref = ref.replace("$", "")
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters) :]
    if not (1 <= len(letters) <= 3 and letters.isalpha() and letters.isupper()):
        return 0, 0
    if not digits or len(digits) > 7:
        return 0, 0
    return int(digits), _column_number(letters)


class _Scan:
    """One expat pass over one XML part; subclasses handle the elements they care about."""

    def __init__(self, limits):
        self.limits = limits
        self.elements = 0

    def run(self, stream):
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
        self.elements += 1
        if self.elements > self.limits.elements:
            raise Refused(
                "The workbook is far larger inside than a plan needs. Save only the plan's "
                "sheet as a new workbook and upload that."
            )
        self.start(_local(name), attrs)

    def _end_element(self, name):
        self.end(_local(name))

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
    def __init__(self, limits):
        super().__init__(limits)
        self.sheets = []  # [(name, relationship id)]

    def start(self, name, attrs):
        if name == "sheet":
            rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rel))


class _XlsxRels(_Scan):
    def __init__(self, limits):
        super().__init__(limits)
        self.targets = {}

    def start(self, name, attrs):
        if name == "Relationship":
            self.targets[attrs.get("Id", "")] = attrs.get("Target", "")


class _XlsxSharedStrings(_Scan):
    """The length of every shared string: a cell pointing at one costs its whole length."""

    def __init__(self, limits):
        super().__init__(limits)
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
    def __init__(self, limits, name, shared):
        super().__init__(limits)
        self.extent = _Extent(limits, name=name)
        self.shared = shared
        self.row = 0
        self.column = 0
        self.cell = None  # [type, has value, has formula, text length, value text]
        self.reading = None  # "v" or "t" while inside one

    def start(self, name, attrs):
        if name == "dimension":
            last = attrs.get("ref", "").rpartition(":")[2]
            rows, columns = _split_ref(last)
            declared = _Extent(self.limits, name=self.extent.name, rows=rows, columns=columns)
            declared.check()
        elif name == "row":
            r = attrs.get("r")
            self.row = _count(r, most=EXCEL_ROWS + 1) if r is not None else self.row + 1
            self.column = 0
        elif name == "c":
            rows, columns = _split_ref(attrs.get("r", ""))
            if rows:
                self.row, self.column = rows, columns
            else:
                self.column += 1
            self.cell = [attrs.get("t", "n"), False, False, 0, []]
        elif self.cell is not None:
            if name == "f":
                self.cell[2] = True
            elif name in ("v", "is"):
                self.cell[1] = True
            if name in ("v", "t"):
                self.reading = name

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


class _OdsContent(_Scan):
    """Every top-level table's extent, counting repeated rows and columns as what they expand to."""

    def __init__(self, limits):
        super().__init__(limits)
        self.sheets = {}  # name -> _Extent
        self.extent = None
        self.depth = 0  # tables nested in cells are part of their cell
        self.row_first = self.row_last = self.column = 0
        self.row_repeat = 1
        self.cell = None  # [first column, repeat, has content, text length]

    def start(self, name, attrs):
        if name == "table":
            self.depth += 1
            if self.depth == 1:
                table_name = next((v for k, v in attrs.items() if _local(k) == "name"), "")
                self.extent = self.sheets[table_name] = _Extent(self.limits, name=table_name)
                self.row_last = 0
            return
        if self.depth != 1 or self.extent is None:
            if self.cell is not None:
                self.cell[2] = True
            return
        local = {_local(k): v for k, v in attrs.items()}
        if name == "table-row":
            self.row_repeat = _count(local.get("number-rows-repeated", "1"), most=EXCEL_ROWS + 1)
            self.row_first = self.row_last + 1
            self.row_last += self.row_repeat
            self.column = 0
        elif name in ("table-cell", "covered-table-cell"):
            repeat = _count(local.get("number-columns-repeated", "1"), most=EXCEL_COLUMNS + 1)
            content = "value-type" in local or "formula" in local
            if "formula" in local:
                self.extent.formulas.add((self.row_first, self.column))
            self.cell = [self.column, repeat, content, 0]
            self.column += repeat
        elif self.cell is not None:
            self.cell[2] = True

    def end(self, name):
        if name == "table":
            self.depth -= 1
        elif name in ("table-cell", "covered-table-cell") and self.depth == 1 and self.cell:
            first, repeat, content, length = self.cell
            self.cell = None
            if content:
                copies = repeat * self.row_repeat
                self.extent.add(
                    last_row=self.row_last,
                    last_column=first + repeat,
                    cells=copies,
                    text=length * copies,
                )

    def text(self, data):
        if self.cell is not None:
            self.cell[3] += len(data)


def _stream(archive, name):
    # zipfile stops at the declared size and checks the CRC, so a part cannot
    # unpack to more than its header claims without the read failing.
    return archive.open(name)


def _verify_all(archive, skip):
    """Unpack every other part once, so a lying size or damaged part is caught here."""
    for info in archive.infolist():
        if info.filename in skip or info.is_dir():
            continue
        with archive.open(info) as stream:
            while stream.read(CHUNK):
                pass


def scan_workbook(data, kind, limits=None):
    """{sheet name: {(row number, column index) of formula cells}}, or Refused.

    `data` has passed reader.sniff (a zip whose declared sizes are within bounds).
    """
    limits = limits or Limits.from_settings()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if kind == "ods":
            with _stream(archive, "content.xml") as stream:
                content = _OdsContent(limits).run(stream)
            _verify_all(archive, {"content.xml"})
            return {name: extent.formulas for name, extent in content.sheets.items()}
        return _scan_xlsx(archive, limits)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError, RuntimeError) as error:
        # RuntimeError: an encrypted part. KeyError: a part the format requires is missing.
        raise Refused(
            "The file could not be opened: it may be damaged or only partly uploaded. "
            "Open it in Excel or LibreOffice, save it again and upload the new copy."
        ) from error


def _scan_xlsx(archive, limits):
    names = set(archive.namelist())
    with _stream(archive, "xl/workbook.xml") as stream:
        workbook = _XlsxWorkbook(limits).run(stream)
    rels = _XlsxRels(limits)
    if "xl/_rels/workbook.xml.rels" in names:
        with _stream(archive, "xl/_rels/workbook.xml.rels") as stream:
            rels.run(stream)
    shared = _XlsxSharedStrings(limits)
    if "xl/sharedStrings.xml" in names:
        with _stream(archive, "xl/sharedStrings.xml") as stream:
            shared.run(stream)
    seen = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"}
    found = {}
    for sheet_name, rel_id in workbook.sheets:
        target = rels.targets.get(rel_id, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if not target or path not in names or path in seen:
            found[sheet_name] = set()
            continue
        seen.add(path)
        with _stream(archive, path) as stream:
            scan = _XlsxSheet(limits, sheet_name, shared.lengths).run(stream)
        found[sheet_name] = scan.extent.formulas
    _verify_all(archive, seen)
    return found
