"""The grid step (issue 19): a file the import cannot place is never a dead end.

Every heading, person and action below is TEST DATA invented for these tests.
"""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, ImportLayout, Priority
from actions.spreadsheets.grid import layout_choices
from actions.spreadsheets.layout import clean_layout
from tests.imports.conftest import xlsx_bytes
from tests.imports.test_views import client_for, token_of, upload

# Short texts and headings no synonym names: neither words nor shape can place it.
HEADER = ["Area", "Task", "Person", "Notes"]
ROWS = [
    ["", "Early identification", "", ""],
    ["1", "Publish offer", "Test Officer One", "TEST DATA"],
    ["2", "Train SENCOs", "Test Officer Two", ""],
]
NEXT_QUARTER = [*ROWS, ["3", "Audit plans", "Test Officer One", ""]]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def grid_answers(token):
    """Four choices: the header row, two column meanings, one heading row."""
    return {
        "token": token,
        "s0-read": "yes",
        "s0-header": "1",
        "s0-c1": "action",
        "s0-c2": "owners",
        "s0-r2": "priority",
        "layout_name": "TEST DATA quarterly layout",
    }


def test_a_file_the_import_cannot_place_goes_to_the_grid_and_imports(plan, borough_admin):
    client = client_for(borough_admin)
    url = reverse("plan_import", args=[plan.pk])
    data = xlsx_bytes(HEADER, ROWS)
    response = client.post(url, {"file": upload(data=data)})
    assert response.status_code == 302
    assert reverse("plan_import_grid", args=[plan.pk]) in response["Location"]
    grid = client.get(response["Location"])
    assert grid.status_code == 200
    page = grid.content.decode()
    assert "Early identification" in page and "Column B means" in page
    token = re.search(r'name="token" value="([^"]+)"', page)[1]

    answers = grid_answers(token)
    preview = client.post(reverse("plan_import_grid", args=[plan.pk]), answers)
    assert preview.status_code == 200
    assert "Saved the layout" in preview.content.decode()
    for line in [
        "Sheet “Plan”: the headings are on row 1.",
        "Sheet “Plan”: column B is read as Action.",
        "Sheet “Plan”: column C is read as Owners (responsible).",
        "Sheet “Plan”: row 2 is a priority heading.",
    ]:
        assert line in preview.content.decode()
    saved = ImportLayout.objects.get(borough=plan.borough, plan=plan)
    assert saved.name == "TEST DATA quarterly layout"
    assert layout_choices(saved.layout) == 4
    assert not Action.objects.filter(plan=plan).exists()  # nothing written before confirm

    done = client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token_of(preview)})
    assert done.status_code == 200
    got = {a.reference: a for a in Action.objects.filter(plan=plan)}
    assert {r: a.description for r, a in got.items()} == {
        "1": "Publish offer",
        "2": "Train SENCOs",
    }
    assert got["1"].priority.title == "Early identification"
    assert [p.name for p in got["2"].owners.all()] == ["Test Officer Two"]

    # The next quarter's file: no questions, straight to the preview.
    response = client.post(url, {"file": upload(data=xlsx_bytes(HEADER, NEXT_QUARTER))})
    assert response.status_code == 200
    assert "1 new" in response.content.decode()
    assert "Read with your layout" in response.content.decode()
    client.post(reverse("plan_import_confirm", args=[plan.pk]), {"token": token_of(response)})
    assert Action.objects.filter(plan=plan).count() == 3
    assert Priority.objects.filter(plan=plan).count() == 1


def test_cancelling_at_the_grid_writes_nothing(plan, borough_admin):
    client = client_for(borough_admin)
    response = client.post(
        reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, ROWS))}
    )
    client.get(response["Location"])
    assert not Action.objects.filter(plan=plan).exists()
    assert not ImportLayout.objects.exists()


def test_a_grid_without_a_header_row_asks_again(plan, borough_admin):
    client = client_for(borough_admin)
    response = client.post(
        reverse("plan_import", args=[plan.pk]), {"file": upload(data=xlsx_bytes(HEADER, ROWS))}
    )
    token = response["Location"].split("token=")[1]
    again = client.post(
        reverse("plan_import_grid", args=[plan.pk]), {"token": token, "s0-read": "yes"}
    )
    assert again.status_code == 400
    assert "Choose the row that holds the column headings" in again.content.decode()
    assert not ImportLayout.objects.exists()


