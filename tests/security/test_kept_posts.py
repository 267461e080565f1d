"""Idle sign-out without loss: a form sent after sign-out is offered back after signing in,
and the keep-alive behind "Stay signed in" counts as activity."""

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from actions.models import StatusUpdate
from sendplan import sessions as security

PASSWORD = "correct horse battery staple"  # noqa: S105


def go_idle(client, settings):
    session = client.session
    session[security.LAST_SEEN] = security.now() - settings.SESSION_COOKIE_AGE - 5
    session.save()


def test_a_status_update_sent_after_idle_sign_out_is_kept_through_signing_in_and_saved(
    client, editor, action, settings
):
    url = reverse("action_update_status", args=[action.pk])
    client.force_login(editor)
    go_idle(client, settings)
    typed = {
        "version": action.version,
        "status": "amber",
        "narrative": "Backlog down to 40 children.",
        "next_steps": "Weekly clinics.",
        "date_day": "1",
        "date_month": "10",
        "date_year": "2025",
    }

    sent = client.post(url, typed)
    assert sent.status_code == 302
    assert sent.url == f"{reverse('login')}?next={url}"
    assert SESSION_KEY not in client.session
    assert not StatusUpdate.objects.exists()

    signed_in = client.post(
        sent.url, {"username": "editor", "password": PASSWORD, "next": url}, follow=False
    )
    assert signed_in.url == url
    offered = client.get(url).content.decode()
    assert "Save what you typed" in offered
    assert "Backlog down to 40 children." in offered
    assert 'name="narrative" value="Backlog down to 40 children."' in offered

    saved = client.post(url, typed)

    assert saved.status_code == 302
    update = StatusUpdate.objects.get()
    assert (update.status, update.narrative, update.date) == (
        "amber",
        "Backlog down to 40 children.",
        dt.date(2025, 10, 1),
    )
    # Offered once: the page is the ordinary form again afterwards.
    assert "Save what you typed" not in client.get(url).content.decode()


def test_a_form_sent_with_no_session_at_all_is_kept_too(client, editor, action):
    url = reverse("action_update_status", args=[action.pk])
    client.post(url, {"status": "green", "narrative": "All clear."})
    client.post(reverse("login"), {"username": "editor", "password": PASSWORD, "next": url})
    assert "All clear." in client.get(url).content.decode()


def test_someone_elses_page_does_not_get_the_kept_words(client, editor, action, plan):
    url = reverse("action_update_status", args=[action.pk])
    client.post(url, {"status": "green", "narrative": "All clear."})
    client.post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert "All clear." not in client.get(reverse("plan_detail", args=[plan.pk])).content.decode()


def test_stay_signed_in_counts_as_activity(client, editor, settings):
    client.force_login(editor)
    session = client.session
    session[security.LAST_SEEN] = security.now() - settings.SESSION_COOKIE_AGE + 100
    session.save()

    response = client.post(reverse("session_keep_alive"))

    assert response.status_code == 200
    assert security.now() - client.session[security.LAST_SEEN] < 5


def test_signed_in_pages_carry_the_idle_warning_with_the_session_length(client, editor):
    client.force_login(editor)
    page = client.get(reverse("home")).content.decode()
    assert 'id="idle-warning"' in page
    assert 'data-idle-seconds="1800"' in page and 'data-warn-seconds="120"' in page
    assert "js/idle-warning.js" in page
