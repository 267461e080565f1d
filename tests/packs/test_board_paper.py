"""A pack reads as a board paper: the headline first, honest about gaps, read from the PDF."""

import datetime as dt
import re

from django.utils import timezone

from actions.board_decision_services import status_update_ask_board
from actions.models import Action, Plan, Priority, StatusUpdate
from actions.references import reference_sort_key
from actions.services import action_update_status
from governance.round_services import round_finalise, round_open
from reports.content import build_pack_content
from reports.generation import generate_pack_files
from tests.packs.conftest import Q2, at, backdate_all_history, pdf_text, rate

GENERATED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


def pages_of(pdf, tmp_path):
    return [page for page in pdf_text(pdf, tmp_path).split("\f") if page.strip()]


def flat(text):
    return " ".join(text.split())


PRIORITY_ROW = re.compile(
    r"^\s*(?P<priority>\S.*?)\s{2,}(?P<cells>(?:\d+ \(\d+\)\s+){5})(?P<direction>[▲▼▶●] .+?)\s*$"
)


def priority_rows(page):
    """Page one's "Ratings by priority" table, row by row, as pdftotext lays it out:
    (priority, [now (then) for Red, Amber, Green, Blue, Not rated], direction)."""
    rows = []
    for line in page.splitlines():
        if match := PRIORITY_ROW.match(line):
            cells = re.findall(r"\d+ \(\d+\)", match["cells"])
            rows.append((match["priority"], cells, match["direction"]))
    return rows


def test_references_sort_as_people_number_them():
    refs = ["3.10", "10-H1", "3.2", "3-H1", "3.1", "1.1.10", "1.1.2"]
    assert sorted(refs, key=reference_sort_key) == [
        "1.1.2",
        "1.1.10",
        "3-H1",
        "3.1",
        "3.2",
        "3.10",
        "10-H1",
    ]


def test_page_one_names_the_movements_and_each_prioritys_ratings_and_direction(
    pack_world, borough, tmp_path
):
    # Given 1.2 went from Amber to Red this quarter and 1.3 from Red to Amber
    files = generate_pack_files(
        borough=borough, period=Q2, board=pack_world["board"], generated_at=GENERATED
    )
    # When the chair reads the first page
    first = flat(pages_of(files.pdf, tmp_path)[0])
    # Then it names them, with the counts of each kind of movement
    assert "1 new Red: 1.2" in first
    assert "1 worsened: 1.2 (Amber to Red)" in first
    assert "1 improved, 1 completed this quarter" in first
    assert "1 overdue" in first
    assert "For the board’s attention" in first
    assert "Two posts still vacant." in first  # 1.2's one line of narrative
    # and, in each priority's own row, its ratings now (then) and its direction of travel
    # in symbol and words: 1.1 completed and 1.3 improved outweigh 1.2 worsening; in
    # Priority 2 nothing moved but the two new actions.
    assert priority_rows(pages_of(files.pdf, tmp_path)[0]) == [
        (
            "Priority 1: Early identification",
            ["1 (1)", "1 (1)", "0 (1)", "1 (0)", "0 (0)"],
            "▲ Improving",
        ),
        (
            "Priority 2: Preparing for adulthood",
            ["0 (0)", "1 (1)", "3 (1)", "0 (0)", "0 (1)"],
            "▶ No change",
        ),
    ]


def test_a_decision_flagged_by_a_lead_is_on_page_one(pack_world, borough, editor, tmp_path):
    update = StatusUpdate.objects.filter(
        action=pack_world["actions"]["1.2"], date=dt.date(2025, 8, 20)
    ).get()
    status_update_ask_board(
        update=update, user=editor, decision="Approve agency cover for two posts."
    )
    update.history.filter(history_change_reason__startswith="Asked").update(
        history_date=at(2025, 9, 1)
    )
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    first = flat(pages_of(files.pdf, tmp_path)[0])
    assert "Decisions the board is asked to make" in first
    assert "1.2 (Robert Holman): Approve agency cover for two posts." in first


def test_a_decision_asked_after_the_round_was_final_is_not_in_its_pack(
    pack_world, borough, editor, borough_admin
):
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    round_finalise(
        reporting_round=reporting_round,
        user=borough_admin,
        at=timezone.now() - dt.timedelta(seconds=1),
    )
    update = StatusUpdate.objects.get(
        action=pack_world["actions"]["1.2"], date=dt.date(2025, 8, 20)
    )
    status_update_ask_board(update=update, user=editor, decision="Approve agency cover.")
    content = build_pack_content(borough=borough, period=Q2)
    assert content["decisions"] == []


