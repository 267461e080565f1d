"""Hostile spreadsheets, built byte by byte: each is small on disk and ruinous to read naively."""
# ruff: noqa: E501  (OOXML and ODF namespace URIs are long)

import io
import zipfile

HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Action</t></is></c></row>'
)


def xlsx_with_sheet(sheet_xml):
    """A minimal .xlsx whose one worksheet is `sheet_xml` (bytes or str)."""
    if isinstance(sheet_xml, str):
        sheet_xml = sheet_xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def worksheet(rows_xml, *, dimension="A1:B2", tail=""):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows_xml}</sheetData>{tail}</worksheet>'
    )


def xlsx_declaring_whole_grid():
    """Two real cells, but the sheet claims to reach XFD1048576 (16,384 x 1,048,576)."""
    body = HEADER_ROW + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return xlsx_with_sheet(worksheet(body, dimension="A1:XFD1048576"))


def xlsx_quadratic_comment(cells=200_000):
    """A comment full of `<c>` after the data: a backtracking regex re-scans it per `<c`."""
    tail = "<!-- <f> " + "<c>" * cells + " -->"
    body = (
        HEADER_ROW
        + '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Do</t></is></c></row>'
    )
    return xlsx_with_sheet(worksheet(body, tail=tail))


def xlsx_million_rows(rows=1_000_000, dimension=None):
    """A row per line for a million lines: small compressed, a gigabyte read naively."""
    # Rows and cells may leave out their r="" address: each follows the one before.
    body = HEADER_ROW + "<row><c><v>1</v></c></row>" * (rows - 1)
    return xlsx_with_sheet(worksheet(body, dimension=dimension or f"A1:B{rows}"))


def xlsx_million_rows_declared_small():
    """The same, with a dimension that lies: only counting the rows finds them."""
    return xlsx_million_rows(dimension="A1:B2")


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Plan">'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>Ref</text:p>'
    '</table:table-cell><table:table-cell office:value-type="string"><text:p>Action</text:p>'
    "</table:table-cell></table:table-row>"
)
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_with_content(content):
    if isinstance(content, str):
        content = content.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr("content.xml", content)
    return out.getvalue()


def ods_repeated_rows():
    """An 884-byte-class ODS whose one row of twenty values repeats a million times."""
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell table:number-columns-repeated="20" office:value-type="float" '
        'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
    )
    return ods_with_content(ODS_HEAD + row + ODS_TAIL)


def ods_quadratic_comment(cells=200_000):
    tail = "<!-- table:formula= " + "<table:table-row " * (cells // 6) + " -->"
    return ods_with_content(ODS_HEAD + tail + ODS_TAIL)


def add_part(data, name, content):
    """`data` with one more part in its zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, content)
    return out.getvalue()


def understate_size(data, name):
    """`data` with `name`'s uncompressed size halved in its local and central headers."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    true, false = info.file_size.to_bytes(4, "little"), (info.file_size // 2).to_bytes(4, "little")
    # Local header: size at offset 22. Central directory: the record naming this part.
    patched = bytearray(data)
    patched[info.header_offset + 22 : info.header_offset + 26] = false
    position = data.find(name.encode(), data.find(b"PK\x01\x02"))
    record = position - 46
    assert patched[record + 24 : record + 28] == true
    patched[record + 24 : record + 28] = false
    return bytes(patched)
