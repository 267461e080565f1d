"""The formats and layouts councils actually send."""

import datetime as dt
import io

import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

from actions.models import Action
from actions.spreadsheets.apply import ImportRejected
from boroughs.models import Person
from tests.imports.conftest import csv_bytes, ods_bytes, preview, run, xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "RAG status"]
ROWS = [
    ["1.1", "Early help", "Publish the local offer", "Helen Green, Head of Local Offer", "Q2", "G"],
    ["1.2", "", "Train SENCOs on outcomes", "Jo Baty / Helen Green", "Summer term 2020", "amber"],
    ["2.1", "Transition", "Agree the PfA pathway", "Jo Baty", "31/3/20", "Completed"],
]


def imported(plan):
    return {a.reference: a for a in Action.objects.filter(plan=plan)}


def test_an_ods_file_imports(plan):
    result, _ = run(ods_bytes(HEADER, ROWS), plan, filename="plan.ods")

    assert result.sheet.kind == "ods"
    actions = imported(plan)
    assert set(actions) == {"1.1", "1.2", "2.1"}
    assert actions["1.2"].objective == actions["1.1"].objective  # blank objective: same as above
    assert actions["2.1"].status == "blue"
    assert actions["2.1"].due_date == dt.date(2020, 3, 31)


def test_a_semicolon_csv_with_a_byte_order_mark_imports(plan):
    data = csv_bytes(HEADER, ROWS, delimiter=";", bom=True)
    assert data.startswith(b"\xef\xbb\xbf")

    result, _ = run(data, plan, filename="plan.csv")

    assert result.sheet.delimiter == ";"
    assert result.sheet.header.fields["reference"] == 0  # the BOM is not part of "Ref"
    assert imported(plan)["1.1"].status == "green"
    assert imported(plan)["1.2"].status == "amber"


def test_a_comma_csv_without_a_byte_order_mark_imports(plan):
    result, _ = run(csv_bytes(HEADER, ROWS), plan, filename="plan.csv")
    assert result.sheet.delimiter == ","
    assert len(imported(plan)) == 3


def test_the_header_may_sit_below_a_title_and_notes(plan):
    before = [["SEND Local Area Action Plan"], ["Updated March 2020"], [], ["Key: R A G B"]]
    result, _ = run(xlsx_bytes(HEADER, ROWS, before=before), plan)

    assert result.sheet.header.row_index == 4
    assert [r.number for r in result.rows] == [6, 7, 8]  # rows as the spreadsheet numbers them


def test_the_first_sheet_with_a_header_is_read(plan):
    cover = ("Cover", [["Action plan"], ["Action", "what we will do"]])
    data = xlsx_bytes(HEADER, ROWS, sheet="Actions", extra_sheets=[cover])

    result, _ = run(data, plan)

    assert result.sheet.name == "Actions"
    assert len(imported(plan)) == 3


def test_headers_match_whatever_their_case_punctuation_and_spacing(plan):
    header = ["  REF. ", "key concern", "ACTIONS", "Responsible  officer", "By when?", "rag"]
    result, _ = run(xlsx_bytes(header, ROWS), plan)
    assert set(result.sheet.header.fields) == {
        "reference",
        "objective",
        "action",
        "owners",
        "timescale",
        "status",
    }
    assert len(imported(plan)) == 3


def test_unknown_columns_are_listed_and_ignored(plan):
    header = [*HEADER, "Budget", "Comments"]
    rows = [[*ROWS[0], "£5,000", "see minutes"]]
    result = preview(xlsx_bytes(header, rows), plan)
    assert result.sheet.header.unknown == ["Budget", "Comments"]
    assert result.ok


def test_status_words_in_any_case_are_accepted(plan):
    words = ["R", "amber", "GREEN", "b", "Complete", "completed", "On Track", "", "Red."]
    rows = [[f"1.{i}", "Early help", f"Action {i}", "", "", w] for i, w in enumerate(words)]
    run(xlsx_bytes(HEADER, rows), plan)
    statuses = [imported(plan)[f"1.{i}"].status for i in range(len(words))]
    assert statuses == ["red", "amber", "green", "blue", "blue", "blue", "green", "", "red"]


def test_a_real_date_cell_is_the_due_date(plan):
    rows = [["1.1", "Early help", "Publish", "", dt.date(2020, 1, 15), ""]]
    run(xlsx_bytes(HEADER, rows), plan)
    action = imported(plan)["1.1"]
    assert action.due_date == dt.date(2020, 1, 15)
    assert action.timescale == ""


def test_agency_cells_reading_na_or_a_dash_are_no_action(plan):
    header = ["No.", "Issue", "Action Health", "Action LA", "Action Social Care", "Who"]
    rows = [["1.", "Waits are long", "Add clinics", "N/A", "-", "Jo Baty"]]
    run(xlsx_bytes(header, rows), plan)
    assert set(imported(plan)) == {"1-H1"}


def test_social_care_and_education_columns_make_their_own_references(plan):
    header = ["No.", "Issue", "Action Social Care", "Action Education", "Who"]
    rows = [["2.", "Transitions", "Review packages", "Train SENCOs", ""], ["", "", "", "Audit", ""]]
    run(xlsx_bytes(header, rows), plan)
    actions = imported(plan)
    assert actions["2-SC1"].lead_agency == "social_care"
    assert actions["2-ED1"].lead_agency == "education"
    assert actions["2-ED2"].objective == actions["2-ED1"].objective


def test_a_repeated_header_row_is_skipped(plan):
    rows = [ROWS[0], HEADER, ROWS[2]]
    result, _ = run(xlsx_bytes(HEADER, rows), plan)
    assert [r.outcome for r in result.rows] == ["new", "skipped", "new"]


def test_rows_without_references_get_stable_ones(plan):
    header = ["Objective", "Action", "Who"]
    rows = [
        ["Early help", "Publish the offer", ""],
        ["", "Train SENCOs", ""],
        ["Transition", "PfA", ""],
    ]
    run(xlsx_bytes(header, rows), plan)
    assert set(imported(plan)) == {"1", "2", "3"}
    result, _ = run(xlsx_bytes(header, rows), plan)
    assert result.counts()["actions"]["unchanged"] == 3


def test_owners_are_matched_by_name_and_never_duplicated(plan, owner):
    rows = [["1.1", "Early help", "Publish", "corina  christos / Corina Christos, Nurse", "", ""]]
    run(xlsx_bytes(HEADER, rows), plan)
    assert Person.objects.filter(name__iexact="Corina Christos").count() == 1
    assert list(imported(plan)["1.1"].owners.all()) == [owner]


def test_without_a_priority_column_actions_go_under_the_plans_first_priority(plan, priority):
    run(xlsx_bytes(HEADER, ROWS), plan)
    assert {a.priority for a in imported(plan).values()} == {priority}


def test_without_any_priority_one_called_actions_is_created(plan):
    run(xlsx_bytes(HEADER, ROWS), plan)
    assert plan.priorities.get().title == "Actions"


def _ods_with_formula():
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Plan")
    for values in (["Ref", "Objective", "Action"], ["1.1", "Early help", None]):
        row = TableRow()
        for value in values:
            if value is None:
                cell = TableCell(valuetype="float", value=2, formula="of:=1+1")
                cell.addElement(P(text="2"))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def test_a_formula_in_an_ods_file_is_an_error(plan):
    with pytest.raises(ImportRejected) as caught:
        run(_ods_with_formula(), plan, filename="plan.ods")
    row = caught.value.result.errors[0]
    assert row.number == 2
    assert row.errors[0].startswith("The Action cell holds a formula.")
    assert not Action.objects.exists()
