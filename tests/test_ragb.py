"""RAGB's rules live in actions/ragb.py; the form and the service both obey them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from actions import ragb
from reports.content import read_stored

DAY = dt.date(2025, 9, 1)


def problems(status, previous="", narrative="", completed_on=None):
    return ragb.rating_problems(
        status=status, previous=previous, narrative=narrative, completed_on=completed_on
    )


# --- values, order and words --------------------------------------------------------


def test_not_rated_is_stored_blank_and_keyed_not_rated():
    assert ragb.NOT_RATED == ""
    assert ragb.key("") == ragb.key(None) == ragb.key("not_rated") == "not_rated"
    assert ragb.normalise("not_rated") == ragb.normalise(None) == ""


def test_the_order_runs_worst_first_then_completed_then_not_rated():
    assert ragb.ORDER == ("red", "amber", "green", "blue", "")
    assert ragb.KEYS == ("red", "amber", "green", "blue", "not_rated")


def test_rank_puts_not_rated_below_red_and_blue_above_green():
    ranked = sorted(ragb.ORDER, key=ragb.RANK.__getitem__)
    assert ranked == ["", "red", "amber", "green", "blue"]


def test_every_status_has_a_label_a_tag_colour_and_a_fill():
    assert [ragb.label(s) for s in ragb.ORDER] == ["Red", "Amber", "Green", "Blue", "Not rated"]
    assert [ragb.TAG_COLOURS[s] for s in ragb.ORDER] == ["red", "yellow", "green", "blue", "grey"]
    assert set(ragb.FILL_COLOURS) == set(ragb.ORDER)


def test_meanings_are_the_plans_own_words_and_not_rated_says_so():
    assert ragb.meaning("green") == "On track"
    assert ragb.meaning("blue") == "Completed"
    assert ragb.meaning("") == "Not rated"


def test_an_unknown_status_is_refused_not_taken_for_not_rated():
    with pytest.raises(ValueError):
        ragb.normalise("purple")


def test_only_blue_is_completed_and_only_blank_is_not_rated():
    assert [ragb.is_completed(s) for s in ragb.ORDER] == [False, False, False, True, False]
    assert [ragb.is_rated(s) for s in ragb.ORDER] == [True, True, True, True, False]


# --- the narrative rule ---------------------------------------------------------------


@pytest.mark.parametrize("status", ["red", "amber"])
def test_red_and_amber_need_a_narrative(status):
    label = ragb.label(status)
    assert problems(status) == {"narrative": f"Enter a narrative to explain the {label} rating"}
    assert problems(status, narrative="   ") != {}
    assert problems(status, narrative="Funding gap") == {}


def test_a_first_green_rating_needs_no_narrative():
    assert problems("green") == {}


def test_the_same_green_again_needs_no_narrative():
    assert problems("green", previous="green") == {}


def test_a_change_of_rating_needs_a_narrative_naming_both():
    assert problems("green", previous="red") == {
        "narrative": "Enter a narrative saying why the rating has changed from Red to Green"
    }
    assert problems("green", previous="red", narrative="Recovered") == {}


def test_blue_needs_a_completion_date():
    assert problems("blue", previous="green", narrative="Done") == {
        "completed_on": "Enter the date the action was completed"
    }
    assert problems("blue", previous="green", narrative="Done", completed_on=DAY) == {}


def test_blue_from_green_without_narrative_or_date_reports_both():
    assert set(problems("blue", previous="green")) == {"narrative", "completed_on"}


@pytest.mark.django_db
def test_the_service_refuses_what_the_rule_refuses(editor, action):
    from actions.services import action_update_status

    with pytest.raises(ValidationError) as refused:
        action_update_status(action=action, user=editor, status="red", date=DAY)
    assert refused.value.message_dict == {
        "narrative": ["Enter a narrative to explain the Red rating"]
    }
    action.refresh_from_db()
    assert action.status == ""


# --- where the words and colours are shown ---------------------------------------------


@pytest.mark.parametrize(
    ("status", "colour", "word"),
    [
        ("red", "red", "Red"),
        ("A", "yellow", "Amber"),
        ("Green", "green", "Green"),
        ("blue", "blue", "Blue"),
        ("", "grey", "Not rated"),
        ("not_rated", "grey", "Not rated"),
        (None, "grey", "Not rated"),
    ],
)
def test_the_ragb_tag_shows_the_word_in_the_status_colour(status, colour, word):
    html = Template('{% include "includes/ragb_tag.html" with status=status %}').render(
        Context({"status": status})
    )
    assert f"govuk-tag--{colour} " in html
    assert f">{word}</strong>" in html


def test_a_pack_stored_before_not_rated_had_one_spelling_reads_as_today():
    old = {
        "version": 1,
        "summary": {"overall": {"red": 1, "unrated": 2}},
        "exceptions": [{"status": "unrated", "narrative": 'Once "unrated" by the board'}],
    }
    new = read_stored(old)
    assert new["summary"]["overall"] == {"red": 1, "not_rated": 2}
    assert new["exceptions"][0]["status"] == "not_rated"
    assert new["exceptions"][0]["narrative"] == 'Once "unrated" by the board'
