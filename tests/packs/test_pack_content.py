"""A pack says what was true at the end of its quarter, read back from the real PDF."""

import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from actions.models import Action, MeasureValue, Milestone
from actions.services import action_update, action_update_status
from governance.models import Risk
from governance.round_services import round_finalise, round_open
from reports.content import build_pack_content, content_hash
from reports.generation import generate_pack_files
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import Q1, Q2, SECTION_HEADINGS, at, pdf_text, rate

GENERATED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


def statuses_as_at(plan, when):
    """Each action's status at `when`, straight from the history table: the test's own sum."""
    latest = {}
    rows = Action.history.filter(plan_id=plan.pk, history_date__lte=when).order_by(
        "history_date", "history_id"
    )
    for row in rows:
        latest[row.id] = row
    return {row.reference: row for row in latest.values() if row.history_type != "-"}


def make(board, borough, period=Q2):
    return generate_pack_files(borough=borough, period=period, board=board, generated_at=GENERATED)


def test_the_pdf_has_every_section_and_the_counts_as_at_the_period_end(
    pack_world, borough, tmp_path
):
    files = make(pack_world["board"], borough)
    text = pdf_text(files.pdf, tmp_path)
    rows = statuses_as_at(pack_world["plan"], Q2.end_datetime())
    counts = Counter(row.status or "not_rated" for row in rows.values())

    for heading in SECTION_HEADINGS:
        assert heading in text
    expected = (
        f"{len(rows)} actions as at 30 September 2025: {counts['red']} Red, "
        f"{counts['amber']} Amber, {counts['green']} Green, {counts['blue']} Blue, "
        f"{counts['not_rated']} not rated."
    )
    assert expected in " ".join(text.split())
    assert files.content["summary"]["overall"] == {
        "red": counts["red"],
        "amber": counts["amber"],
        "green": counts["green"],
        "blue": counts["blue"],
        "not_rated": counts["not_rated"],
        "total": len(rows),
    }
    exceptions = sorted(r for r, row in rows.items() if row.status in ("red", "amber"))
    assert sorted(a["reference"] for a in files.content["exceptions"]) == exceptions
    overdue = sorted(
        ref
        for ref, row in rows.items()
        if row.due_date and row.due_date < Q2.end and row.status != "blue"
    )
    assert sorted(a["reference"] for a in files.content["overdue"]) == overdue == ["1.2"]


def test_the_pack_counts_each_kind_of_movement_since_the_previous_quarter(pack_world, borough):
    content = build_pack_content(borough=borough, period=Q2, board=pack_world["board"])
    before = statuses_as_at(pack_world["plan"], Q1.end_datetime())
    after = statuses_as_at(pack_world["plan"], Q2.end_datetime())
    assert {ref: row.status for ref, row in before.items()}["1.2"] == "amber"
    assert after["1.2"].status == "red"
    assert content["movement"]["counts"] == {
        "improved": 1,
        "worsened": 1,
        "new": 2,
        "completed": 1,
        "unchanged": 2,
    }
    changes = {row["reference"]: row["change"] for row in content["movement"]["rows"]}
    assert changes == {
        "1.1": "completed",
        "1.2": "worsened",
        "1.3": "improved",
        "2.2": "new",
        "2.4": "new",
    }


def test_the_boards_attention_holds_every_red_and_every_action_that_got_worse(
    pack_world, borough, editor
):
    # Given 2.1 slipped from Green to Amber during Q2: worse, though not Red
    rate(pack_world["actions"]["2.1"], editor, at(2025, 9, 10), "amber", "Tender delayed.")
    content = build_pack_content(borough=borough, period=Q2, board=pack_world["board"])
    # Then page one's list has 1.2 (Red, was Amber) first, then 2.1; not 1.3 (improved)
    assert [(r["reference"], r["status"], r["previous"]) for r in content["attention"]] == [
        ("1.2", "red", "amber"),
        ("2.1", "amber", "green"),
    ]


