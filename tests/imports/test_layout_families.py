"""Layout families nobody built the importer for (issue 19): found by shape, not words.

Priority titles and action wording marked "seed" come from fixtures/seeds/ (Hampshire's
SEN Strategy 2020-23 and Hackney's action plan); everything else is TEST DATA invented
for these tests: the headings, people, initials, organisations, ratings, dates and
progress notes describe no real council.
"""

import datetime as dt
import io

import pytest

from actions.models import RAGB, Action, LeadAgency, Priority, StatusUpdate
from actions.spreadsheets.dated import default_reported_as_at
from actions.spreadsheets.reader import read_workbook
from tests.imports.conftest import csv_bytes, run, xlsx_bytes
from tests.imports.test_real_layouts import assert_reimport_changes_nothing, workbook

# seed: Hampshire SEN Strategy 2020-23, priorities 1 and 2 and their actions.
SEED_P1 = "working in partnership with families, children and young people"
SEED_P2 = "Early recognition of needs and appropriate intervention"
SEED_1_4 = "Ensure decision makers have regard to parental preferences."
SEED_2_1 = (
    "Ensure children and young people's additional needs are recognised early and "
    "preventative action is taken that helps children overcome their difficulties."
)
SEED_2_3 = (
    "Ensure that Education, Health and Care assessments and plans are delivered within "
    "the statutory timeframes."
)


def actions(plan):
    return {a.reference: a for a in Action.objects.filter(plan=plan)}


# --- shape before words ----------------------------------------------------------


def test_a_phrase_headed_action_column_is_found_by_shape(plan):
    # TEST DATA headings: none of "Our plan", "Who is leading", "When" is a synonym of
    # the action column, and the row has no other column the words alone would accept.
    header = ["No", "Our plan", "Who is leading", "When"]
    rows = [
        ["1", SEED_1_4, "TEST DATA Officer One", "March 2021"],
        ["2", SEED_2_1, "TEST DATA Officer Two", "Summer term 2021"],
    ]
    data = xlsx_bytes(header, rows, before=[["TEST DATA Borough SEND plan 2020-23"], []])

    sheet = read_workbook(data).sheets[0]
    assert sheet.header.by_shape
    assert sheet.header.heading_of("action") == "Our plan"
    result, _ = run(data, plan)

    got = actions(plan)
    assert got["1"].description == SEED_1_4
    assert got["2"].description == SEED_2_1
    assert not result.unknown_columns
    assert [p.name for p in got["1"].owners.all()] == ["TEST DATA Officer One"]
    assert_reimport_changes_nothing(data, plan)


def test_the_longest_text_column_is_the_action_when_no_heading_says_so(plan):
    header = ["Ref", "How will we get there?", "Lead", "RAG"]
    rows = [
        ["2.1", SEED_2_1, "TEST DATA Officer One", "Green"],
        ["2.3", SEED_2_3, "TEST DATA Officer Two", "Amber"],
    ]
    run(csv_bytes(header, rows), plan, filename="plan.csv")
    got = actions(plan)
    assert got["2.1"].description == SEED_2_1
    assert got["2.3"].status == RAGB.AMBER


def test_a_title_row_is_not_taken_for_the_header(plan):
    # A short two-cell title row above the table is not a header: labels follow it.
    data = xlsx_bytes(
        ["Ref", "Our plan", "By when"],
        [["1", SEED_1_4, "March 2021"], ["2", SEED_2_1, "June 2021"]],
        before=[["TEST DATA plan", "Version 2"]],
    )
    header = read_workbook(data).sheets[0].header
    assert header.row_index == 1


def test_a_table_without_prose_is_still_refused(plan):
    from tests.imports.test_bad_input import rejected_file

    data = xlsx_bytes(["Name", "Notes", "Colour"], [["a", "b", "c"]])
    assert rejected_file(data, plan).startswith("No header row was found.")


# --- headings above and inside the table -----------------------------------------


