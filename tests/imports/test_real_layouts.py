"""The layouts councils' own plans have (issue 12), each built here as a workbook.

Priority and action wording marked "seed" is taken from fixtures/seeds/ (Hackney's
published action plan); everything else is TEST DATA invented for these tests:
the people, initials, ratings, dates and progress notes describe no real council.
"""

import datetime as dt
import io

import openpyxl
import pytest

from actions.models import (
    RAGB,
    Action,
    ImportStatusWord,
    LeadAgency,
    Objective,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
from actions.spreadsheets.apply import ImportRejected
from boroughs.models import Person
from tests.imports.conftest import preview, run

# seed: Hackney SEND Local Area Action Plan 2022-2025, workstream 1 and 2 titles and actions.
SEED_WS1 = "Establish and implement the use of a comprehensive performance dataset"
SEED_WS2 = "Align systems, processes, and teams for Early Help and EHCP referral and assessment"
SEED_1_1 = (
    "Create a reliable, comprehensive & dynamic SEND local area data dashboard to aid "
    "strategic decision making and commissioning"
)
SEED_1_2 = (
    "Integrate placement and financial decisions as part of the Better Value programme "
    "to rebalance the high needs block spend."
)


def workbook(*sheets):
    """sheets: (name, [row, ...], [merged range, ...]); rows are lists of cells."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows, merges in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in merges:
            sheet.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def actions(plan):
    return {a.reference: a for a in Action.objects.filter(plan=plan)}


def assert_reimport_changes_nothing(data, plan):
    before = (
        Action.history.count(),
        StatusUpdate.objects.count(),
        SuccessMeasure.objects.count(),
        Person.objects.count(),
    )
    result, _ = run(data, plan)
    assert not result.has_changes
    assert (
        Action.history.count(),
        StatusUpdate.objects.count(),
        SuccessMeasure.objects.count(),
        Person.objects.count(),
    ) == before


# --- 1. every sheet ---------------------------------------------------------------

ONE_SHEET_HEADER = ["Number", "What we will do", "Responsible officer (action lead)", "RAG"]


def test_every_sheet_with_a_table_is_read_and_each_names_its_priority(plan):
    data = workbook(
        ("Read me", [["TEST DATA: how to fill in this plan"], ["Rate each action monthly"]], []),
        (
            "AFI 1",
            [
                [f"Area for improvement 1: {SEED_WS1}"],
                ONE_SHEET_HEADER,
                ["1.1", SEED_1_1, "Test Officer One", "On track"],
                ["1.2", SEED_1_2, "Test Officer Two", "Delayed"],
            ],
            [],
        ),
        (
            SEED_WS2[:31],
            [
                ONE_SHEET_HEADER,
                ["2.1", "TEST DATA: agree one referral form", "Test Officer One", "Complete"],
            ],
            [],
        ),
    )

    result, _ = run(data, plan)

    assert [s.name for s in result.sheets] == ["AFI 1", SEED_WS2[:31]]
    assert result.skipped_sheets == ["Read me"]
    assert any("Sheets skipped: “Read me”" in n for n in result.notices)
    got = actions(plan)
    assert set(got) == {"1.1", "1.2", "2.1"}
    assert got["1.1"].priority.number == "1"
    assert got["1.1"].priority.title == SEED_WS1
    assert got["2.1"].priority.title == SEED_WS2[:31]
    assert got["1.2"].status == RAGB.RED
    assert got["2.1"].status == RAGB.BLUE
    assert Priority.objects.filter(plan=plan).count() == 2
    assert_reimport_changes_nothing(data, plan)


def test_a_reference_used_again_on_another_sheet_gets_a_suffix_and_a_warning(plan):
    header = ["Ref", "Action", "Who", "Status"]
    data = workbook(
        ("Area 1", [header, ["1", "TEST DATA: first", "Test Officer One", "G"]], []),
        ("Area 2", [header, ["1", "TEST DATA: second", "Test Officer One", "G"]], []),
    )
    result, _ = run(data, plan)
    assert set(actions(plan)) == {"1", "1-2"}
    assert any("imported as 1-2" in w for w in result.warnings)
    assert_reimport_changes_nothing(data, plan)


# --- 2. headers -------------------------------------------------------------------


def test_headings_are_matched_by_synonym_and_by_the_words_they_contain(plan):
    header = [
        "Number",
        "Outcomes",
        "Our actions to deliver this are to:",
        "Responsible officer (action lead)",
        "Senior responsible officer (accountable)",
        "Start date",
        "End date",
        "What does success look like?",
        "Progress to date",
        "Status",
    ]
    rows = [
        [
            "1.1",
            "TEST DATA: families find the local offer easily",
            SEED_1_1,
            "Test Officer One",
            "Test Director (accountable)",
            dt.datetime(2024, 4, 1),
            dt.datetime(2025, 3, 31),
            "TEST DATA: 80% of families rate the offer useful",
            "TEST DATA: dashboard drafted",
            "Work in progress",
        ]
    ]
    data = workbook(("Plan", [header, *rows], []))

    result, _ = run(data, plan)

    fields = result.sheet.header.fields
    assert fields == {
        "reference": 0,
        "objective": 1,
        "action": 2,
        "owners": 3,
        "accountable": 4,
        "start_date": 5,
        "timescale": 6,
        "success_measures": 7,
        "narrative": 8,
        "status": 9,
    }
    action = actions(plan)["1.1"]
    assert action.description == SEED_1_1
    assert action.objective.title == "TEST DATA: families find the local offer easily"
    assert [p.name for p in action.owners.all()] == ["Test Officer One"]
    assert action.accountable == "Test Director (accountable)"
    assert action.start_date == dt.date(2024, 4, 1)
    assert action.due_date == dt.date(2025, 3, 31)
    assert action.status == RAGB.AMBER
    assert action.status_narrative == "TEST DATA: dashboard drafted"
    measure = SuccessMeasure.objects.get(plan=plan)
    # Written on the action's row: the action's own measure, under its objective.
    assert (measure.action, measure.objective) == (action, action.objective)
    assert measure.description == "TEST DATA: 80% of families rate the offer useful"
    assert_reimport_changes_nothing(data, plan)


def test_a_file_without_owner_or_status_columns_is_warned_about(plan):
    data = workbook(("Plan", [["Ref", "Action", "Timescale"], ["1", "TEST DATA: a", "Q2"]], []))
    result = preview(data, plan)
    assert any(n.startswith("No owner column was found") for n in result.notices)
    assert any(n.startswith("No status column was found") for n in result.notices)


# --- 3. status words ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("Work in progress", RAGB.AMBER),
        ("Started but delayed", RAGB.AMBER),
        ("Progressing but delayed", RAGB.AMBER),
        ("Progressing and on track", RAGB.GREEN),
        ("Embedded", RAGB.BLUE),
        ("Not started", ""),
        ("Delayed", RAGB.RED),
        ("On track", RAGB.GREEN),
        ("Complete", RAGB.BLUE),
    ],
)
def test_common_status_words_map_to_ragb_by_default(plan, word, status):
    data = workbook(("Plan", [["Ref", "Action", "Status"], ["1", "TEST DATA: a", word]], []))
    run(data, plan)
    assert actions(plan)["1"].status == status


def test_an_unknown_status_word_is_listed_once_and_imports_once_the_borough_maps_it(plan):
    rows = [["1", "TEST DATA: a", "Sideways"], ["2", "TEST DATA: b", "sideways."]]
    data = workbook(("Plan", [["Ref", "Action", "Status"], *rows], []))

    with pytest.raises(ImportRejected) as rejected:
        run(data, plan)
    assert rejected.value.result.unknown_words == {"sideways": "Sideways"}
    assert not Action.objects.exists()

    ImportStatusWord.objects.create(borough=plan.borough, word="sideways", status=RAGB.AMBER)
    run(data, plan)
    assert {a.status for a in actions(plan).values()} == {RAGB.AMBER}


# --- 4. dated rating and progress columns ---------------------------------------------


def test_dated_rating_columns_become_history_with_the_latest_as_current(plan):
    header = [
        "Ref",
        "Action",
        "Who",
        "RAG May 20",
        "RAG Nov 20",
        "RAG August 22",
        "November progress update from action lead",
    ]
    rows = [
        [
            "1.1",
            SEED_1_1,
            "Test Officer One",
            "Not started",
            "Started but delayed",
            "Embedded",
            "TEST DATA: dashboard live",
        ],
        ["1.2", SEED_1_2, "Test Officer Two", "Red", "", "Progressing and on track", ""],
    ]
    data = workbook(("Plan", [header, *rows], []))

    run(data, plan)

    got = actions(plan)
    assert got["1.1"].status == RAGB.BLUE
    assert got["1.1"].status_date == dt.date(2022, 8, 31)
    # "November" has no year: the latest rating column's year, not in the future.
    assert got["1.1"].status_narrative == "TEST DATA: dashboard live"
    history = [
        (u.date, u.status, u.status_word, u.narrative)
        for u in StatusUpdate.objects.filter(action=got["1.1"]).order_by("date")
    ]
    assert history == [
        (dt.date(2020, 11, 30), RAGB.AMBER, "Started but delayed", ""),
        (dt.date(2022, 8, 31), RAGB.BLUE, "Embedded", ""),
        (dt.date(2022, 11, 30), RAGB.BLUE, "", "TEST DATA: dashboard live"),
    ]
    assert [u.status for u in got["1.2"].updates.order_by("date")] == [RAGB.RED, RAGB.GREEN]
    assert got["1.2"].status == RAGB.GREEN
    assert StatusUpdate.objects.count() == 5
    # The current rating's update is the bulk service's, linked to the action's history
    # row; the earlier dates are history only. All say they came from an import.
    latest = StatusUpdate.objects.get(action=got["1.1"], date=dt.date(2022, 8, 31))
    assert latest.history_row is not None and latest.history_row.id == got["1.1"].pk
    assert set(StatusUpdate.objects.values_list("source", flat=True)) == {"import"}
    assert_reimport_changes_nothing(data, plan)


def test_a_corrected_dated_rating_updates_that_point_in_history(plan):
    header = ["Ref", "Action", "Status", "RAG May 20"]
    run(workbook(("Plan", [header, ["1", "TEST DATA: a", "G", "Red"]], [])), plan)
    result, _ = run(workbook(("Plan", [header, ["1", "TEST DATA: a", "G", "Amber"]], [])), plan)
    assert "Updates action 1: dated ratings." in result.rows[0].messages
    update = StatusUpdate.objects.get(date=dt.date(2020, 5, 31))
    assert update.status == RAGB.AMBER
    assert actions(plan)["1"].status == RAGB.GREEN  # the plain Status column is current


# --- 5. heading rows, merged cells, references in text, sub-actions -------------------------


def test_heading_rows_inside_a_table_become_priorities_and_objectives(plan):
    header = ["Ref", "Action", "Who", "Status", "Measures of success"]
    rows = [
        [f"Priority 1: {SEED_WS1}"],
        ["Objective 1.1 TEST DATA: one dashboard for partners"],
        ["1.1.1", SEED_1_1, "Test Officer One", "G", "TEST DATA: dashboard used monthly"],
        ["1.1.2", SEED_1_2, "Test Officer Two", "A", ""],
        [f"Priority 2: {SEED_WS2}"],
        ["2.1", "TEST DATA: one referral form", "Test Officer One", "R", ""],
    ]
    # Headings merged across the table, as councils lay them out.
    data = workbook(("Plan", [header, *rows], ["A2:E2", "A3:E3", "A6:E6", "E4:E5"]))

    result, _ = run(data, plan)

    got = actions(plan)
    assert set(got) == {"1.1.1", "1.1.2", "2.1"}
    p1, p2 = Priority.objects.filter(plan=plan).order_by("position")
    assert (p1.number, p1.title, p2.number, p2.title) == ("1", SEED_WS1, "2", SEED_WS2)
    objective = Objective.objects.get(priority=p1)
    assert (objective.number, objective.title) == ("1.1", "TEST DATA: one dashboard for partners")
    assert got["1.1.1"].objective == objective == got["1.1.2"].objective
    assert got["2.1"].priority == p2 and got["2.1"].objective is None
    # The measure merged down rows 4-5 is one measure, on their objective.
    measure = SuccessMeasure.objects.get(plan=plan)
    assert (measure.objective, measure.priority, measure.action) == (objective, p1, None)
    assert [r.outcome for r in result.rows][:2] == ["new", "new"]
    assert_reimport_changes_nothing(data, plan)


def test_merged_cells_apply_to_every_row_they_span(plan):
    header = ["Ref", "Action", "Who", "Status", "Progress to date"]
    rows = [
        ["1", "TEST DATA: a", "Test Officer One", "Green", "TEST DATA: theme note"],
        ["2", "TEST DATA: b", "", "", ""],
        ["3", "TEST DATA: c", "", "", ""],
    ]
    data = workbook(("Plan", [header, *rows], ["C2:C4", "D2:D4", "E2:E4"]))
    run(data, plan)
    for action in actions(plan).values():
        assert action.status == RAGB.GREEN
        assert action.status_narrative == "TEST DATA: theme note"
        assert [p.name for p in action.owners.all()] == ["Test Officer One"]


def test_references_are_taken_from_the_action_text_and_sub_actions_get_a_suffix(plan):
    header = ["Action", "Who", "Status"]
    rows = [
        ["Action 1.1: TEST DATA: publish the offer", "Test Officer One", "G"],
        ["Action 3.1: (A) TEST DATA: audit plans", "Test Officer One", "A"],
        ["(B) TEST DATA: audit reviews", "Test Officer Two", "A"],
        ["Action 1.1: TEST DATA: a genuine duplicate", "Test Officer Two", "R"],
    ]
    data = workbook(("Plan", [header, *rows], []))

    result, _ = run(data, plan)

    got = actions(plan)
    assert set(got) == {"1.1", "3.1A", "3.1B", "1.1-2"}
    assert got["1.1"].description == "TEST DATA: publish the offer"
    assert got["3.1A"].description == "(A) TEST DATA: audit plans"
    assert any("A sub-action of 3.1: imported as 3.1B." in w for w in result.warnings)
    assert any("imported as 1.1-2" in w for w in result.warnings)
    assert_reimport_changes_nothing(data, plan)


# --- 6. owners --------------------------------------------------------------------


def test_organisations_are_lead_agencies_not_people_and_sro_is_kept_apart(plan):
    header = ["Ref", "Action", "Responsible officer", "SRO", "Status"]
    rows = [
        ["1", "TEST DATA: a", "LA and ICB", "Test Director", "G"],
        ["2", "TEST DATA: b", "LA with support from all partners", "", "G"],
        ["3", "TEST DATA: c", "(M.S) CYC (K.McN) CCG", "", "G"],
        ["4", "TEST DATA: d", "Test Officer One / CCG", "", "G"],
    ]
    data = workbook(("Plan", [header, *rows], []))

    run(data, plan)

    got = actions(plan)
    assert got["1"].lead_agency == LeadAgency.JOINT and not got["1"].owners.exists()
    assert got["1"].accountable == "Test Director"
    assert got["2"].lead_agency == LeadAgency.LOCAL_AUTHORITY and not got["2"].owners.exists()
    assert got["3"].lead_agency == LeadAgency.JOINT
    assert sorted((p.name, p.job_title) for p in got["3"].owners.all()) == [
        ("K.McN", "CCG"),
        ("M.S", "CYC"),
    ]
    assert got["4"].lead_agency == LeadAgency.HEALTH
    assert [p.name for p in got["4"].owners.all()] == ["Test Officer One"]
    assert not Person.objects.filter(name__in=["LA and ICB", "CCG", "Test Director"]).exists()
    assert_reimport_changes_nothing(data, plan)


# --- 7. the preview shows old and new values ----------------------------------------------


def test_the_preview_shows_old_and_new_values_of_each_changed_field(plan):
    header = ["Ref", "Action", "Status"]
    run(workbook(("Plan", [header, ["1", "TEST DATA: a", "Amber"]], [])), plan)
    result = preview(workbook(("Plan", [header, ["1", "TEST DATA: b", "On track"]], [])), plan)
    assert result.rows[0].diffs == [
        ("1 status", "Amber", "Green"),
        ("1 description", "TEST DATA: a", "TEST DATA: b"),
    ]


# --- the fast insert writes the history simple_history would ------------------------------


def test_new_actions_get_the_same_history_rows_as_a_model_save_would_write(plan, borough_admin):
    header = ["Ref", "Action", "Who", "Status", "Timescale"]
    rows = [["1", "TEST DATA: a", "Test Officer One / Test Officer Two", "Amber", "31/3/26"]]
    run(workbook(("Plan", [header, *rows], [])), plan, user=borough_admin)

    action = Action.objects.get(plan=plan)
    row = action.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        borough_admin,
        "Imported from plan.xlsx",
    )
    for name in ("reference", "description", "status", "due_date", "priority_id", "version"):
        assert getattr(row, name) == getattr(action, name), name
    assert sorted(p.name for p in row.instance.owners.all()) == [
        "Test Officer One",
        "Test Officer Two",
    ]
    assert sorted(o.person.name for o in row.owners.all()) == [
        "Test Officer One",
        "Test Officer Two",
    ]


def test_sub_actions_sharing_a_number_in_the_reference_column_get_their_letter(plan):
    header = ["No.", "Action", "Who", "Status"]
    rows = [
        ["3.1", "(A) TEST DATA: audit plans", "Test Officer One", "A"],
        ["3.1", "(B) TEST DATA: audit reviews", "Test Officer Two", "A"],
    ]
    data = workbook(("Plan", [header, *rows], []))
    result, _ = run(data, plan)
    assert set(actions(plan)) == {"3.1A", "3.1B"}
    assert result.ok
    assert_reimport_changes_nothing(data, plan)


def test_the_preview_shows_an_objectives_old_and_new_title(plan):
    header = ["Objective no.", "Objective", "Ref", "Action", "Status"]
    old = ["1", "TEST DATA: old aim", "1.1", "TEST DATA: a", "G"]
    new = ["1", "TEST DATA: new aim", "1.1", "TEST DATA: a", "G"]
    run(workbook(("Plan", [header, old], [])), plan)
    result = preview(workbook(("Plan", [header, new], [])), plan)
    assert ("title", "TEST DATA: old aim", "TEST DATA: new aim") in result.rows[0].diffs


def test_the_status_word_of_a_plain_status_column_is_kept_for_the_rating_change(plan):
    data = workbook(("Plan", [["Ref", "Action", "Status"], ["1", "TEST DATA: a", "Embedded"]], []))
    result = preview(data, plan)
    assert [(a.fields["status"], a.status_word) for a in result.actions] == [
        (RAGB.BLUE, "Embedded")
    ]


def test_the_status_word_of_a_plain_status_column_is_kept_on_the_status_update(plan):
    data = workbook(("Plan", [["Ref", "Action", "Status"], ["1", "TEST DATA: a", "Embedded"]], []))
    run(data, plan)
    again = workbook(("Plan", [["Ref", "Action", "Status"], ["1", "TEST DATA: a", "Delayed"]], []))
    run(again, plan)

    updates = StatusUpdate.objects.filter(action__plan=plan).order_by("created_at", "id")
    assert [(u.status, u.status_word, u.source) for u in updates] == [
        (RAGB.BLUE, "Embedded", StatusUpdate.Source.IMPORT),
        (RAGB.RED, "Delayed", StatusUpdate.Source.IMPORT),
    ]
    assert all(u.history_row.id == u.action_id for u in updates)
    assert [h.status_word for h in StatusUpdate.history.order_by("history_id")] == [
        "Embedded",
        "Delayed",
    ]
