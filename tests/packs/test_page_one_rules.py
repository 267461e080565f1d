"""Page one's rules, each case by itself: direction of travel and the one line of narrative
(reports/pack/page_one.py), quarters at Red (exceptions.py), data quality
(data_quality.py) and the decisions asked of the board (decisions.py). Fast: plain
values, and one small database for the decisions. The whole pack, read back from its
PDF, is tests/packs/test_board_paper.py."""

import datetime as dt

import pytest

from actions.board_decision_services import status_update_ask_board
from actions.models import Action, StatusUpdate
from actions.services import action_update_status
from reports.pack import data_quality, decisions, exceptions, page_one
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import Q2, at

# --- direction of travel ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "key", "improved", "worsened"),
    [
        ([], "steady", 0, 0),
        (["unchanged", "unchanged"], "steady", 0, 0),
        (["new", "new"], "new", 0, 0),
        (["new", "improved"], "improving", 1, 0),
        (["improved", "improved", "worsened"], "improving", 2, 1),
        (["completed"], "improving", 1, 0),
        (["improved", "completed", "worsened"], "improving", 2, 1),
        (["worsened", "worsened", "improved"], "worsening", 1, 2),
        (["worsened", "unchanged"], "worsening", 0, 1),
        (["improved", "worsened"], "steady", 1, 1),
        (["completed", "worsened", "new"], "steady", 1, 1),
    ],
)
def test_direction_weighs_improved_and_completed_against_worsened(changes, key, improved, worsened):
    assert page_one.direction(iter(changes)) == {
        "key": key,
        **page_one.DIRECTIONS[key],
        "improved": improved,
        "worsened": worsened,
    }


def test_each_direction_has_its_own_symbol_and_words():
    assert {key: f"{d['symbol']} {d['words']}" for key, d in page_one.DIRECTIONS.items()} == {
        "improving": "▲ Improving",
        "worsening": "▼ Worsening",
        "steady": "▶ No change",
        "new": "● New this quarter",
    }


# --- one line of narrative --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "line"),
    [
        (None, 20, ""),
        ("   ", 20, ""),
        ("  Two   posts\nvacant ", 20, "Two posts vacant"),
        ("Two posts vacant. Agency cover agreed.", 140, "Two posts vacant."),
        ("Two posts vacant; agency cover agreed", 140, "Two posts vacant."),
        ("abcd efghi", 10, "abcd efghi"),  # exactly the limit: whole
        ("abcd efghij", 10, "abcd…"),  # one over: cut at a word
        ("0123456789. Then more", 10, "012345678…"),  # a sentence as long as the limit
        ("abcdefghijklmno", 10, "abcdefghi…"),  # no space to cut at
    ],
)
def test_one_line_is_the_first_sentence_or_whole_words_within_the_limit(text, limit, line):
    assert page_one.one_line(text, limit) == line
    assert len(line) <= limit


# --- quarters at Red --------------------------------------------------------------------


def test_quarters_at_red_count_back_the_unbroken_run_up_to_the_lookback():
    states = [
        {1: "red", 2: "red", 3: "amber", 4: "red"},
        {1: "red", 2: "amber", 3: "red", 4: "red"},
        {1: "red", 2: "red", 3: "red", 4: ""},
        {1: "red", 2: "red"},
        {1: "red"},
        {1: "red"},
    ]
    assert exceptions.quarters_at_red([1, 2, 3, 4], states=iter(states)) == {
        1: exceptions.RED_LOOKBACK,
        2: 1,
        3: 0,
        4: 2,
    }


@pytest.mark.parametrize(
    ("statuses", "read", "count"),
    [
        (["red", "green"], 2, 1),  # no action still Red: the third quarter is not built
        (["red"] * 6, exceptions.RED_LOOKBACK, exceptions.RED_LOOKBACK),  # nor the fifth
    ],
)
def test_quarters_at_red_read_no_earlier_quarter_than_they_need(statuses, read, count):
    asked = []

    def states():
        for status in statuses:
            asked.append(status)
            yield {1: status}

    assert exceptions.quarters_at_red([1], states=states()) == {1: count}
    assert len(asked) == read


# --- data quality -----------------------------------------------------------------------


def _row(reference, status, *, due="2025-12-31", owners=("Ann",), rated_on="2025-08-01", **kw):
    return {
        "reference": reference,
        "description": f"Action {reference}",
        "status": status,
        "due_date": due,
        "owners": list(owners),
        "rated_on": rated_on,
        "overdue": False,
        **kw,
    }