def test_a_decision_asked_while_the_round_is_open_is_in_the_draft_pack(
    pack_world, borough, editor, borough_admin
):
    # Leads flag decisions after the quarter ends, while its round takes updates.
    round_open(borough=borough, period=Q2, user=borough_admin)
    update = StatusUpdate.objects.get(
        action=pack_world["actions"]["1.2"], date=dt.date(2025, 8, 20)
    )
    status_update_ask_board(update=update, user=editor, decision="Approve agency cover.")
    content = build_pack_content(borough=borough, period=Q2)
    assert content["draft"] is True
    assert [(d["reference"], d["decision"]) for d in content["decisions"]] == [
        ("1.2", "Approve agency cover.")
    ]


def test_undated_actions_are_counted_and_never_read_as_nothing_overdue(borough, editor, tmp_path):
    # Given a borough whose actions have no due dates at all
    plan = Plan.objects.create(borough=borough, slug="p", title="SEND plan")
    priority = Priority.objects.create(plan=plan, number="1", title="Early help", position=1)
    actions = [
        Action.objects.create(plan=plan, priority=priority, reference=f"1.{n}", description=f"A{n}")
        for n in (1, 2, 3)
    ]
    backdate_all_history(at(2025, 4, 1))
    for action in actions:
        rate(action, editor, at(2025, 8, 1), "green")
    # When its pack is made
    files = generate_pack_files(borough=borough, period=Q2)
    text = flat(pdf_text(files.pdf, tmp_path))
    # Then the data-quality count says so, and nothing claims that nothing is overdue
    assert files.content["data_quality"]["no_due_date"]["count"] == 3
    assert "Open actions with no due date" in text  # the label wraps in its cell
    assert "1.1, 1.2, 1.3" in text
    assert "3 open actions have no due date" in text
    assert "No action is overdue" not in text
    assert "None of the actions with a due date is overdue." in text


def test_the_pack_lists_actions_in_natural_reference_order(borough, editor, tmp_path):
    plan = Plan.objects.create(borough=borough, slug="p", title="SEND plan")
    priority = Priority.objects.create(plan=plan, number="3", title="Health", position=1)
    for ref in ["3.10", "3.2", "3.1", "3.11"]:
        Action.objects.create(
            plan=plan,
            priority=priority,
            reference=ref,
            description=f"Action {ref}",
            due_date=dt.date(2025, 8, 1),
        )
    backdate_all_history(at(2025, 4, 1))
    files = generate_pack_files(borough=borough, period=Q2)
    appendix = pdf_text(files.pdf, tmp_path).split("Appendix: all actions by priority")[-1]
    found = re.findall(r"^\s*(3\.\d+)\s", appendix, re.M)
    assert found == ["3.1", "3.2", "3.10", "3.11"]
    assert [r["reference"] for r in files.content["overdue"]] == ["3.1", "3.2", "3.10", "3.11"]
    assert [r["days_overdue"] for r in files.content["overdue"]] == [60, 60, 60, 60]


def test_exceptions_carry_the_previous_rating_new_this_quarter_and_quarters_at_red(
    pack_world, borough, editor
):
    action = pack_world["actions"]["1.3"]
    content = build_pack_content(borough=borough, period=Q2)
    row = next(r for r in content["exceptions"] if r["reference"] == "1.2")
    assert (row["previous"], row["status"], row["quarters_at_red"]) == ("amber", "red", 1)
    assert next(r for r in content["exceptions"] if r["reference"] == "1.3")["previous"] == "red"
    # 1.3 stays Red into Q3: two quarters at Red in the Q3 pack
    rate(action, editor, at(2025, 10, 5), "red", "Still no provider.")
    rate(pack_world["actions"]["1.2"], editor, at(2025, 11, 1), "red", "Still vacant.")
    from sendplan.periods import ReportingPeriod

    q3 = build_pack_content(borough=borough, period=ReportingPeriod(2025, 3))
    at_red = {r["reference"]: r["quarters_at_red"] for r in q3["exceptions"]}
    assert at_red["1.2"] == 2
    assert at_red["1.3"] == 1


