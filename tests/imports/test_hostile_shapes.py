"""Issue 20: files built where the shape check and the reader used to disagree, and what
the child process does with a file that still gets past the check.

Each file goes through the real import path (the shape check and the reader, in a child
process with OS limits) against a real database: a plain refusal, nothing written."""

import resource
import time
import zipfile

import pytest
from django.core.management import CommandError, call_command

from actions.spreadsheets.safety import Limits, Refused
from actions.spreadsheets.workbook_shape import scan_workbook
from boroughs.models import Person
from governance.flat_services import FlatImportRejected, flat_import
from governance.models import Risk
from tests.imports import hostile
from tests.imports.test_bad_input import rejected_file

SHAPES = {
    "rows all numbered 2, counted one by one": (
        lambda: hostile.xlsx_rows_numbered_the_same(60_000),
        "reaches row 50,001",
    ),
    "a lower-case cell reference": (
        lambda: hostile.xlsx_cell_reference("a2"),
        "outside a spreadsheet's grid",
    ),
    "an eight-digit cell reference": (
        lambda: hostile.xlsx_cell_reference("A12345678"),
        "outside a spreadsheet's grid",
    ),
    "a column beyond XFD": (
        lambda: hostile.xlsx_cell_reference("XFE2"),
        "outside a spreadsheet's grid",
    ),
    "_rels/.rels pointing the workbook at another folder": (
        hostile.xlsx_workbook_moved,
        "names Excel and LibreOffice never write",
    ),
    "part names differing only in case": (
        lambda: hostile.xlsx_with_part_named("XL/worksheets/sheet1.xml"),
        "names Excel and LibreOffice never write",
    ),
    "a part name with backslashes": (
        lambda: hostile.xlsx_with_part_named("xl\\worksheets\\sheet1.xml"),
        "names Excel and LibreOffice never write",
    ),
    "an ODS table wrapped in a look-alike `table` of another namespace": (
        hostile.ods_table_in_a_look_alike,
        "another namespace",
    ),
    "an ODS repeat attribute beside a look-alike of another namespace": (
        hostile.ods_attribute_in_a_look_alike,
        "another namespace",
    ),
}


@pytest.mark.parametrize("build", SHAPES.values(), ids=SHAPES.keys())
def test_a_file_the_reader_would_see_differently_is_refused_and_writes_nothing(build, plan):
    builder, words = build
    started = time.perf_counter()

    message = rejected_file(builder(), plan)

    assert words in message
    assert time.perf_counter() - started < 5


def test_a_row_without_a_number_after_the_last_row_of_the_grid_is_refused(settings):
    # With limits as large as the grid, only the grammar stands between it and the reader.
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_CELLS = 2_000_000, 10**9

    with pytest.raises(Refused, match="outside a spreadsheet's grid"):
        scan_workbook(hostile.xlsx_row_without_number_after_the_last(), "xlsx")


def test_a_huge_mimetype_entry_is_refused_from_its_declared_size_without_being_read(plan):
    data = hostile.set_declared_size(hostile.ods_repeated_rows(), "mimetype", 2**31)

    assert "too large once unpacked" in rejected_file(data, plan)


def test_elements_are_limited_across_all_sheets_together(settings):
    settings.IMPORT_MAX_CELLS = 10_000  # 40,000 elements in the whole file
    one = hostile.worksheet_with_many_elements(15_000)
    scan_workbook(hostile.xlsx_with_sheets([one]), "xlsx")  # one sheet alone is fine

    with pytest.raises(Refused, match="far larger inside"):
        scan_workbook(hostile.xlsx_with_sheets([one, one, one]), "xlsx")


def test_a_workbook_of_too_many_sheets_is_refused(settings):
    settings.IMPORT_MAX_SHEETS = 5
    sheet = hostile.worksheet(hostile.HEADER_ROW)

    with pytest.raises(Refused, match="more than 5 sheets"):
        scan_workbook(hostile.xlsx_with_sheets([sheet] * 6), "xlsx", Limits.from_settings())


def test_a_workbook_whose_sheets_live_outside_xl_are_found_through_relationships():
    # A genuine layout choice (absolute targets, as openpyxl writes): found, not skipped.
    data = hostile.xlsx_million_rows()

    def absolute(name, content):
        if name == "xl/_rels/workbook.xml.rels":
            content = content.replace(b'Target="worksheets/', b'Target="/xl/worksheets/')
        return [(name, content)]

    with pytest.raises(Refused, match="at most 50,000 rows"):
        scan_workbook(hostile.rewrite(data, absolute), "xlsx")


# --- the registers (risks, measure values, people) ---------------------------------------

REGISTER_BOMBS = {
    "a million rows": hostile.xlsx_million_rows,
    "cells up to XFD1048576": hostile.xlsx_declaring_whole_grid,
    "a workbook moved by _rels/.rels": hostile.xlsx_workbook_moved,
}


@pytest.mark.parametrize("builder", REGISTER_BOMBS.values(), ids=REGISTER_BOMBS.keys())
@pytest.mark.parametrize("kind", ["risks", "people"])
def test_a_register_import_gets_the_same_shape_check(builder, kind, borough, editor):
    started = time.perf_counter()
    with pytest.raises(FlatImportRejected):
        flat_import(kind=kind, borough=borough, user=editor, data=builder())
    assert time.perf_counter() - started < 5
    assert not Risk.objects.exists() and not Person.objects.exists()


def test_a_malformed_register_workbook_is_a_plain_refusal_not_an_error(borough, editor):
    data = hostile.xlsx_with_sheet(b"<worksheet><sheetData><row><c><v>1</v></c>")

    with pytest.raises(FlatImportRejected) as refused:
        flat_import(kind="risks", borough=borough, user=editor, data=data)

    assert "damaged" in refused.value.problems[0]


# --- the CLI ------------------------------------------------------------------------------


def test_the_cli_refuses_a_file_over_the_limit_from_its_size_without_reading_it(
    tmp_path, borough, plan
):
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as stream:  # sparse: 1.5 GB that takes no disk and no memory
        stream.truncate(1536 * 1024 * 1024)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()

    with pytest.raises(CommandError, match="larger than the 5.0"):
        call_command("import_plan", str(huge), "--borough", borough.slug, "--plan", plan.slug)

    assert time.perf_counter() - started < 1
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50 * 1024


def test_the_zip_fixture_helpers_leave_a_valid_zip():
    data = hostile.xlsx_with_sheets([hostile.worksheet(hostile.HEADER_ROW)] * 2)
    assert zipfile.ZipFile(__import__("io").BytesIO(data)).testzip() is None


def test_the_admins_register_import_refuses_a_bomb_before_the_library_reads_it(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("risks.xlsx", hostile.xlsx_million_rows())
    response = admin_client.post(
        reverse("admin:governance_risk_import"), {"import_file": upload, "format": "1"}
    )

    assert response.status_code == 200
    assert "an import reads at most 50,000 rows" in response.content.decode()
    assert not Risk.objects.exists()
