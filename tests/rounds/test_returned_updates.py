"""A returned update comes back whole: what its officer submitted, the reviewer's
comment beside it, and on the home page and in the digest of whoever submitted it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ReviewState, StatusUpdate
from reports.digests import digest_items


@pytest.fixture
def returned(round_world, borough, client, editor, borough_admin):
    """Erin wrote 2.2's update for Corina (no account); the admin returned it."""
    borough.updates_need_review = True
    borough.save()
    action = Action.objects.get(pk=round_world["actions"]["2.2"].pk)
    client.force_login(editor)
    url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={action.pk}"
    client.post(
        url,
        {
            "version": action.version,
            "status": "red",
            "narrative": "Tender failed twice.",
            "next_steps": "Re-tender in May.",
        },
    )
    update = StatusUpdate.objects.get(action=action)
    client.force_login(borough_admin)
    client.post(
        reverse("update_review", args=[update.pk]),
        {"decision": "return", "comment": "Say which lots failed."},
    )
    client.force_login(editor)
    return {"action": action, "url": url, "update": update}


def test_a_returned_update_opens_with_the_submitted_rating_narrative_and_the_comment(
    returned, client
):
    response = client.get(returned["url"])
    form, page = response.context["form"], response.content.decode()

    assert (form["status"].value(), form["narrative"].value(), form["next_steps"].value()) == (
        "red",
        "Tender failed twice.",
        "Re-tender in May.",
    )
    assert "Say which lots failed." in page
    assert "The update you submitted (Red) is filled in below" in page


def test_the_submitter_sees_the_return_on_home_and_in_the_digest_though_not_the_owner(
    returned, client, editor, round_world
):
    home = client.get(reverse("home")).content.decode()
    nxt = client.get(reverse("round_next", args=[round_world["round"].pk]))
    since = timezone.now() - dt.timedelta(hours=1)
    items = digest_items(editor, today=timezone.localdate(), since=since)

    assert "1 was returned for changes" in home
    assert "0 of 4 done" in home  # Erin's three, and the one returned to her
    assert nxt.url.endswith(f"?action={returned['action'].pk}")
    assert any("Say which lots failed." in item.text for item in items)


def test_a_returned_update_is_put_right_in_one_page(returned, client):
    action = Action.objects.get(pk=returned["action"].pk)

    client.post(
        returned["url"],
        {
            "version": action.version,
            "status": "red",
            "narrative": "Lots 2 and 3 failed; lot 1 awarded.",
            "next_steps": "Re-tender in May.",
        },
    )

    latest = StatusUpdate.objects.filter(action=action).latest("created_at")
    assert (latest.review_state, latest.narrative) == (
        ReviewState.SUBMITTED,
        "Lots 2 and 3 failed; lot 1 awarded.",
    )
