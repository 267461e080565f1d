"""Every kind of bad file gets a clear message, and nothing is written."""

import io
import zipfile

import openpyxl
import pytest

from actions.models import Action, Objective, Priority
from actions.spreadsheets.apply import ImportRejected
from actions.spreadsheets.reader import UnreadableFile
from boroughs.models import Person
from tests.imports.conftest import csv_bytes, run, xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
GOOD_ROW = ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"]


def snapshot():
    return (
        Action.objects.count(),
        Objective.objects.count(),
        Priority.objects.count(),
        Person.objects.count(),
        Action.history.count(),
        Person.history.count(),
    )


def rejected_file(data, plan, filename="plan.xlsx"):
    before = snapshot()
    with pytest.raises(UnreadableFile) as caught:
        run(data, plan, filename=filename)
    assert snapshot() == before
    return caught.value.message


def rejected_rows(data, plan, filename="plan.xlsx"):
    before = snapshot()
    with pytest.raises(ImportRejected) as caught:
        run(data, plan, filename=filename)
    assert snapshot() == before
    return caught.value.result


def _docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "This file is a PDF, not a spreadsheet"),
        (_docx(), "This file is a word-processor document, not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Excel 97-2003 (.xls) file"),
        (b"<html><body><table><tr><td>Ref</td></tr></table>", "a web page (HTML)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file is not a spreadsheet"),
    ],
    ids=["pdf", "word", "xls", "html", "png"],
)
def test_a_disguised_file_is_refused_by_its_content_not_its_name(data, words, plan):
    assert words in rejected_file(data, plan, filename="action-plan.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused(plan):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("notes.txt", "hello")
    assert rejected_file(out.getvalue(), plan) == (
        "This file is a zip archive, not a spreadsheet. Upload .xlsx, .ods or .csv."
    )


def test_a_truncated_workbook_is_reported_as_damaged(plan):
    data = xlsx_bytes(HEADER, [GOOD_ROW])
    message = rejected_file(data[: len(data) // 2], plan)
    assert message.startswith("The file could not be opened: it may be damaged")


def test_a_workbook_with_broken_insides_is_reported_as_damaged(plan):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "not xml at all <<<")
    message = rejected_file(out.getvalue(), plan)
    assert message.startswith("The workbook could not be read: it may be damaged")


def test_an_empty_file_is_refused(plan):
    assert rejected_file(b"", plan) == "The file is empty."


def test_an_empty_workbook_is_refused(plan):
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    assert rejected_file(out.getvalue(), plan) == (
        "The workbook is empty: none of its sheets has anything in it."
    )


def test_a_sheet_without_a_recognisable_header_is_refused(plan):
    data = xlsx_bytes(["Name", "Notes", "Colour"], [["a", "b", "c"]])
    message = rejected_file(data, plan)
    assert message.startswith("No header row was found.")
    assert "Download the template" in message


def test_a_csv_that_is_not_utf8_is_refused_with_how_to_save_it(plan):
    data = "Ref,Objective,Action\n1,Café,Publish £5 guide\n".encode("cp1252")
    assert "CSV UTF-8 (Comma delimited)" in rejected_file(data, plan, filename="plan.csv")


def test_a_file_over_the_size_limit_is_refused(plan, settings):
    settings.IMPORT_MAX_BYTES = 1000
    data = csv_bytes(HEADER, [GOOD_ROW] * 40)
    assert len(data) > 1000
    message = rejected_file(data, plan, filename="plan.csv")
    assert message.startswith("The file is ")
    assert "larger than the 1000\xa0bytes limit" in message


def test_duplicate_action_references_get_a_stable_suffix_and_a_warning(plan):
    # Issue 19: a data problem is a warning with a visible default, not a refusal.
    rows = [GOOD_ROW, ["1.1", "Early help", "Train SENCOs", "", "", ""]]
    result, _ = run(xlsx_bytes(HEADER, rows), plan)
    assert result.ok
    assert result.warnings == [
        "Reference 1.1 is already used (row 2): this action is imported as 1.1-2."
    ]
    assert set(plan.actions.values_list("reference", flat=True)) == {"1.1", "1.1-2"}


def test_duplicate_issue_numbers_in_an_inspection_table_get_a_suffix(plan):
    header = ["No.", "Issue", "Action Health", "Who"]
    rows = [["3.", "EHC plans vary", "Audit plans", ""], ["3.", "Reviews vary", "Track them", ""]]
    result, _ = run(xlsx_bytes(header, rows), plan)
    assert result.warnings == ["Reference 3 is already used on row 2: this row is imported as 3-2."]
    assert set(plan.actions.values_list("reference", flat=True)) == {"3-H1", "3-2-H1"}


def test_an_unknown_status_is_an_error_naming_the_accepted_words(plan):
    rows = [[*GOOD_ROW[:5], "Purple"]]
    result = rejected_rows(xlsx_bytes(HEADER, rows), plan)
    assert result.errors[0].errors == [
        "The status “Purple” is not one the import knows. Use Red, Amber, Green, Blue "
        "(or R, A, G, B), Complete, Completed, On track, or blank."
    ]


def test_a_formula_cell_is_an_error(plan):
    rows = [["1.1", "Early help", '=CONCAT("Publish", " guide")', "", "", ""]]
    result = rejected_rows(xlsx_bytes(HEADER, rows), plan)
    assert result.errors[0].errors == [
        "The Action cell holds a formula. Replace formulas with their values (copy, then "
        "Paste Special > Values) and upload the file again."
    ]


def test_a_formula_in_a_column_the_import_ignores_does_no_harm(plan):
    header = [*HEADER, "Days left"]
    rows = [[*GOOD_ROW, "=TODAY()-DATE(2025,1,1)"]]
    result, _ = run(xlsx_bytes(header, rows), plan)
    assert result.counts()["actions"]["created"] == 1
    assert result.sheet.header.unknown == ["Days left"]


def test_an_extremely_long_cell_is_an_error(plan):
    rows = [["1.1", "Early help", "x" * 10_001, "", "", ""]]
    result = rejected_rows(xlsx_bytes(HEADER, rows), plan)
    assert result.errors[0].errors == [
        "The Action cell is 10,001 characters long; the limit is 10,000. Shorten it, or "
        "check it was not pasted twice."
    ]


def test_one_bad_row_among_good_ones_writes_nothing_at_all(plan):
    rows = [GOOD_ROW, ["1.2", "", "Train SENCOs", "Jo Baty", "Q3", "Sideways"]]
    result = rejected_rows(xlsx_bytes(HEADER, rows), plan)
    assert [r.outcome for r in result.rows] == ["new", "error"]
    assert not Person.objects.filter(name__in=["Helen Green", "Jo Baty"]).exists()
