"""Forgotten passwords are reset by email; signed-in people change their own."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from boroughs.models import PasswordResetRequest
from tests.smtp_server import assert_sent

PASSWORD = "correct horse battery staple"
NEW = "kettle orbit meadow lantern"


# Tests that run the real worker in this process: it closes the database connection when
# it ends, which on PostgreSQL would end a test's transaction, so they run outside one.
WITH_WORKER = pytest.mark.django_db(transaction=True)


def run_worker():
    """The worker sends reset emails: run what is queued, as `db_worker` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@WITH_WORKER
def test_a_reset_link_is_emailed_and_sets_a_new_password(client, editor, mail_server):
    editor.email = "editor@example.org"
    editor.save()

    response = client.post(reverse("password_reset"), {"email": "editor@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail_server.messages == []  # not sent inside the request: the worker sends it
    run_worker()
    (message,) = mail_server.wait_for(1)
    (link,) = assert_sent(message, to="editor@example.org", subject="Reset your sendplan password")
    assert link.startswith("/password-reset/")

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert "Your password has been changed" in done.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(NEW)
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired" in again


@WITH_WORKER
def test_an_unknown_address_gets_the_same_answer_and_no_email(db, client, mail_server):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    run_worker()

    assert "Check your email" in response.content.decode()
    assert "If that address belongs to a sendplan account" in response.content.decode()
    assert mail_server.messages == []


def test_a_reset_request_with_no_address_shows_a_govuk_error(db, client):
    page = client.post(reverse("password_reset"), {"email": ""}).content.decode()

    assert "<title>Error: Reset your password – sendplan</title>" in page
    assert '<a href="#id_email">Enter your email address</a>' in page


def test_the_sign_in_page_links_to_the_reset(db, client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_signed_in_person_changes_their_password_and_stays_signed_in(client, editor):
    client.force_login(editor)
    assert reverse("password_change") in client.get(reverse("security")).content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )

    assert "Your password has been changed" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_current_password_or_a_weak_new_one_is_refused(client, editor):
    client.force_login(editor)

    page = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "short", "new_password2": "short"},
    ).content.decode()

    assert "There is a problem" in page
    assert "Your current password is not right. Enter it again" in page
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


# --- Issue 20: resets throttled and sent by the worker; the change page counted by the lock-out


def _ask(client, email):
    return client.post(reverse("password_reset"), {"email": email})


@WITH_WORKER
def test_every_reset_request_takes_the_same_path_whether_or_not_the_address_has_an_account(
    client, editor, mail_server
):
    editor.email = "editor@example.org"
    editor.save()

    known = _ask(client, "editor@example.org")
    unknown = _ask(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both are queued for the worker, and nothing is sent inside either request.
    queued = DBTaskResult.objects.filter(task_path="boroughs.passwords.send_password_reset")
    assert queued.count() == 2
    assert mail_server.messages == []
    run_worker()
    assert [m["To"] for m in mail_server.wait_for(1)] == ["editor@example.org"]


@WITH_WORKER
def test_reset_requests_for_one_address_are_limited(client, editor, mail_server, settings):
    editor.email = "editor@example.org"
    editor.save()

    answers = [
        Client(REMOTE_ADDR=f"198.51.100.{n}").post(
            reverse("password_reset"), {"email": "Editor@Example.org"}
        )
        for n in range(25)
    ]
    run_worker()

    assert {a.status_code for a in answers} == {302}
    assert len(mail_server.wait_for(settings.PASSWORD_RESET_PER_ADDRESS)) == (
        settings.PASSWORD_RESET_PER_ADDRESS
    )


@WITH_WORKER
def test_reset_requests_from_one_client_are_limited(db, mail_server, settings, django_user_model):
    for n in range(15):
        django_user_model.objects.create_user(
            f"person{n}", email=f"p{n}@example.org", password=PASSWORD
        )
    client = Client(REMOTE_ADDR="203.0.113.9")

    for n in range(15):
        client.post(reverse("password_reset"), {"email": f"p{n}@example.org"})
    run_worker()

    assert len(mail_server.wait_for(settings.PASSWORD_RESET_PER_CLIENT)) == (
        settings.PASSWORD_RESET_PER_CLIENT
    )
    # Only a hash of each address is kept.
    assert not PasswordResetRequest.objects.filter(email_hash__contains="@").exists()


@pytest.mark.parametrize("attempts", [5])
def test_wrong_current_passwords_on_the_change_page_count_towards_the_lock_out(
    client, editor, attempts
):
    client.force_login(editor)
    form = {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW}
    for _ in range(attempts - 1):
        page = client.post(reverse("password_change"), form)
        assert page.status_code == 200

    locked = client.post(reverse("password_change"), form)

    assert locked.status_code == 429
    # Signed out, and the right password no longer works until the pause ends.
    assert client.get(reverse("home")).status_code == 302
    refused = Client().post(reverse("login"), {"username": "editor", "password": PASSWORD})
    assert refused.status_code == 429
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)