def test_the_pack_lists_completions_milestones_measures_and_risks_as_they_were(pack_world, borough):
    content = build_pack_content(borough=borough, period=Q2, board=pack_world["board"])
    assert [a["reference"] for a in content["completed"]] == ["1.1"]
    assert [m["title"] for m in content["milestones_next"]] == ["Pilot in two schools"]
    [measure] = content["measures"]
    # The December value was recorded after the quarter ended, so it is not shown.
    assert measure["latest"] == {"value": "52.5", "date": "2025-09-30", "illustrative": False}
    assert [p["value"] for p in measure["trend"]] == ["41", "47", "52.5"]
    assert [(r["risk_id"], r["score"]) for r in content["risks"]] == [("R1", 20), ("R2", 6)]
    assert content["risks"][0]["actions"] == [{"reference": "1.2", "status": "red"}]
    assert content["board"]["meeting_date"] == "2025-10-15"


def test_demo_history_stays_marked_as_illustrative(pack_world, borough, tmp_path):
    files = make(pack_world["board"], borough)
    flagged = [a["reference"] for a in files.content["exceptions"] if a["illustrative"]]
    assert flagged == ["2.3"]
    text = " ".join(pdf_text(files.pdf, tmp_path).split())
    assert "This pack contains illustrative demonstration data" in text
    # Said once: the narrative's own "Illustrative:" prefix gives way to the pack's mark.
    assert "(Illustrative) two schools keen." in files.html
    assert "Illustrative: two schools keen" not in files.html
    assert "(Illustrative) two schools keen." in text


def test_a_past_pack_is_frozen_and_the_current_pack_shows_the_change(
    pack_world, borough, editor, borough_admin, tmp_path
):
    board = pack_world["board"]
    # The quarter's round is final: its pack is what the board saw, whatever is recorded
    # afterwards (without a final round, what is recorded now for the quarter counts).
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    round_finalise(
        reporting_round=reporting_round,
        user=borough_admin,
        at=timezone.now() - dt.timedelta(seconds=1),
    )
    first = make(board, borough)

    # After the quarter: ratings, narratives, owners, due dates, measures, milestones, risks.
    a = pack_world["actions"]
    action_update_status(
        action=Action.objects.get(pk=a["1.3"].pk),
        user=editor,
        status="red",
        narrative="Provider withdrew.",
        next_steps="Re-tender.",
    )
    action_update_status(
        action=Action.objects.get(pk=a["2.1"].pk),
        user=editor,
        status="green",
        narrative="Rewritten narrative.",
    )
    action_update(
        action=Action.objects.get(pk=a["2.2"].pk),
        user=editor,
        due_date=dt.date(2025, 7, 1),
        owners=[],
    )
    MeasureValue.objects.create(measure=pack_world["measure"], date=dt.date(2025, 9, 15), value=99)
    Milestone.objects.create(action=a["1.3"], title="Late milestone", due_date=dt.date(2025, 11, 1))
    risk = Risk.objects.get(risk_id="R2")
    risk.likelihood = 5
    risk.save()

    second = make(board, borough)
    assert second.content == first.content
    assert content_hash(second.content) == content_hash(first.content)
    assert second.html == first.html
    assert pdf_text(second.pdf, tmp_path) == pdf_text(first.pdf, tmp_path)

    now = ReportingPeriod.containing(timezone.localdate())
    current = build_pack_content(borough=borough, period=now, board=board)
    [row] = [r for r in current["exceptions"] if r["reference"] == "1.3"]
    assert (row["status"], row["narrative"], row["next_steps"]) == (
        "red",
        "Provider withdrew.",
        "Re-tender.",
    )
    assert "Late milestone" not in str(current["milestones_next"])  # due in 2025, not next
    assert [r["score"] for r in current["risks"] if r["risk_id"] == "R2"] == [15]


@pytest.mark.parametrize("period", [Q1, Q2])
def test_a_borough_pack_without_a_board_says_so_on_the_cover(pack_world, borough, period, tmp_path):
    files = generate_pack_files(borough=borough, period=period, generated_at=GENERATED)
    text = " ".join(pdf_text(files.pdf, tmp_path).split())
    assert "Whole borough." in text
    assert f"Board pack: {period.label}" in text
