"""Neutralising cells that a spreadsheet program would run as a formula.

A cell starting with =, +, -, @, a tab or a carriage return can be executed by Excel
or LibreOffice when a partner opens an export (CSV or formula injection). Every
export path passes its cells through `neutralise`, which prefixes such text with an
apostrophe, the convention spreadsheet programs read as "this is text".
"""

import io
import posixpath
import re
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
#
# The check must see the file as the reader does, or a crafted file slips between them:
# parts are found through the package's relationships (as the reader finds them), part
# names that differ only in case or use backslashes are refused, so are cell and row
# references outside the grammar (lower case, eight digits, beyond the grid), rows are
# counted both by their numbers and one by one, ODS elements are matched by namespace,
# every entry's size is checked before it is read, and elements and sheets are limited
# across the whole file, not per part. The reader then runs in a child process with OS
# limits (actions/spreadsheets/isolated.py), so whatever still slips through costs the
# server nothing.

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


TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_ODS_PARTS = {"table", "table-row", "table-cell", "covered-table-cell"}
_ODS_ATTRIBUTES = {"name", "number-rows-repeated", "number-columns-repeated", "value-type"}
FOREIGN_NAMESPACE = (
    "The spreadsheet names part of its table in an unexpected way (another namespace), "
    "which LibreOffice never writes. Open it in LibreOffice, save it again and upload "
    "the new copy."
)


def _ods_attributes(attrs):
    """The table attributes that matter, by local name; Refused if any is in another
    namespace (a reader might take it for the real one)."""
    found = {}
    for key, value in attrs.items():
        namespace, local = _namespace(key), _local(key)
        if local in _ODS_ATTRIBUTES or local == "formula":
            if namespace not in (TABLE_NS, OFFICE_NS):
                raise Refused(FOREIGN_NAMESPACE)
            found[local] = value
    return found


class _OdsContent(_Scan):
    """Every table's extent, counting repeated rows and columns as what they expand to.

    Elements are matched by namespace: one named `table` in any other namespace is refused,
    so a table wrapped in a look-alike is never missed."""

    namespaces = True

    def __init__(self, limits, budget=None):
        super().__init__(limits, budget)
        self.sheets = {}  # name -> _Extent
        self.extent = None
        self.depth = 0  # tables nested in cells are part of their cell
        self.row_first = self.row_last = self.column = 0
        self.row_repeat = 1
        self.cell = None  # [first column, repeat, has content, text length]

    def start(self, name, attrs):
        if name in _ODS_PARTS and self.namespace != TABLE_NS:
            raise Refused(FOREIGN_NAMESPACE)
        local = _ods_attributes(attrs) if name in _ODS_PARTS else {}
        if name == "table":
            self.depth += 1
            if self.depth == 1:
                table_name = local.get("name", "")
                self.extent = self.sheets[table_name] = _Extent(self.limits, name=table_name)
                self.row_last = 0
                if len(self.sheets) > self.limits.sheets:
                    raise Refused(TOO_MANY_SHEETS.format(most=self.limits.sheets))
            return
        if self.depth != 1 or self.extent is None:
            if self.cell is not None:
                self.cell[2] = True
            return
        if name == "table-row":
            self.row_repeat = _count(local.get("number-rows-repeated", "1"), most=EXCEL_ROWS + 1)
            self.row_first = self.row_last + 1
            self.row_last += self.row_repeat
            self.column = 0
            if self.row_last > self.extent.rows:
                # Every row counts, empty or not: the reader lays them all out.
                self.extent.add(last_row=self.row_last, last_column=0, cells=0, text=0)
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


DAMAGED = (
    "The file could not be opened: it may be damaged or only partly uploaded. "
    "Open it in Excel or LibreOffice, save it again and upload the new copy."
)
ODD_NAMES = (
    "The file's parts have names Excel and LibreOffice never write (differing only in "
    "capitals, with backslashes, or reaching outside the file). Open it in Excel or "
    "LibreOffice, save it again and upload the new copy."
)
MAX_PARTS = 1000


