"""One line is one line (issue 20, item 4): control characters are refused in every
single-line field, on every write path: forms, the admin (model validation), the flat
registers' imports and plan imports. Multi-line text keeps its line breaks."""

import csv
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import Truncator

from actions.models import Milestone
from actions.spreadsheets.apply import ImportRejected
from boroughs.models import Person
from governance.flat_services import FlatImportRejected, flat_import
from governance.models import Risk
from sendplan.text import PROJECT_APPS, one_line, refuse_control_characters, truncate_words
from tests.forms.conftest import client_for
from tests.imports.conftest import csv_bytes, run

HOSTILE = ["A\nBcc: x@example.org", "A\rB", "A\tB", "A\x00B", "A\x1bB", "A\u2028B", "A\x85B"]


def test_every_single_line_field_of_every_model_refuses_control_characters():
    missing = [
        f"{model._meta.label}.{field.name}"
        for config in apps.get_app_configs()
        if config.label in PROJECT_APPS
        for model in config.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField) and refuse_control_characters not in field.validators
    ]
    assert not missing


@pytest.mark.parametrize("value", HOSTILE)
def test_a_model_refuses_a_control_character_in_a_single_line_field(borough, value):
    with pytest.raises(ValidationError) as refused:
        Person(borough=borough, name=value).full_clean()
    assert "name" in refused.value.error_dict


def test_multi_line_fields_keep_their_line_breaks(borough):
    Risk(
        borough=borough, risk_id="R1", description="Line one\nLine two", likelihood=1, impact=1
    ).full_clean()


def test_one_line_makes_any_run_of_control_characters_one_space():
    assert one_line("Action 1.1\r\nBcc: x@example.org\t \x00end") == (
        "Action 1.1 Bcc: x@example.org end"
    )


def test_a_form_refuses_a_line_break_in_a_single_line_box_and_saves_nothing(editor, action):
    response = client_for(editor).post(
        reverse("milestone_add", args=[action.pk]),
        {"title": "Panel agreed\nwith two lines", "timescale": "Autumn\n2024"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter this on one line, without line breaks" in page
    assert not Milestone.objects.exists()


def _csv(*rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_a_flat_register_import_refuses_a_name_with_a_line_break(borough, editor):
    data = _csv(["name", "job_title", "organisation", "email"], ["Sam\nBcc: x", "", "", ""])

    with pytest.raises(FlatImportRejected) as refused:
        flat_import(kind="people", borough=borough, user=editor, data=data)

    assert any("on one line" in p for p in refused.value.problems), refused.value.problems
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("column", "value", "what"),
    [
        (0, "1.1\nBcc: x@example.org", "reference"),
        (3, "Helen\x1bGreen", "owner's name"),
        (4, "Q2\t2025", "timescale"),
    ],
)
def test_a_plan_import_refuses_a_control_character_in_a_single_line_cell(plan, column, value, what):
    row = ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"]
    row[column] = value
    header = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]

    with pytest.raises(ImportRejected) as refused:
        # CSV: openpyxl will not even write most control characters into a workbook.
        run(csv_bytes(header, [row]), plan, filename="plan.csv")

    [errors] = [r.errors for r in refused.value.result.errors]
    assert any(f"The {what} “" in e and "Put it on one line" in e for e in errors), errors
    assert not plan.actions.exists()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One word",
        "  Runs of   spaces\tand\nnewlines are one space  ",
        " ".join(f"w{n}" for n in range(30)),
        " ".join(f"w{n}" for n in range(31)),
        " ".join(["word"] * 29 + ["…", "more"]),
        "Zoë’s plan: “quoted” <b>not markup</b> & more " * 8,
    ],
)
def test_truncate_words_cuts_as_djangos_truncator_does(text):
    assert truncate_words(text, 30) == Truncator(text).words(30, truncate=" …")