@pytest.mark.parametrize(
    ("above", "number", "title", "description"),
    [
        ([f"Recommendation 3: {SEED_P2}"], "3", SEED_P2, None),
        ([f"Improvement area 2 – {SEED_P2}"], "2", SEED_P2, None),
        (
            ["Priority 1", SEED_P1, "TEST DATA outcome: families say they are heard"],
            "1",
            SEED_P1,
            "TEST DATA outcome: families say they are heard",
        ),
        ([f"4. To improve {SEED_P2.lower()}"], "4", f"To improve {SEED_P2.lower()}", None),
    ],
)
def test_a_heading_above_the_table_is_the_sheets_priority_with_its_text(
    plan, above, number, title, description
):
    data = xlsx_bytes(
        ["Ref", "Our plan", "Lead"],
        [["a", SEED_2_1, "TEST DATA Officer One"], ["b", SEED_2_3, "TEST DATA Officer Two"]],
        before=[["TEST DATA Borough SEND strategy action plan"], *([t] for t in above), []],
    )
    run(data, plan)
    priority = Priority.objects.get(plan=plan)
    assert (priority.number, priority.title) == (number, title)
    assert priority.description == (description or "")
    assert set(actions(plan)) == {"a", "b"}
    assert_reimport_changes_nothing(data, plan)


def test_heading_rows_inside_the_table_merged_across_two_columns(plan):
    data = workbook(
        (
            "Plan",
            [
                ["Ref", "Our plan", "Lead"],
                [f"Recommendation 1 {SEED_P1}", None, None],
                ["1.4", SEED_1_4, "TEST DATA Officer One"],
                [f"Recommendation 2 {SEED_P2}", None, None],
                ["2.1", SEED_2_1, "TEST DATA Officer Two"],
            ],
            ["A2:B2", "A4:B4"],
        )
    )
    run(data, plan)
    got = actions(plan)
    assert (got["1.4"].priority.number, got["1.4"].priority.title) == ("1", SEED_P1)
    assert (got["2.1"].priority.number, got["2.1"].priority.title) == ("2", SEED_P2)


# --- reported as at ---------------------------------------------------------------


def test_the_default_reported_as_at_is_the_end_of_the_last_finished_quarter():
    assert default_reported_as_at(dt.date(2026, 12, 7)) == dt.date(2026, 9, 30)
    assert default_reported_as_at(dt.date(2026, 1, 1)) == dt.date(2025, 12, 31)
    assert default_reported_as_at(dt.date(2026, 6, 30)) == dt.date(2026, 3, 31)
    assert default_reported_as_at(dt.date(2026, 7, 1)) == dt.date(2026, 6, 30)


def test_undated_ratings_and_yearless_progress_take_the_reported_as_at_date(plan):
    from actions.spreadsheets.services import import_plan

    header = ["Ref", "Action", "Status", "November progress update"]
    rows = [["1", SEED_1_4, "On track", "TEST DATA: the leaflet went to print"]]
    data = xlsx_bytes(header, rows)
    as_at = dt.date(2024, 3, 31)
    result, _ = import_plan(
        data=data, filename="p.xlsx", borough=plan.borough, plan=plan, reported_as_at=as_at
    )
    assert result.reported_as_at == as_at
    action = actions(plan)["1"]
    assert action.status_date == as_at
    # "November" with no year: the November on or before the reported-as-at date.
    dates = StatusUpdate.objects.filter(action=action, narrative__startswith="TEST DATA")
    assert sorted(u.date for u in dates) == [dt.date(2023, 11, 30), as_at]


def test_without_a_date_ratings_are_dated_the_end_of_the_last_quarter(plan):
    data = xlsx_bytes(["Ref", "Action", "Status"], [["1", SEED_1_4, "On track"]])
    result, _ = run(data, plan)
    assert result.reported_as_at == default_reported_as_at(result.today)
    assert actions(plan)["1"].status_date == result.reported_as_at
    assert any("Reported as at" in n for n in result.notices)


def test_the_cli_takes_reported_as_at(plan, tmp_path):
    from django.core.management import call_command

    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(["Ref", "Action", "Status"], [["1", SEED_1_4, "On track"]]))
    call_command(
        "import_plan",
        str(path),
        borough=plan.borough.slug,
        plan=plan.slug,
        reported_as_at="2023-06-30",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )
    assert actions(plan)["1"].status_date == dt.date(2023, 6, 30)


# --- every field has a home ---------------------------------------------------------


