"""An imported plan's past is its past (issue 27).

A plan imported today with dated rating columns is dated from the first day its file
reports on, so the pack for any quarter it reports on shows the state its dated columns
describe; a pack made final before the import stays as it was; an empty or partial
pack says why.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Plan
from actions.spreadsheets.services import import_plan
from governance.models import Board, ReportingRound, RoundStatus
from reports.content import build_pack_content
from sendplan.periods import ReportingPeriod
from tests.imports.conftest import xlsx_bytes

Q4_2024 = ReportingPeriod(2024, 4)  # January to March 2025
Q1 = ReportingPeriod(2025, 1)  # April to June 2025
Q2 = ReportingPeriod(2025, 2)  # July to September 2025
HEADER = ["Ref", "Action", "Who", "RAG May 25", "RAG Aug 25", "RAG Nov 25"]
ROWS = [
    ["1.1", "TEST DATA: publish the local offer", "Test Officer One", "Red", "Amber", "Green"],
    ["1.2", "TEST DATA: train SENCos", "Test Officer Two", "Amber", "Green", "Complete"],
    ["1.3", "TEST DATA: a new panel", "Test Officer One", "", "", "Amber"],
]


@pytest.fixture
def imported(borough, borough_admin):
    _, plan = import_plan(
        data=xlsx_bytes(HEADER, ROWS),
        filename="plan.xlsx",
        borough=borough,
        user=borough_admin,
        new_plan_title="TEST DATA: SEND action plan",
        reported_as_at=dt.date(2025, 12, 31),
    )
    return plan


def ratings(content):
    return {
        row["reference"]: (row["status"], row["previous"])
        for p in content["appendix"]
        for row in p["actions"]
    }


def test_an_imported_plans_pack_for_an_earlier_quarter_is_the_state_its_columns_describe(
    borough, imported
):
    q1 = build_pack_content(borough=borough, period=Q1)
    q2 = build_pack_content(borough=borough, period=Q2)

    assert [p["title"] for p in q1["plans"]] == ["TEST DATA: SEND action plan"]
    # May's ratings in Q1; 1.3 was first rated in November, so it is not rated yet.
    assert ratings(q1) == {
        "1.1": ("red", None),
        "1.2": ("amber", None),
        "1.3": ("not_rated", None),
    }
    # August's in Q2, with the movement since Q1.
    assert ratings(q2) == {
        "1.1": ("amber", "red"),
        "1.2": ("green", "amber"),
        "1.3": ("not_rated", "not_rated"),
    }
    assert q2["movement"]["counts"]["improved"] == 2
    assert q2["summary"]["overall"]["not_rated"] == 1
    assert q2["gaps"] == [
        "1 of 3 actions have no rating reported on or before 30 September 2025: open a "
        "reporting round for 2025/26 Q2 and ask for their updates."
    ]
    # When it was recorded is kept apart from the day its history starts.
    plan = Plan.objects.get(pk=imported.pk)
    assert plan.recorded_at.date() == timezone.localdate()
    first = plan.history.earliest("history_date").history_date
    assert timezone.localdate(first) == dt.date(2025, 5, 31)


def test_a_pack_with_nothing_to_show_says_why(borough, imported):
    content = build_pack_content(borough=borough, period=Q4_2024)

    assert content["plans"] == [] and content["summary"]["overall"]["total"] == 0
    assert content["gaps"] == [
        "This pack has nothing to show: no plan was recorded as at 31 March 2025. "
        "Import or build a plan, or ask for the pack of a later quarter.",
        "“TEST DATA: SEND action plan” reports from 31 May 2025, after this quarter "
        "ended: its first pack is for 2025/26 Q1.",
    ]


def test_a_pack_made_final_before_the_import_stays_as_it_was(borough):
    closed = timezone.now() - dt.timedelta(days=1)
    ReportingRound.objects.create(
        borough=borough,
        period_year=Q2.year,
        period_quarter=Q2.quarter,
        status=RoundStatus.FINAL,
        update_deadline=dt.date(2025, 10, 15),
        review_deadline=dt.date(2025, 10, 22),
        opened_at=closed - dt.timedelta(days=30),
        closed_at=closed,
    )
    before = build_pack_content(borough=borough, period=Q2)
    import_plan(
        data=xlsx_bytes(HEADER, ROWS),
        filename="plan.xlsx",
        borough=borough,
        new_plan_title="TEST DATA: SEND action plan",
    )

    after = build_pack_content(borough=borough, period=Q2)

    assert after["plans"] == before["plans"] == []
    assert after["gaps"][1].startswith("“TEST DATA: SEND action plan” was recorded on ")
    assert "after this quarter’s reporting round closed" in after["gaps"][1]


def test_the_board_page_says_before_asking_why_the_last_quarters_pack_would_be_empty(
    borough, editor, client
):
    board = Board.objects.create(borough=borough, slug="spb", name="SEND Partnership Board")
    client.force_login(editor)

    page = client.get(reverse("board_detail", args=[board.pk])).content.decode()

    ended = ReportingPeriod.containing(timezone.localdate()).previous()
    assert f"The pack for {ended.label} will not show everything:" in page
    assert "This pack has nothing to show: no plan was recorded as at" in page
