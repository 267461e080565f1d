"""Mutations of valid spreadsheets for the mutation fuzz test (issue 20, item 2).

Each operator takes a valid file and a random.Random and returns a damaged copy:
structure (rows repeated, elements wrapped, parts dropped or truncated), part names
(case, backslashes, folders), references (lower case, too long, past the grid, left
out), sizes (declared sizes that lie) and encodings (UTF-16, stray bytes, other code
pages). Deterministic for a seed, so a failing case can be made again by its name.
"""

import io
import re
import zipfile

from tests.imports import hostile


def _parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(info.filename, z.read(info)) for info in z.infolist()]


def _zip(parts, compression=zipfile.ZIP_DEFLATED):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as z:
        for name, content in parts:
            z.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, content)
    return out.getvalue()


def _sheet_part(parts):
    for index, (name, _) in enumerate(parts):
        if name.endswith(("sheet1.xml", "content.xml")):
            return index
    return len(parts) - 1


def _change_sheet(data, change):
    parts = _parts(data)
    index = _sheet_part(parts)
    name, content = parts[index]
    parts[index] = (name, change(content))
    return _zip(parts)


# --- structure -------------------------------------------------------------------------


def repeat_rows(data, rnd):
    times = rnd.choice([2, 100, 5_000])  # a million rows: tests/imports/test_hostile_*.py

    def change(xml):
        match = re.search(rb"<(row|table:table-row)\b.*?</\1>", xml, re.S)
        return xml if not match else xml.replace(match[0], match[0] * times, 1)

    return _change_sheet(data, change)


def wrap_in_look_alike(data, rnd):
    def change(xml):
        xml = xml.replace(b"<sheetData>", b'<x:table xmlns:x="urn:x"><sheetData>', 1)
        xml = xml.replace(b"</sheetData>", b"</sheetData></x:table>", 1)
        return re.sub(
            rb"(<table:table )",
            rb'<x:table xmlns:x="urn:x">\1',
            xml,
            count=1,
        ).replace(b"</table:table>", b"</table:table></x:table>", 1)

    return _change_sheet(data, change)


def truncate_part(data, rnd):
    return _change_sheet(data, lambda xml: xml[: rnd.randrange(1, max(2, len(xml)))])


def drop_part(data, rnd):
    parts = _parts(data)
    del parts[rnd.randrange(len(parts))]
    return _zip(parts)


def add_doctype(data, rnd):
    return _change_sheet(
        data, lambda xml: re.sub(rb"^(<\?xml[^>]*\?>)?", rb'\1<!DOCTYPE x [<!ENTITY a "b">]>', xml)
    )


def flip_bytes(data, rnd):
    out = bytearray(data)
    for _ in range(rnd.randrange(1, 9)):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    return bytes(out)


# --- part names --------------------------------------------------------------------------


def rename_part(data, rnd):
    parts = _parts(data)
    index = rnd.randrange(len(parts))
    name, content = parts[index]
    new = rnd.choice([name.upper(), name.replace("/", "\\"), f"other/{name}", name.lower()])
    parts[index] = (new, content)
    return _zip(parts)


def duplicate_part_in_other_case(data, rnd):
    parts = _parts(data)
    name, content = parts[_sheet_part(parts)]
    return _zip([*parts, (name.upper(), content)])


# --- references --------------------------------------------------------------------------


def mangle_references(data, rnd):
    how = rnd.choice(["lower", "long", "past", "drop", "repeat"])

    def change(xml):
        if how == "lower":
            return re.sub(
                rb' r="([A-Z]+)(\d+)"', lambda m: b' r="' + m[1].lower() + m[2] + b'"', xml
            )
        if how == "long":
            return re.sub(rb' r="([A-Z]+)(\d+)"', rb' r="\g<1>1234567\2"', xml, count=1)
        if how == "past":
            return re.sub(rb'<row r="\d+"', b'<row r="1048577"', xml, count=1)
        if how == "drop":
            return re.sub(rb' r="[A-Z]*\d+"', b"", xml)
        return re.sub(
            rb'table:number-(rows|columns)-repeated="\d+"',
            rb'table:number-\1-repeated="999999999"',
            xml,
            count=1,
        )

    return _change_sheet(data, change)


# --- sizes and encodings ----------------------------------------------------------------


def lie_about_size(data, rnd):
    parts = _parts(data)
    name = parts[rnd.randrange(len(parts))][0]
    size = rnd.choice([0, 1, 2**31, 2**32 - 1])
    return hostile.set_declared_size(data, name, size)


def reencode_part(data, rnd):
    def change(xml):
        text = xml.decode("utf-8", "replace")
        choice = rnd.choice(["utf-16", "latin-1-bytes", "stray"])
        if choice == "utf-16":
            return text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
        if choice == "latin-1-bytes":
            return xml.replace(b"Ref", b"R\xe9f", 1)
        return xml.replace(b">", b">\xff\xfe", 1)

    return _change_sheet(data, change)


ZIP_OPERATORS = [
    repeat_rows,
    wrap_in_look_alike,
    truncate_part,
    drop_part,
    add_doctype,
    flip_bytes,
    rename_part,
    duplicate_part_in_other_case,
    mangle_references,
    lie_about_size,
    reencode_part,
]


def mutate_csv(data, rnd):
    how = rnd.choice(["utf-16", "cp1252", "nul", "wide", "long-line", "flip", "quotes"])
    if how == "utf-16":
        return data.decode("utf-8").encode("utf-16")
    if how == "cp1252":
        return data.replace(b"Helen", b"H\xe9len")
    if how == "nul":
        return data.replace(b",", b"\x00,", 1)
    if how == "wide":
        return data + b"," * 100_000 + b"\n"
    if how == "long-line":
        return data + b"x" * 200_000 + b"\n"
    if how == "quotes":
        return data.replace(b",", b',"', 3)
    return flip_bytes(data, rnd)