def test_milestones_in_a_cell_become_milestones_with_due_dates(plan):
    from actions.models import Milestone

    header = ["Ref", "Action", "Key milestones", "Lead"]
    cell = (
        "1. By the end of June we will agree the TEST DATA panel terms "
        "2. September 2019: first TEST DATA panel meets\n3. Review the panel"
    )
    data = xlsx_bytes(header, [["1", SEED_2_3, cell, "TEST DATA Officer One"]])
    run(data, plan)
    got = list(Milestone.objects.filter(action__plan=plan).order_by("position"))
    assert [(m.title[:20], m.due_date) for m in got] == [
        ("By the end of June w", dt.date(2019, 6, 30)),
        ("September 2019: firs", dt.date(2019, 9, 30)),
        ("Review the panel", None),
    ]
    assert_reimport_changes_nothing(data, plan)
    assert Milestone.objects.filter(action__plan=plan).count() == 3


def test_planned_impact_goes_to_expected_impact_not_the_narrative(plan):
    header = ["Ref", "Action", "What we will see", "Progress to date"]
    rows = [["1", SEED_1_4, "TEST DATA: parents say choices were heard", "TEST DATA: begun"]]
    run(xlsx_bytes(header, rows), plan)
    action = actions(plan)["1"]
    assert action.expected_impact == "TEST DATA: parents say choices were heard"
    assert action.status_narrative == "TEST DATA: begun"


def test_a_free_text_lead_agency_is_kept_with_a_warning(plan):
    header = ["Ref", "Action", "Lead agency", "Status"]
    rows = [
        ["1", SEED_1_4, "TEST DATA Psychology Service with health partners", "Green"],
        ["2", SEED_2_1, "TEST DATA Parent Forum", "Green"],
        ["3", SEED_2_3, "LA", "Green"],
    ]
    result, _ = run(xlsx_bytes(header, rows), plan)
    got = actions(plan)
    assert got["1"].lead_organisation == "TEST DATA Psychology Service with health partners"
    assert got["1"].lead_agency == LeadAgency.HEALTH
    assert (got["2"].lead_agency, got["2"].lead_organisation) == ("", "TEST DATA Parent Forum")
    assert (got["3"].lead_agency, got["3"].lead_organisation) == (LeadAgency.LOCAL_AUTHORITY, "")
    assert len(result.warnings) == 2


@pytest.mark.parametrize(
    ("written", "start"),
    [
        ("February 2020", dt.date(2020, 2, 1)),
        ("end of Sept 25", dt.date(2025, 9, 30)),
        ("Spring term 2025", dt.date(2025, 1, 1)),
        ("01/09/2019", dt.date(2019, 9, 1)),
    ],
)
def test_start_dates_in_words_are_read(plan, written, start):
    data = xlsx_bytes(["Ref", "Action", "Start date"], [["1", SEED_1_4, written]])
    result, _ = run(data, plan)
    assert actions(plan)["1"].start_date == start
    assert not result.warnings


def test_a_start_date_the_import_cannot_read_is_a_warning(plan):
    data = xlsx_bytes(["Ref", "Action", "Start date"], [["1", SEED_1_4, "When funded"]])
    result, _ = run(data, plan)
    assert actions(plan)["1"].start_date is None
    assert result.warnings == [
        "The start date “When funded” is not a date the import can read, so the action "
        "has no start date."
    ]


# --- owners ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell", ["TEST-ORG-A (T.A) TEST-ORG-B (T.B)", "(T.A) TEST-ORG-A (T.B) TEST-ORG-B"]
)
def test_initials_take_their_own_organisation_either_way_round(plan, cell):
    data = xlsx_bytes(["Ref", "Action", "Who"], [["1", SEED_1_4, cell]])
    run(data, plan)
    action = actions(plan)["1"]
    assert sorted((p.name, p.job_title) for p in action.owners.all()) == [
        ("T.A", "TEST-ORG-A"),
        ("T.B", "TEST-ORG-B"),
    ]
    assert action.lead_organisation == "TEST-ORG-A; TEST-ORG-B"
    assert_reimport_changes_nothing(data, plan)