def test_data_quality_names_what_is_missing_among_open_actions_only():
    completed = _row("1.1", "blue", due=None, owners=(), rated_on=None, overdue=True)
    on_day_one = _row("1.2", "green", rated_on="2025-07-01")
    late_green = _row("1.3", "green", overdue=True)
    late_amber = _row("1.4", "amber", overdue=True)
    stale = _row("1.5", "red", rated_on="2025-06-30", due=None, owners=())
    never = _row("1.6", "", rated_on=None)
    measures = [
        {"description": "No values", "latest": None, "rating": {"target_passed": False}},
        {
            "description": "National figures only",
            "latest": None,
            "national": {"england": "2.1"},
            "rating": {"target_passed": False},
        },
        {"description": "Missed", "latest": {"value": "1"}, "rating": {"target_passed": True}},
    ]
    rows = [completed, on_day_one, late_green, late_amber, stale, never]

    found = data_quality.findings(actions=rows, period=Q2, measures=measures)

    def refs(key):
        return [item["reference"] or item["description"] for item in found[key]["items"]]

    assert found["open_actions"] == 5
    assert {key: refs(key) for key in found if key != "open_actions"} == {
        "no_due_date": ["1.5"],
        "no_owner": ["1.5"],
        "not_updated": ["1.5", "1.6"],
        "overdue_but_green": ["1.3"],
        "measures_without_values": ["No values"],
        "measures_past_target_date": ["Missed"],
    }
    assert found["no_owner"] == {
        "count": 1,
        "items": [{"reference": "1.5", "description": "Action 1.5", "owners": []}],
    }


# --- decisions asked of the board, as at an instant -------------------------------------

WHEN = at(2025, 10, 20)


def decisions_asked(action_ids, *, period, when):
    """{action id: the decision asked}: the rows decisions.py flags, by their wording."""
    flagged = decisions._flagged(action_ids, period=period, when=when)
    return {action_id: row["board_decision"] for action_id, row in flagged.items()}


@pytest.fixture
def rated(plan, priority, editor):
    """rated(reference, [(reports on, recorded, decision or "")]) -> the action."""

    def rated(reference, updates):
        action = Action.objects.create(plan=plan, priority=priority, reference=reference)
        for day, recorded, decision in updates:
            update = action_update_status(
                action=Action.objects.get(pk=action.pk),
                user=editor,
                status="green",
                narrative=f"On track at {day}",
                date=day,
                recorded_at=recorded,
            )
            if decision:
                status_update_ask_board(update=update, user=editor, decision=decision)
                StatusUpdate.history.filter(
                    id=update.pk, history_change_reason__startswith="Asked"
                ).update(history_date=recorded + dt.timedelta(hours=1))
        return action

    return rated


def test_decisions_are_read_from_each_actions_latest_update_as_it_stood(rated, editor):
    aug = dt.date(2025, 8, 1)
    asked = rated("1", [(aug, at(2025, 8, 2), "Approve agency cover.")])
    superseded = rated(
        "2", [(aug, at(2025, 8, 2), "An early ask."), (aug.replace(day=20), at(2025, 8, 21), "")]
    )
    asked_too_late = rated("3", [(aug, at(2025, 10, 25), "Asked after the pack's instant.")])
    next_quarter = rated(
        "4",
        [
            (aug, at(2025, 8, 2), "The Q2 ask."),
            (dt.date(2025, 10, 5), at(2025, 10, 6), "A Q3 ask."),
        ],
    )
    deleted = rated("5", [(aug, at(2025, 8, 2), "Asked, then the update was deleted.")])
    StatusUpdate.objects.filter(action=deleted).delete()
    StatusUpdate.history.filter(action_id=deleted.pk, history_type="-").update(
        history_date=at(2025, 9, 1)
    )
    ids = [a.pk for a in (asked, superseded, asked_too_late, next_quarter, deleted)]

    assert decisions_asked(ids, period=Q2, when=WHEN) == {
        asked.pk: "Approve agency cover.",
        next_quarter.pk: "The Q2 ask.",
    }
    assert decisions_asked(ids, period=ReportingPeriod(2025, 3), when=at(2026, 1, 1)) == {
        asked.pk: "Approve agency cover.",
        asked_too_late.pk: "Asked after the pack's instant.",
        next_quarter.pk: "A Q3 ask.",
    }
