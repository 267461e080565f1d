"""A session ends after 30 minutes without a request; an active one carries on.

The clock is sendplan.sessions.now, moved by the `clock` fixture; the session is real
(database-backed) and signed in through the sign-in page.
"""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sendplan import sessions

PASSWORD = "correct horse battery staple"
MINUTE = 60


class Clock:
    def __init__(self, start):
        self.time = start

    def __call__(self):
        return self.time

    def advance(self, minutes):
        self.time += minutes * MINUTE


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(1_800_000_000.0)
    monkeypatch.setattr(sessions, "now", clock)
    return clock


@pytest.fixture
def signed_in(editor, clock):
    client = Client()
    response = client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_idle_window_is_thirty_minutes_and_the_cookie_lasts_as_long():
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 30 * MINUTE
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_a_session_left_idle_for_thirty_one_minutes_is_signed_out(signed_in, clock):
    assert signed_in.get(reverse("home")).status_code == 200
    clock.advance(31)

    response = signed_in.get(reverse("action_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/actions/"
    assert "_auth_user_id" not in signed_in.session
    page = signed_in.get(response["Location"])
    assert "You were signed out because you had not used sendplan for 30 minutes" in (
        page.content.decode()
    )
    # And it stays signed out: going back does not revive it.
    assert signed_in.get(reverse("home")).status_code == 302


def test_an_active_session_lasts_beyond_thirty_minutes(signed_in, clock):
    # A request every 20 minutes for two hours: never 30 minutes idle.
    for _ in range(6):
        clock.advance(20)
        assert signed_in.get(reverse("home")).status_code == 200
    assert signed_in.session["_auth_user_id"]


def test_twenty_nine_idle_minutes_are_allowed(signed_in, clock):
    clock.advance(29)
    assert signed_in.get(reverse("home")).status_code == 200


def test_a_post_after_the_idle_window_changes_nothing_and_goes_to_sign_in(
    signed_in, clock, borough, other_borough
):
    clock.advance(45)
    response = signed_in.post(reverse("switch_borough"), {"borough": borough.pk})
    assert response.status_code == 302
    # Back to the same page after signing in, where what was sent is offered again
    # (boroughs/kept_posts.py).
    assert response["Location"] == f"{reverse('login')}?next={reverse('switch_borough')}"
    assert "current_borough_id" not in signed_in.session


def _session_writes(queries):
    return [q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]


def test_the_session_is_written_at_most_once_a_minute(signed_in, clock):
    signed_in.get(reverse("home"))
    with CaptureQueriesContext(connection) as within_a_minute:
        clock.advance(0.5)
        signed_in.get(reverse("home"))
    with CaptureQueriesContext(connection) as after_a_minute:
        clock.advance(2)
        signed_in.get(reverse("home"))

    assert _session_writes(within_a_minute.captured_queries) == []
    assert len(_session_writes(after_a_minute.captured_queries)) == 1
    # Nothing else changes: the same statements, plus that one UPDATE (the session
    # backend wraps it in a savepoint, which is not a query of its own).
    statements = [q["sql"] for q in after_a_minute.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == len(within_a_minute) + 1


def test_a_refresh_pushes_the_cookie_and_the_stored_session_forward(signed_in, clock):
    signed_in.get(reverse("home"))
    clock.advance(25)
    response = signed_in.get(reverse("home"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == 30 * MINUTE
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert signed_in.session[sessions.LAST_SEEN] == clock()


def test_signing_out_for_idleness_is_said_once(signed_in, clock):
    clock.advance(31)
    response = signed_in.get(reverse("home"))
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1
    assert "Sign in again to carry on" in messages[0]