def test_several_lead_organisations_are_kept_in_order(plan):
    data = xlsx_bytes(["Ref", "Action", "Who"], [["1", SEED_1_4, "ICB / Test Officer One / LA"]])
    run(data, plan)
    action = actions(plan)["1"]
    assert action.lead_organisation == "ICB; LA"
    assert action.lead_agency == LeadAgency.JOINT
    assert [p.name for p in action.owners.all()] == ["Test Officer One"]


def test_a_labelled_fields_column_is_spread_into_its_fields(plan):
    header = ["Ref", "Our plan", "Details"]
    rows = [
        [
            "1",
            SEED_1_4,
            "Lead: TEST DATA Officer One\nBy when: March 2020\nRAG: Amber\n"
            "What we will see: TEST DATA parents say they were heard",
        ],
        ["2", SEED_2_1, "Lead: TEST DATA Officer Two\nBy when: June 2020\nRAG: Green"],
    ]
    data = xlsx_bytes(header, rows)
    result, _ = run(data, plan)
    got = actions(plan)
    assert got["1"].status == RAGB.AMBER
    assert got["1"].due_date == dt.date(2020, 3, 31)
    assert got["1"].expected_impact == "TEST DATA parents say they were heard"
    assert [p.name for p in got["2"].owners.all()] == ["TEST DATA Officer Two"]
    assert not result.unknown_columns
    assert_reimport_changes_nothing(data, plan)


def test_a_regional_plan_with_workstream_rows_and_no_references_or_owners(plan):
    # TEST DATA regional project: workstream heading rows, no refs, owners or ratings.
    data = workbook(
        (
            "Regional plan",
            [
                ["TEST DATA Regional SEND improvement project"],
                ["What we will do", "Outcome we want", "When"],
                ["Workstream 1: Sufficiency", None, None],
                [SEED_2_1, "TEST DATA: fewer tribunals", "Spring term 2020"],
                ["Workstream 2: Workforce", None, None],
                [SEED_2_3, "TEST DATA: timely plans", "end of Sept 20"],
            ],
            ["A3:C3", "A5:C5"],
        )
    )
    result, _ = run(data, plan)
    got = Action.objects.filter(plan=plan).order_by("reference")
    assert [(a.reference, a.priority.title) for a in got] == [
        ("1", "Sufficiency"),
        ("2", "Workforce"),
    ]
    assert [a.due_date for a in got] == [dt.date(2020, 3, 31), dt.date(2020, 9, 30)]
    assert_reimport_changes_nothing(data, plan)


def test_one_sheet_per_area_each_with_its_heading_above_the_table_by_the_cli(plan, tmp_path):
    from django.core.management import call_command

    header = ["Ref", "How we will get there", "Who is leading", "When", "Where we are"]
    data = workbook(
        ("Read me", [["TEST DATA: how to use this workbook"]], []),
        (
            "Area 1",
            [
                [f"Improvement area 1 – {SEED_P1}"],
                ["TEST DATA outcome: families tell us they are listened to"],
                [],
                header,
                ["1.4", SEED_1_4, "TEST DATA Officer One", "March 2020", "TEST DATA: begun"],
            ],
            [],
        ),
        (
            "Area 2",
            [
                [f"Improvement area 2 – {SEED_P2}"],
                [],
                header,
                ["2.1", SEED_2_1, "TEST DATA Officer Two", "June 2020", ""],
                ["2.3", SEED_2_3, "TEST DATA Officer Two", "Autumn term 2020", ""],
            ],
            [],
        ),
    )
    path = tmp_path / "areas.xlsx"
    path.write_bytes(data)
    call_command(
        "import_plan", str(path), borough=plan.borough.slug, plan=plan.slug, stdout=io.StringIO()
    )
    got = actions(plan)
    assert set(got) == {"1.4", "2.1", "2.3"}
    first = got["1.4"].priority
    assert (first.number, first.title) == ("1", SEED_P1)
    assert first.description == "TEST DATA outcome: families tell us they are listened to"
    assert got["2.3"].priority.number == "2"
    assert got["2.3"].due_date == dt.date(2020, 12, 31)
    assert [p.name for p in got["2.1"].owners.all()] == ["TEST DATA Officer Two"]
    assert_reimport_changes_nothing(data, plan)
