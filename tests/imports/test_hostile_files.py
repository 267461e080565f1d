"""Small files that describe enormous or pathological sheets are refused quickly, in
bounded memory, with a clear message and nothing written.

Each file is read in a child process, so its peak memory (VmHWM) and time are its
own; the same file is then imported here against a real database to show nothing lands.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.imports import hostile
from tests.imports.test_bad_input import rejected_file

SECONDS = 5
PEAK_MB = 300
ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent(
    """
    import json, os, re, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings_test")
    import django
    django.setup()
    from actions.spreadsheets.reader import UnreadableFile, read_sheet
    data = open(sys.argv[1], "rb").read()
    started = time.perf_counter()
    try:
        read_sheet(data)
        outcome = "read"
    except UnreadableFile as error:
        outcome = error.message
    seconds = time.perf_counter() - started
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec from the parent (pytest).
    status = open("/proc/self/status").read()
    peak_mb = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak_mb}))
    """
)


def read_in_child(data, tmp_path):
    """Read `data` in a fresh interpreter capped at 1 GB of address space."""
    path = tmp_path / "upload.bin"
    path.write_bytes(data)
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2**30 * 2, 2**30 * 2))"
    done = subprocess.run(
        [sys.executable, "-c", f"{limit}\n{CHILD}", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


HOSTILE = {
    "xlsx declaring cells up to XFD1048576": (hostile.xlsx_declaring_whole_grid, "row 1,048,576"),
    "xlsx of a million rows": (hostile.xlsx_million_rows, "an import reads at most 50,000 rows"),
    "xlsx of a million rows declaring two": (
        hostile.xlsx_million_rows_declared_small,
        "reaches row 50,001",
    ),
    "ods repeating a row of twenty values a million times": (
        hostile.ods_repeated_rows,
        "an import reads at most 50,000 rows",
    ),
}


@pytest.mark.parametrize("build", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_workbook_is_refused_quickly_in_bounded_memory(build, tmp_path):
    builder, words = build
    result = read_in_child(builder(), tmp_path)

    assert words in result["outcome"]
    assert result["seconds"] < SECONDS
    assert result["peak_mb"] < PEAK_MB


@pytest.mark.parametrize("build", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_workbook_writes_nothing(build, plan):
    builder, words = build
    assert words in rejected_file(builder(), plan)


QUADRATIC = {
    "xlsx with a comment of <c> after the sheet data": hostile.xlsx_quadratic_comment,
    "ods with a comment of rows after the table": hostile.ods_quadratic_comment,
}


@pytest.mark.parametrize("builder", QUADRATIC.values(), ids=QUADRATIC.keys())
def test_formula_detection_takes_linear_time_on_pathological_markup(builder, tmp_path):
    # A backtracking regular expression re-scans the comment for every "<c": 70 s for
    # 7 KB before, hours for 13 KB. The comment is not data, so the plan still reads.
    result = read_in_child(builder(), tmp_path)

    assert result["outcome"] == "read"
    assert result["seconds"] < SECONDS
    assert result["peak_mb"] < PEAK_MB


def test_a_cell_pointing_at_a_long_shared_string_many_times_is_refused(plan):
    # 40,000 cells sharing one 50,000-character string would be 2 GB of text once read.
    shared = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>{'x' * 50_000}</t></si></sst>"
    )
    rows = hostile.HEADER_ROW + "".join(
        f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(2, 40_002)
    )
    data = hostile.xlsx_with_sheet(hostile.worksheet(rows, dimension="A1:B40001"))
    data = hostile.add_part(data, "xl/sharedStrings.xml", shared)

    assert "characters of text" in rejected_file(data, plan)


def test_a_part_that_unpacks_to_more_than_its_header_claims_is_refused(plan):
    data = hostile.xlsx_with_sheet(hostile.worksheet(hostile.HEADER_ROW))
    lying = hostile.understate_size(data, "xl/worksheets/sheet1.xml")

    assert "damaged" in rejected_file(lying, plan)


def test_a_workbook_with_entity_declarations_is_refused(plan):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    assert "document type declaration" in rejected_file(hostile.xlsx_with_sheet(laughs), plan)


def test_a_csv_of_blank_lines_beyond_the_row_limit_is_refused(plan, settings):
    settings.IMPORT_MAX_ROWS = 1000
    data = b"Ref,Action\n" + b"\n" * 5000

    assert "more than 1,000 rows" in rejected_file(data, plan, filename="plan.csv")


def test_a_plan_within_the_limits_still_imports_with_its_formulas_found(plan):
    from actions.spreadsheets.reader import read_sheet

    rows = (
        hostile.HEADER_ROW
        + '<row r="2"><c r="A2"><v>1</v></c>'
        + '<c r="B2" t="str"><f>CONCAT("a","b")</f><v>ab</v></c></row>'
    )
    sheet = read_sheet(hostile.xlsx_with_sheet(hostile.worksheet(rows)))

    assert sheet.formula_cells == {(2, 1)}
