"""Where the shape check (actions/spreadsheets/safety.py) finds a workbook's parts, and
the scan of an ODS table: `scan_workbook` is its entry point.

Parts are found as the reader finds them: the package's relationships name the
workbook, the workbook's relationships name its sheets and shared strings, part names
are matched without regard to case (so names that differ only in case, or that use
backslashes or reach outside the file, are refused), and every size is checked before
any part is read. One element budget is shared by every part of the file.
"""

import io
import posixpath
import zipfile

from actions.spreadsheets.safety import (
    CHUNK,
    EXCEL_COLUMNS,
    EXCEL_ROWS,
    TOO_MANY_SHEETS,
    Limits,
    Refused,
    _count,
    _Extent,
    _local,
    _namespace,
    _Scan,
    _XlsxRels,
    _XlsxSharedStrings,
    _XlsxSheet,
    _XlsxWorkbook,
)

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
