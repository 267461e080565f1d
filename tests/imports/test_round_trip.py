"""Export, then import the file again: nothing changes. And no export can carry a formula."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, Objective, Priority, Tag
from actions.spreadsheets.export import export_plan
from actions.spreadsheets.values import restore
from boroughs.models import Person
from tests.imports.conftest import preview, run

DANGEROUS = [
    '=HYPERLINK("http://evil.example","click")',
    "+44 20 7946 0000",
    "-2 weeks behind",
    "@SUM(A1:A9)",
    "\tindented with a tab",
    "\rstarts with a carriage return",
]


@pytest.fixture
def rich_plan(plan, priority, action, owner, borough):
    """A plan with every kind of row an export writes, and formula-like text in each column."""
    second = Priority.objects.create(plan=plan, number="2", title="=Transition", position=1)
    objective = Objective.objects.create(
        priority=second, number="2.1", title="+Preparing for adulthood", description="@risk"
    )
    Objective.objects.create(
        priority=second, number="2.2", title="An objective with no actions", position=1
    )
    Priority.objects.create(plan=plan, title="A priority with nothing under it", position=2)
    mallory = Person.objects.create(borough=borough, name="=Mallory", job_title="-")
    for n, text in enumerate(DANGEROUS, start=1):
        a = Action.objects.create(
            plan=plan,
            priority=second,
            objective=objective,
            reference=f"2.1.{n}",
            description=text,
            timescale="" if n == 1 else "Q3",
            due_date=dt.date(2019, 12, 31),
            status="amber",
            status_narrative=text,
            next_steps="-",
            lead_agency="joint",
            position=n,
        )
        a.owners.set([mallory, owner])
        a.tags.set([Tag.objects.create(borough=plan.borough, name=f"=tag {n}")])
    action.description = "'Quoted' at the start, which must stay as it is"
    action.status_narrative = "Typed in a web form,\r\nwhich sends line breaks as CRLF"
    action.save()
    return plan


def all_cells_of_xlsx(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_xlsx_is_formula_free(data):
    cells = all_cells_of_xlsx(data)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for value in DANGEROUS:
        # openpyxl shows the OOXML escape for a carriage return that Excel reads as one.
        assert "'" + value.replace("\r", "_x000D_") in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]


def assert_csv_is_formula_free(data):
    text = data.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]
    for value in DANGEROUS:
        assert "'" + value in cells


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_exported_plan_imports_back_with_nothing_changed(rich_plan, fmt):
    data, _, filename = export_plan(rich_plan, fmt)
    before = Action.history.count()

    result, _ = run(data, rich_plan, filename=filename)

    assert result.ok
    assert not result.has_changes, [r.messages for r in result.rows if r.outcome != "unchanged"]
    assert result.counts()["actions"]["unchanged"] == 7
    assert Action.history.count() == before
    # The neutralising apostrophe is gone again: the text is exactly what it was.
    assert [a.description for a in Action.objects.filter(reference__startswith="2.1.")] == DANGEROUS


def test_the_xlsx_export_carries_no_formulas(rich_plan):
    data, content_type, filename = export_plan(rich_plan, "xlsx")
    assert filename == "send-inspection-2019.xlsx"
    assert content_type.startswith("application/vnd.openxmlformats")
    assert_xlsx_is_formula_free(data)


def test_the_csv_export_carries_no_formulas(rich_plan):
    data, _, _ = export_plan(rich_plan, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert_csv_is_formula_free(data)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_cli_export_carries_no_formulas(rich_plan, fmt, tmp_path):
    out = tmp_path / f"plan.{fmt}"
    call_command(
        "export_plan",
        "--borough=hammersmith-fulham",
        "--plan=send-inspection-2019",
        f"--format={fmt}",
        f"--output={out}",
        stdout=io.StringIO(),
    )
    data = out.read_bytes()
    assert_xlsx_is_formula_free(data) if fmt == "xlsx" else assert_csv_is_formula_free(data)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_web_export_carries_no_formulas(rich_plan, viewer, client, fmt):
    client.force_login(viewer)
    response = client.get(reverse("plan_export", args=[rich_plan.pk]), {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="send-inspection-2019.{fmt}"'
    data = response.content
    assert_xlsx_is_formula_free(data) if fmt == "xlsx" else assert_csv_is_formula_free(data)


def test_the_action_list_csv_carries_no_formulas(rich_plan, viewer, client):
    client.force_login(viewer)
    response = client.get(reverse("action_export_csv"))
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    assert_csv_is_formula_free(text)


def test_the_apostrophe_is_stripped_on_import_only_before_a_dangerous_character():
    assert restore("'=SUM(A1)") == "=SUM(A1)"
    assert restore("'-2 weeks") == "-2 weeks"
    assert restore("'\tTab") == "\tTab"
    assert restore("'Quoted' text") == "'Quoted' text"
    assert restore("''=x") == "''=x"
    assert restore("=x") == "=x"


def test_an_import_keeps_an_apostrophe_that_export_did_not_add(rich_plan):
    data, _, _ = export_plan(rich_plan, "csv")
    run(data, rich_plan, filename="plan.csv")
    assert Action.objects.get(reference="1-H1").description.startswith("'Quoted'")


def test_an_edited_export_updates_only_the_rows_that_changed(rich_plan):
    data, _, _ = export_plan(rich_plan, "csv")
    text = data.decode("utf-8-sig").replace("'Quoted' at the start", "Rewritten")
    result = preview(text.encode(), rich_plan, filename="edited.csv")
    assert [r.outcome for r in result.rows if r.outcome != "unchanged"] == ["update"]
    assert result.counts()["actions"] == {"created": 0, "updated": 1, "unchanged": 6}