class _Package:
    """The zip's parts, found as a reader finds them: by name, case-insensitively, with
    names only one part can answer to. Sizes are checked before anything is read."""

    def __init__(self, archive, limits):
        self.archive = archive
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if len(infos) > MAX_PARTS:
            raise Refused("The file has more parts than a workbook needs.")
        self.parts = {}
        for info in infos:
            name = info.filename
            if "\\" in name or name.startswith("/") or ".." in name.split("/"):
                raise Refused(ODD_NAMES)
            if name.casefold() in self.parts:
                raise Refused(ODD_NAMES)
            self.parts[name.casefold()] = info
        if sum(info.file_size for info in infos) > limits.unpacked:
            raise Refused("The workbook is too large once unpacked to be a plan.")

    def get(self, path):
        return self.parts.get(path.casefold())

    def open(self, info):
        # zipfile stops at the declared size and checks the CRC, so a part cannot
        # unpack to more than its header claims without the read failing.
        return self.archive.open(info)

    def verify_all(self, skip):
        """Unpack every other part once, so a lying size or damaged part is caught here."""
        for info in self.parts.values():
            if info.filename in skip:
                continue
            with self.archive.open(info) as stream:
                while stream.read(CHUNK):
                    pass


def _resolve(base_folder, target):
    """A relationship's target as a part name, relative to the part that names it."""
    path = target[1:] if target.startswith("/") else posixpath.join(base_folder, target)
    path = posixpath.normpath(path)
    if path.startswith("../") or path in ("..", ".") or "\\" in target:
        raise Refused(ODD_NAMES)
    return path


def _rels_of(part_name):
    folder, name = posixpath.split(part_name)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def scan_workbook(data, kind, limits=None):
    """{sheet name: {(row number, column index) of formula cells}}, or Refused.

    Every part is found as the reader finds it, and the element budget is shared by all
    of them. `data` may be anything: sizes are checked before any part is read.
    """
    limits = limits or Limits.from_settings()
    budget = [0]
    try:
        package = _Package(zipfile.ZipFile(io.BytesIO(data)), limits)
        if kind == "ods":
            content = package.get("content.xml")
            if content is None:
                raise Refused(DAMAGED)
            with package.open(content) as stream:
                scan = _OdsContent(limits, budget).run(stream)
            package.verify_all({content.filename})
            return {name: extent.formulas for name, extent in scan.sheets.items()}
        return _scan_xlsx(package, limits, budget)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError, RuntimeError) as error:
        # RuntimeError: an encrypted part. KeyError: a part the format requires is missing.
        raise Refused(DAMAGED) from error


def _run(package, path, scan):
    info = package.get(path)
    if info is None:
        return None
    with package.open(info) as stream:
        scan.run(stream)
    return info.filename


def _workbook_part(package, limits, budget):
    """The workbook the package's own relationships name (where a reader looks), and
    the name of the package relationships part read to find it."""
    root = _XlsxRels(limits, budget)
    read = _run(package, "_rels/.rels", root)
    targets = [_resolve("", t) for t in root.of_kind("officeDocument")]
    path = targets[0] if targets else "xl/workbook.xml"
    if path.casefold() != "xl/workbook.xml":
        # A reader following the relationships and one reading xl/workbook.xml would
        # see different workbooks; Excel never puts it anywhere else.
        raise Refused(ODD_NAMES)
    return path, read


def _scan_xlsx(package, limits, budget):
    path, root_rels = _workbook_part(package, limits, budget)
    folder = posixpath.dirname(path)
    workbook = _XlsxWorkbook(limits, budget)
    seen = {root_rels, _run(package, path, workbook)}
    if None in seen - {root_rels}:
        raise Refused(DAMAGED)
    rels = _XlsxRels(limits, budget)
    seen.add(_run(package, _rels_of(path), rels))
    # Shared strings: the part the relationships name, and the one at the usual place.
    candidates = {
        package.get(p).filename
        for p in [
            *(_resolve(folder, t) for t in rels.of_kind("sharedStrings")),
            "xl/sharedStrings.xml",
        ]
        if package.get(p) is not None
    }
    if len(candidates) > 1:
        raise Refused(ODD_NAMES)
    shared = _XlsxSharedStrings(limits, budget)
    for name in candidates:
        seen.add(_run(package, name, shared))
    found = {}
    for sheet_name, rel_id in workbook.sheets:
        kind, target = rels.targets.get(rel_id, ("", ""))
        sheet = _XlsxSheet(limits, sheet_name, shared.lengths, budget)
        read = _run(package, _resolve(folder, target), sheet) if target else None
        seen.add(read)
        found[sheet_name] = sheet.extent.formulas if read else set()
    package.verify_all(seen)
    return found
