"""Hypothesis strategies for the reader's fuzz test: sheets with random addresses,
repeats, formulas and junk, plus random damage to real files.

Kept apart from the test so a child process can run it under a memory cap.
"""

import string
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.spreadsheets.reader import UnreadableFile, read_sheet
from tests.imports import hostile

COLUMN_LETTERS = st.text(string.ascii_uppercase, min_size=1, max_size=3)
BIG = st.one_of(st.integers(1, 30), st.integers(1, 2_000_000), st.just(1_048_576))
JUNK = st.sampled_from(
    ["<!-- <f> <c><c><c> -->", "<c>", "<f>", "<!-- table:formula= -->", "&amp;", "<?pi x?>", ""]
)


@st.composite
def xlsx_files(draw):
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        number = draw(st.one_of(st.none(), BIG))
        cells = []
        for _ in range(draw(st.integers(0, 5))):
            ref = draw(st.one_of(st.none(), st.builds(lambda c, r: f"{c}{r}", COLUMN_LETTERS, BIG)))
            address = f' r="{ref}"' if ref else ""
            body = draw(
                st.sampled_from(
                    [
                        "<v>1</v>",
                        "<f>SUM(A1:A2)</f><v>2</v>",
                        "",
                        "<v>0</v>",
                    ]
                )
            )
            kind = draw(st.sampled_from(["", ' t="s"', ' t="str"', ' t="inlineStr"']))
            if kind == ' t="inlineStr"':
                text = draw(st.text(string.ascii_letters + " <>&", max_size=20))
                body = f"<is><t>{escape(text)}</t></is>"
            cells.append(f"<c{address}{kind}>{body}</c>")
        address = f' r="{number}"' if number else ""
        rows.append(f"<row{address}>{''.join(cells)}</row>")
    dimension = draw(
        st.one_of(st.just("A1:B2"), st.builds(lambda c, r: f"A1:{c}{r}", COLUMN_LETTERS, BIG))
    )
    tail = draw(JUNK) * draw(st.integers(0, 2000))
    return hostile.xlsx_with_sheet(
        hostile.worksheet(hostile.HEADER_ROW + "".join(rows), dimension=dimension, tail=tail)
    )


@st.composite
def ods_files(draw):
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        cells = []
        for _ in range(draw(st.integers(0, 4))):
            repeat = draw(BIG)
            value = draw(
                st.sampled_from(
                    [
                        "",
                        ' office:value-type="float" office:value="1"',
                        ' table:formula="of:=1+1" office:value-type="float" office:value="2"',
                    ]
                )
            )
            text = "<text:p>x</text:p>" if value else ""
            cells.append(
                f'<table:table-cell table:number-columns-repeated="{repeat}"{value}>{text}'
                "</table:table-cell>"
            )
        rows.append(
            f'<table:table-row table:number-rows-repeated="{draw(BIG)}">{"".join(cells)}'
            "</table:table-row>"
        )
    tail = draw(JUNK) * draw(st.integers(0, 2000))
    return hostile.ods_with_content(hostile.ODS_HEAD + "".join(rows) + tail + hostile.ODS_TAIL)


def damaged(data, draw):
    flips = draw(
        st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)), max_size=8)
    )
    out = bytearray(data[: draw(st.integers(1, len(data)))])
    for position, byte in flips:
        if position < len(out):
            out[position] = byte
    return bytes(out)


@st.composite
def damaged_files(draw):
    return damaged(draw(st.one_of(xlsx_files(), ods_files())), draw)


def csv_files():
    return st.text(string.printable, max_size=2000).map(lambda t: ("Ref,Action\n" + t).encode())


ANY_FILE = st.one_of(xlsx_files(), ods_files(), damaged_files(), csv_files())


@settings(
    max_examples=150,
    deadline=3000,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ANY_FILE)
def reader_reads_or_refuses(data):
    """Every file is read or refused with a message: no crash, no other exception."""
    try:
        read_sheet(data)
        OUTCOMES["read"] += 1
    except UnreadableFile as error:
        assert error.message
        OUTCOMES["refused"] += 1


OUTCOMES = {"read": 0, "refused": 0}


def main():
    import json
    import re

    reader_reads_or_refuses()
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec from the parent (pytest).
    with open("/proc/self/status") as status:
        peak = int(re.search(r"VmHWM:\s+(\d+) kB", status.read()).group(1)) / 1024
    print(json.dumps({"peak_mb": peak, **OUTCOMES}))