def test_quarters_at_red_count_the_updates_reported_for_each_quarter_not_when_recorded(
    pack_world, borough, editor
):
    from sendplan.periods import ReportingPeriod

    # Given 1.3, Red in Q1, whose Q2 update, written in October as rounds are, says Red
    # for 30 September, and whose Q3 update, written in January, says Red for 31 December
    action = pack_world["actions"]["1.3"]
    for reports_on, recorded in [
        (dt.date(2025, 9, 30), at(2025, 10, 10)),
        (dt.date(2025, 12, 31), at(2026, 1, 9)),
    ]:
        action_update_status(
            action=Action.objects.get(pk=action.pk),
            user=editor,
            status="red",
            narrative="No provider.",
            date=reports_on,
            recorded_at=recorded,
        )
    # When the Q2 and Q3 packs are made
    q2 = build_pack_content(borough=borough, period=Q2)
    q3 = build_pack_content(borough=borough, period=ReportingPeriod(2025, 3))
    # Then 1.3 has been Red for two quarters in Q2 and three in Q3, as its updates say
    assert next(r for r in q2["exceptions"] if r["reference"] == "1.3")["quarters_at_red"] == 2
    assert next(r for r in q3["exceptions"] if r["reference"] == "1.3")["quarters_at_red"] == 3


def test_a_board_with_a_scope_gets_only_its_priorities(pack_world, borough, tmp_path):
    board = pack_world["board"]
    board.priorities.set([pack_world["priorities"][1]])
    files = generate_pack_files(borough=borough, period=Q2, board=board)
    refs = {r["reference"] for p in files.content["appendix"] for r in p["actions"]}
    assert refs == {"2.1", "2.2", "2.3", "2.4"}
    assert files.content["risks"] == []  # R1 and R2 are linked to Priority 1's actions
    text = flat(pdf_text(files.pdf, tmp_path))
    assert "This board oversees Priority 2: Preparing for adulthood only." in text
    assert "Early identification" not in text


def test_a_draft_pack_says_so_on_every_page(pack_world, borough, tmp_path):
    content = build_pack_content(borough=borough, period=Q2, draft=True)
    assert content["draft"] is True
    from reports.rendering import render_pack_html, render_pdf

    pdf = render_pdf(render_pack_html(content, generated_at=GENERATED))
    pages = pages_of(pdf, tmp_path)
    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert "Draft – updates still open" in page.splitlines()[0], number
    final = generate_pack_files(borough=borough, period=Q2).pdf
    assert "Draft" not in pdf_text(final, tmp_path)


def test_a_measure_is_rated_against_its_target_with_the_rule_stated(pack_world, borough, tmp_path):
    files = generate_pack_files(borough=borough, period=Q2)
    [measure] = files.content["measures"]
    # 52.5% against a 60% target, higher is better, improving since 47%
    assert measure["rating"]["rating"] == "amber"
    text = flat(pdf_text(files.pdf, tmp_path))
    assert "How each measure is rated" in text
    assert (
        "Rated Amber: 52.5% against a target of 60% (higher is better); improving since 47%."
        in text
    )


def test_a_quarter_with_no_value_is_a_gap_not_skipped(pack_world, borough):
    from actions.models import MeasureValue, SuccessMeasure

    # Given a measure with values in March and September 2025 but none in June
    measure = SuccessMeasure.objects.create(
        plan=pack_world["plan"], description="Attendance", unit="%", target=90, direction="up"
    )
    for day, value in [(dt.date(2025, 3, 31), 80), (dt.date(2025, 9, 30), 84)]:
        MeasureValue.objects.create(measure=measure, date=day, value=value)
    SuccessMeasure.history.filter(id=measure.pk).update(history_date=at(2025, 4, 1))
    MeasureValue.history.filter(measure_id=measure.pk).update(history_date=at(2025, 9, 30, 9))
    content = build_pack_content(borough=borough, period=Q2)
    attendance = next(m for m in content["measures"] if m["description"] == "Attendance")
    assert [p["value"] for p in attendance["trend"]] == ["80", None, "84"]


def test_a_pack_stored_as_a_draft_is_rendered_as_one(
    pack_world, borough, editor, settings, tmp_path
):
    from reports.generation import pack_run
    from reports.models import BoardPack
    from reports.services import pack_request

    settings.MEDIA_ROOT = tmp_path / "media"
    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    BoardPack.objects.filter(pk=pack.pk).update(is_draft=True)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.content_json["draft"] is True
    assert "Draft – updates still open" in pdf_text(pack.pdf_file.read(), tmp_path)
