"""The home page's "Comments from partners waiting for a reply" panel (read through SQL
compiled once a process): those who answer see the waiting comment, nobody else does."""

import pytest
from django.urls import reverse

WAITING = "COMMENT-SECRET"  # the world's one comment with no reply


def _panel(client, user):
    client.force_login(user)
    text = client.get(reverse("home")).content.decode()
    return WAITING in text and "comments-waiting" in text


@pytest.mark.parametrize(
    "who, sees",
    [
        ("borough_admin", True),  # administers the borough
        ("editor", True),  # leads the comment's priority
        ("superuser", True),  # administers every borough
        ("viewer", False),
        ("outsider", False),  # administers another borough
    ],
)
def test_the_waiting_comment_is_shown_to_those_who_answer_it(
    client, public_world, request, who, sees
):
    assert _panel(client, request.getfixturevalue(who)) is sees
