"""Flat imports and exports (django-import-export) of the risk register, measure values
and people: scoped to one borough, previewed, all or nothing, audited, safe to open."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
import tablib

from actions.models import MeasureValue, SuccessMeasure
from boroughs.models import Organisation, Person, PersonKind
from governance.flat_services import FlatImportRejected, flat_export, flat_import, flat_preview
from governance.models import Risk


def _csv(*rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _rows(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


RISK_HEADER = [
    "risk_id",
    "description",
    "likelihood",
    "impact",
    "owner",
    "mitigation",
    "status",
    "actions",
]


@pytest.fixture
def owner(borough):
    return Person.objects.create(borough=borough, name="Sam Owner")


def test_a_risk_register_is_previewed_then_imported_with_owner_and_actions(
    borough, editor, owner, action
):
    data = _csv(
        RISK_HEADER,
        [
            "R1",
            "Tribunal backlog",
            "4",
            "5",
            "Sam Owner",
            "Extra caseworkers",
            "open",
            action.reference,
        ],
        ["R2", "Data quality", "2", "2", "", "", "open", ""],
    )
    preview = flat_preview(kind="risks", borough=borough, user=editor, data=data)
    assert (preview.new, preview.updated) == (2, 0)
    assert not Risk.objects.exists()  # the preview writes nothing

    outcome = flat_import(kind="risks", borough=borough, user=editor, data=data)
    assert outcome.new == 2
    risk = Risk.objects.get(risk_id="R1")
    assert (risk.borough, risk.score, risk.owner, list(risk.actions.all())) == (
        borough,
        20,
        owner,
        [action],
    )
    assert risk.history.first().history_user == editor
    assert risk.history.first().history_change_reason == "Imported from a flat file"

    again = flat_import(kind="risks", borough=borough, user=editor, data=data)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (["R3", "Bad", "7", "2", "", "", "open", ""], "Likelihood must be between 1 and 5"),
        (["R3", "Bad", "2", "2", "Nobody", "", "open", ""], "no person 'Nobody'"),
        (["R3", "Bad", "2", "2", "", "", "open", "9.9"], "no action '9.9'"),
        (["R3", "Bad", "2", "2", "", "", "maybe", ""], "not a valid choice"),
    ],
)
def test_a_bad_risk_row_refuses_the_whole_file_and_writes_nothing(borough, editor, row, problem):
    good = ["R1", "Fine", "1", "1", "", "", "open", ""]
    data = _csv(RISK_HEADER, good, row)
    with pytest.raises(FlatImportRejected) as refused:
        flat_import(kind="risks", borough=borough, user=editor, data=data)
    assert any(problem in p and p.startswith("Row 3") for p in refused.value.problems), (
        refused.value.problems
    )
    assert not Risk.objects.exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"%PDF-1.7 not a sheet", "PDF"),
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "not a spreadsheet"),
        (_csv(["colour", "size"], ["red", "big"]), "no risk_id column"),
        (_csv(RISK_HEADER), "no rows"),
    ],
)
def test_a_file_that_is_not_a_register_is_refused(borough, editor, data, problem):
    with pytest.raises(FlatImportRejected) as refused:
        flat_import(kind="risks", borough=borough, user=editor, data=data)
    assert problem in refused.value.problems[0]
    assert not Risk.objects.exists()


def test_a_file_over_the_size_limit_is_refused(borough, editor, settings):
    settings.IMPORT_MAX_BYTES = 100
    data = _csv(RISK_HEADER, *[["R1", "x" * 50, "1", "1", "", "", "open", ""]] * 3)
    with pytest.raises(FlatImportRejected, match="larger than the 100"):
        flat_import(kind="risks", borough=borough, user=editor, data=data)


def test_an_import_never_touches_another_boroughs_rows(borough, other_borough, editor):
    theirs = Risk.objects.create(borough=other_borough, risk_id="R1", description="Theirs")
    flat_import(
        kind="risks",
        borough=borough,
        user=editor,
        data=_csv(
            ["borough", *RISK_HEADER], ["hackney", "R1", "Ours", "1", "1", "", "", "open", ""]
        ),
    )
    theirs.refresh_from_db()
    assert theirs.description == "Theirs"
    assert Risk.objects.get(borough=borough, risk_id="R1").description == "Ours"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_export_neutralises_cells_a_spreadsheet_would_run(
    borough, editor, owner, plan, start
):
    payload = f'{start}HYPERLINK("http://evil.example")'
    Risk.objects.create(borough=borough, risk_id="R1", description=payload, mitigation=payload)
    measure = SuccessMeasure.objects.create(plan=plan, description=payload)
    MeasureValue.objects.create(measure=measure, date=dt.date(2024, 3, 31), value=1, note=payload)
    Person.objects.create(borough=borough, name=payload, job_title=payload)
    for kind in ("risks", "measure-values", "people"):
        cells = [c for row in _rows(flat_export(kind=kind, borough=borough)) for c in row]
        assert payload not in cells, kind
        assert "'" + payload in cells, kind
        workbook = tablib.Dataset().load(
            flat_export(kind=kind, borough=borough, fmt="xlsx"), "xlsx"
        )
        xlsx_cells = [c for row in workbook for c in row]
        assert not any(isinstance(c, str) and c.startswith(start) for c in xlsx_cells), kind


def test_measure_values_import_for_the_boroughs_own_measures_only(
    borough, other_borough, editor, plan
):
    ours = SuccessMeasure.objects.create(plan=plan, description="Ours", unit="%")
    from actions.models import Plan

    other_plan = Plan.objects.create(borough=other_borough, slug="x", title="Theirs")
    theirs = SuccessMeasure.objects.create(plan=other_plan, description="Theirs")
    data = _csv(["measure_id", "date", "value", "note"], [ours.pk, "2024-03-31", "61.5", "Q4"])
    outcome = flat_import(kind="measure-values", borough=borough, user=editor, data=data)
    assert outcome.new == 1
    value = MeasureValue.objects.get()
    assert (value.value, value.date) == (Decimal("61.5"), dt.date(2024, 3, 31))
    assert value.history.get().history_user == editor

    bad = _csv(["measure_id", "date", "value"], [theirs.pk, "2024-03-31", "1"])
    with pytest.raises(FlatImportRejected, match="no measure"):
        flat_import(kind="measure-values", borough=borough, user=editor, data=bad)
    assert not MeasureValue.objects.filter(measure=theirs).exists()


def test_people_import_with_organisations_of_the_borough(borough, editor):
    Organisation.objects.create(borough=borough, name="Hammersmith & Fulham Council")
    data = _csv(
        ["name", "job_title", "organisation", "email"],
        ["Ola Lead", "SEND lead", "Hammersmith & Fulham Council", "ola@example.org"],
    )
    assert flat_import(kind="people", borough=borough, user=editor, data=data).new == 1
    person = Person.objects.get(name="Ola Lead")
    assert (person.borough, person.organisation.name) == (borough, "Hammersmith & Fulham Council")

    bad = _csv(["name", "email"], ["Someone", "not-an-email"])
    with pytest.raises(FlatImportRejected, match="email"):
        flat_import(kind="people", borough=borough, user=editor, data=bad)
    assert not Person.objects.filter(name="Someone").exists()


def test_people_register_carries_whether_each_is_a_person_or_a_role_both_ways(borough, editor):
    Person.objects.create(borough=borough, name="SEND team", kind=PersonKind.ROLE)
    Person.objects.create(borough=borough, name="Ola Lead")
    rows = _rows(flat_export(kind="people", borough=borough))
    kinds = {row[rows[0].index("name")]: row[rows[0].index("kind")] for row in rows[1:]}
    assert kinds == {"SEND team": "Role or team", "Ola Lead": "Person"}

    data = _csv(
        ["name", "kind"],
        ["Head teachers", "role or team"],
        ["Designated clinical officer", "ROLE"],
        ["Kim Officer", ""],
    )
    assert flat_import(kind="people", borough=borough, user=editor, data=data).new == 3
    assert dict(Person.objects.filter(borough=borough).values_list("name", "kind")) == {
        "SEND team": "role",
        "Ola Lead": "person",
        "Head teachers": "role",
        "Designated clinical officer": "role",
        "Kim Officer": "person",
    }

    bad = _csv(["name", "kind"], ["Someone", "a committee"])
    with pytest.raises(FlatImportRejected, match="Role or team"):
        flat_import(kind="people", borough=borough, user=editor, data=bad)
    assert not Person.objects.filter(name="Someone").exists()
