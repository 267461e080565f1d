"""The action page's own state in the open round (governance/templatetags/rounds.py,
round_rows.action_progress): the words, the reviewer's comment and the links."""

import datetime as dt

from django.urls import reverse

from actions.models import Action


def _state(client, action):
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    if 'id="round-state"' not in page:
        return None
    return page.split('id="round-state"', 1)[1].split("</div>", 1)[0]


def test_a_waiting_update_offers_its_review_and_an_action_without_one_is_late(
    reviewed, round_world, client, borough_admin
):
    client.force_login(borough_admin)

    waiting = _state(client, round_world["actions"]["1.1"])
    late = _state(client, round_world["actions"]["2.1"])

    assert "Submitted, waiting for review" in waiting
    assert reverse("update_review", args=[reviewed["1.1"].pk]) in waiting
    assert "Late" in late and "are due by 20 October 2025" in late


def test_a_returned_update_shows_who_returned_it_and_why(
    reviewed, round_world, client, editor, borough_admin
):
    client.force_login(borough_admin)
    client.post(
        reverse("update_review", args=[reviewed["1.2"].pk]),
        {"decision": "return", "comment": "Say which posts."},
    )
    client.force_login(editor)

    state = _state(client, round_world["actions"]["1.2"])

    assert "Returned for changes, late" in state
    assert "Say which posts." in state
    assert "Change the returned update" in state


def test_an_action_completed_before_the_quarter_has_no_round_state(
    round_world, plan, client, editor
):
    done = Action.objects.create(
        plan=plan,
        priority=round_world["priorities"][0],
        reference="1.9",
        description="Done before the quarter began.",
        status="blue",
        completed_on=dt.date(2025, 3, 31),
        position=9,
    )
    client.force_login(editor)

    assert _state(client, done) is None
    assert _state(client, round_world["actions"]["1.1"]) is not None
