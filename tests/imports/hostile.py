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


# --- Issue 20: files built where the shape check and the reader used to disagree ---------


def rewrite(data, change):
    """`data` with each part passed through `change(name, bytes) -> [(name, bytes)]`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            for name, content in change(info.filename, source.read(info)):
                target.writestr(name, content)
    return out.getvalue()


def set_declared_size(data, name, size):
    """`data` with `name`'s uncompressed size in its local and central headers set to
    `size` (at most 4 GB - 1): the bytes are not there, only the claim."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    true, claimed = info.file_size.to_bytes(4, "little"), size.to_bytes(4, "little")
    patched = bytearray(data)
    patched[info.header_offset + 22 : info.header_offset + 26] = claimed
    position = data.find(name.encode(), data.find(b"PK\x01\x02"))
    record = position - 46
    assert patched[record + 24 : record + 28] == true
    patched[record + 24 : record + 28] = claimed
    return bytes(patched)


def xlsx_rows_numbered_the_same(rows):
    """Every row says it is row 2: counted by number, two rows; one by one, `rows`."""
    body = HEADER_ROW + '<row r="2"><c><v>1</v></c></row>' * rows
    return xlsx_with_sheet(worksheet(body))


def xlsx_row_without_number_after_the_last():
    body = (
        HEADER_ROW + '<row r="1048576"><c r="A1048576"><v>1</v></c></row><row><c><v>1</v></c></row>'
    )
    return xlsx_with_sheet(worksheet(body, dimension="A1"))


def xlsx_cell_reference(ref):
    body = HEADER_ROW + f'<row r="2"><c r="{ref}"><v>1</v></c></row>'
    return xlsx_with_sheet(worksheet(body))


def xlsx_workbook_moved(to="alt"):
    """_rels/.rels names `to`/workbook.xml (a million rows), beside a harmless xl/."""
    data = xlsx_with_sheet(worksheet(HEADER_ROW))
    bomb = xlsx_million_rows()
    with zipfile.ZipFile(io.BytesIO(bomb)) as z:
        moved = {
            name.replace("xl/", f"{to}/", 1): z.read(name)
            for name in z.namelist()
            if name.startswith("xl/")
        }

    def change(name, content):
        if name != "_rels/.rels":
            return [(name, content)]
        content = content.replace(
            b'Target="xl/workbook.xml"', f'Target="{to}/workbook.xml"'.encode()
        )
        return [(name, content), *moved.items()]

    return rewrite(data, change)


def xlsx_with_part_named(name):
    """A harmless workbook with one more part: its sheet again, under `name`."""
    data = xlsx_with_sheet(worksheet(HEADER_ROW))
    return add_part(data, name, xlsx_million_rows_sheet_xml(1000))


def xlsx_million_rows_sheet_xml(rows):
    return worksheet(HEADER_ROW + "<row><c><v>1</v></c></row>" * rows)


def ods_table_in_a_look_alike():
    """A million-row table wrapped in an element called `table` of another namespace."""
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row>"
    )
    head = ODS_HEAD.replace(
        'office:version="1.2">', 'xmlns:x="urn:example:not-a-table" office:version="1.2">'
    ).replace("<office:spreadsheet><table:table", "<office:spreadsheet><x:table><table:table")
    tail = ODS_TAIL.replace(
        "</table:table></office:spreadsheet>", "</table:table></x:table></office:spreadsheet>"
    )
    return ods_with_content(head + row + tail)


def ods_attribute_in_a_look_alike():
    """A foreign attribute with the repeat's local name, beside the real one."""
    row = (
        '<table:table-row x:number-rows-repeated="1" table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p>'
        "</table:table-cell></table:table-row>"
    )
    head = ODS_HEAD.replace(
        'office:version="1.2">', 'xmlns:x="urn:example:not-a-table" office:version="1.2">'
    )
    return ods_with_content(head + row + ODS_TAIL)


def xlsx_with_sheets(sheets_xml):
    """A minimal .xlsx with one worksheet per item of `sheets_xml`."""
    data = xlsx_with_sheet(sheets_xml[0])
    count = len(sheets_xml)
    entries = "".join(
        f'<sheet name="S{n}" sheetId="{n}" r:id="rId{n}"/>' for n in range(1, count + 1)
    )
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )

    def change(name, content):
        if name == "xl/workbook.xml":
            content = content.replace(
                b'<sheet name="Plan" sheetId="1" r:id="rId1"/>', entries.encode()
            )
        elif name == "xl/_rels/workbook.xml.rels":
            start = content.index(b"<Relationship ")
            end = content.index(b"</Relationships>")
            content = content[:start] + rels.encode() + content[end:]
        return [(name, content)]

    data = rewrite(data, change)
    for n, xml in enumerate(sheets_xml[1:], start=2):
        data = add_part(data, f"xl/worksheets/sheet{n}.xml", xml)
    return data


def worksheet_with_many_elements(count):
    """A sheet with `count` elements that are not cells (an extension list)."""
    return worksheet(HEADER_ROW, tail="<extLst>" + "<ext/>" * count + "</extLst>")