def test_an_outsider_cannot_use_another_boroughs_grid(plan, outsider):
    client = client_for(outsider)
    response = client.get(reverse("plan_import_grid", args=[plan.pk]) + "?token=x")
    assert response.status_code == 404


def test_the_cli_takes_a_layout_by_name_or_file(plan, tmp_path, capsys):
    layout = {
        "sheets": {"Plan": {"header_row": 1, "columns": {"1": "action", "2": "owners"}}},
        "ignored": "dropped by clean_layout",
    }
    ImportLayout.objects.create(borough=plan.borough, name="TEST DATA", layout=layout)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(HEADER, ROWS[1:]))
    call_command(
        "import_plan", str(path), borough=plan.borough.slug, plan=plan.slug, layout="TEST DATA"
    )
    assert Action.objects.filter(plan=plan).count() == 2

    file = tmp_path / "layout.json"
    file.write_text('{"sheets": {"Plan": {"header_row": 1, "columns": {"1": "action"}}}}')
    call_command(
        "import_plan",
        str(path),
        borough=plan.borough.slug,
        plan=plan.slug,
        layout=str(file),
        dry_run=True,
    )
    out = capsys.readouterr().out
    assert "The browser would ask:" in out and "Column “Person”" in out


def test_a_dry_run_of_a_file_without_a_table_says_what_it_would_ask(plan, tmp_path, capsys):
    from django.core.management.base import CommandError

    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(HEADER, ROWS))
    with pytest.raises(CommandError):
        call_command(
            "import_plan", str(path), borough=plan.borough.slug, plan=plan.slug, dry_run=True
        )
    assert "which row is the header" in capsys.readouterr().out


def test_clean_layout_keeps_only_what_the_reader_understands():
    raw = {
        "sheets": {
            "A": {
                "header_row": "3",
                "columns": {"0": "action", "1": "password", "x": "owners", "2": ""},
                "headings": {"4": "priority", "5": "delete everything"},
                "extra": 1,
            },
            "B": "nonsense",
        },
        "read": ["A", 7],
    }
    assert clean_layout(raw) == {
        "sheets": {
            "A": {
                "header_row": 3,
                "columns": {"0": "action", "2": ""},
                "headings": {"4": "priority"},
            }
        },
        "read": ["A"],
    }
    assert clean_layout("not a layout") == {}


def test_the_admins_choice_wins_over_recognised_columns(plan):
    from actions.spreadsheets.reader import read_workbook

    data = xlsx_bytes(
        ["Ref", "Action", "Our plan", "Status"],
        [["1", "TEST DATA short", "TEST DATA: the long text the plan means", "Green"]],
    )
    layout = {"sheets": {"Plan": {"columns": {"1": "", "2": "action", "3": "narrative"}}}}
    header = read_workbook(data, None, layout).sheets[0].header
    assert header.fields["action"] == 2
    assert header.fields["narrative"] == 3
    assert "status" not in header.fields
    assert not header.unknown_columns()


def test_a_new_plan_from_the_grid_keeps_its_layout(borough, borough_admin):
    from actions.models import Plan

    client = client_for(borough_admin)
    url = reverse("borough_import", args=[borough.slug])
    data = xlsx_bytes(HEADER, ROWS)
    response = client.post(url, {"title": "TEST DATA new plan", "file": upload(data=data)})
    assert reverse("borough_import_grid", args=[borough.slug]) in response["Location"]
    token = response["Location"].split("token=")[1]
    preview = client.post(reverse("borough_import_grid", args=[borough.slug]), grid_answers(token))
    assert preview.status_code == 200
    client.post(
        reverse("borough_import_confirm", args=[borough.slug]), {"token": token_of(preview)}
    )
    plan = Plan.objects.get(borough=borough, title="TEST DATA new plan")
    assert Action.objects.filter(plan=plan).count() == 2
    assert ImportLayout.objects.get(borough=borough).plan == plan
