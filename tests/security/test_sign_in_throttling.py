"""Wrong passwords pause sign-in (django-axes), and every sign-in is on record."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse

from tests.smtp_server import assert_sent

PASSWORD = "correct horse battery staple"
LIMIT = 5


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def browser(ip="198.51.100.7", agent="Firefox on a council laptop"):
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=agent)


def test_five_wrong_passwords_lock_the_username_from_that_address(editor):
    client = browser()
    for _ in range(LIMIT - 1):
        response = sign_in(client, "editor", "wrong password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()

    response = sign_in(client, "editor", "wrong password")
    body = response.content.decode()
    assert response.status_code == 429
    assert "<title>You have tried to sign in too many times – sendplan</title>" in body
    assert '<h1 class="govuk-heading-l">You have tried to sign in too many times</h1>' in body
    assert "paused for 15 minutes" in body

    # Now even the right password is refused, and nobody is signed in.
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_the_lock_out_holds_only_for_that_username_and_that_address(editor, viewer):
    locked = browser(ip="198.51.100.7")
    for _ in range(LIMIT):
        sign_in(locked, "editor", "wrong password")
    assert sign_in(locked, "editor", PASSWORD).status_code == 429

    # Someone else at the same address, and the same person elsewhere, can still sign in.
    assert sign_in(browser(ip="198.51.100.7"), "viewer", PASSWORD).status_code == 302
    assert sign_in(browser(ip="203.0.113.9"), "editor", PASSWORD).status_code == 302


def test_the_lock_out_ends_after_fifteen_minutes(editor):
    client = browser()
    for _ in range(LIMIT):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    # The failures were 16 minutes ago.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_successful_sign_in_clears_earlier_failures(editor):
    client = browser()
    for _ in range(LIMIT - 1):
        sign_in(client, "editor", "wrong password")
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()


def test_the_lock_out_page_passes_the_same_html_checks_as_every_page(editor):
    client = browser()
    for _ in range(LIMIT):
        response = sign_in(client, "editor", "wrong password")
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert 'href="/sign-in/"' in body
    assert response["Content-Security-Policy"]


def test_a_successful_sign_in_is_logged_with_who_when_where_and_which_browser(editor):
    before = dt.datetime.now(dt.UTC)
    response = sign_in(browser(ip="198.51.100.7", agent="Edge on a school PC"), "editor", PASSWORD)
    assert response.status_code == 302

    entry = AccessLog.objects.get()
    assert entry.username == "editor"
    assert entry.ip_address == "198.51.100.7"
    assert entry.user_agent == "Edge on a school PC"
    assert entry.path_info == reverse("login")
    assert entry.attempt_time >= before
    assert not AccessFailureLog.objects.exists()


def test_a_failed_sign_in_is_logged_and_the_lock_out_is_marked(editor):
    client = browser(ip="198.51.100.7", agent="Chrome")
    sign_in(client, "editor", "wrong password")
    first = AccessFailureLog.objects.get()
    assert (first.username, first.ip_address, first.user_agent) == (
        "editor",
        "198.51.100.7",
        "Chrome",
    )
    assert first.locked_out is False

    for _ in range(LIMIT - 1):
        sign_in(client, "editor", "wrong password")
    assert AccessFailureLog.objects.count() == LIMIT
    assert AccessFailureLog.objects.order_by("-pk").first().locked_out is True
    assert not AccessLog.objects.exists()
    # The password tried is never stored.
    assert "wrong password" not in AccessAttempt.objects.get().post_data


def test_the_sign_in_logs_are_read_only_in_the_admin(superuser, editor):
    sign_in(browser(), "editor", "wrong password")
    sign_in(browser(), "editor", PASSWORD)
    admin = Client()
    admin.force_login(superuser)

    model_class = {"accesslog": AccessLog, "accessfailurelog": AccessFailureLog}
    for model in model_class:
        page = admin.get(reverse(f"admin:axes_{model}_changelist"))
        assert page.status_code == 200
        assert "editor" in page.content.decode()
        assert admin.get(reverse(f"admin:axes_{model}_add")).status_code == 403
        entry = model_class[model].objects.filter(username="editor").first()
        change_url = reverse(f"admin:axes_{model}_change", args=[entry.pk])
        assert admin.get(change_url).status_code == 200  # a read-only view
        assert admin.post(change_url, {"username": "someone-else"}).status_code == 403
        delete_url = reverse(f"admin:axes_{model}_delete", args=[entry.pk])
        assert admin.post(delete_url, {"post": "yes"}).status_code == 403
        entry.refresh_from_db()
        assert entry.username == "editor"


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_is_counted(settings, editor):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client claims to be 10.0.0.1; our proxy appended the address it really saw.
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    sign_in(client, "editor", "wrong password")
    assert AccessFailureLog.objects.get().ip_address == "198.51.100.7"


def test_wrong_passwords_from_many_addresses_pause_the_username_everywhere(
    editor, viewer, settings
):
    settings.SIGN_IN_USERNAME_FAILURE_LIMIT = 12
    # Three failures from each of four addresses: under the per-address limit every time.
    for host in range(4):
        client = browser(ip=f"203.0.113.{host + 1}")
        for _ in range(3):
            assert sign_in(client, "editor", "wrong password").status_code == 200

    # The thirteenth try, from a fifth address and with the right password, is refused.
    client = browser(ip="203.0.113.99")
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert "You have tried to sign in too many times" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another username is unaffected.
    assert sign_in(browser(ip="203.0.113.99"), "viewer", PASSWORD).status_code == 302


def test_failures_spread_below_the_username_limit_do_not_pause_it(editor, settings):
    settings.SIGN_IN_USERNAME_FAILURE_LIMIT = 12
    for host in range(3):
        client = browser(ip=f"203.0.113.{host + 1}")
        for _ in range(3):
            sign_in(client, "editor", "wrong password")

    assert sign_in(browser(ip="203.0.113.99"), "editor", PASSWORD).status_code == 302


# --- Issue 20: strangers with many addresses cannot keep the owner out for good


def _paused_from_many_addresses(settings):
    settings.SIGN_IN_USERNAME_FAILURE_LIMIT = 12
    for host in range(4):
        client = browser(ip=f"203.0.113.{host + 1}")
        for _ in range(3):
            sign_in(client, "editor", "wrong password")


def test_an_account_with_a_second_factor_is_not_paused_by_failures_from_many_addresses(
    editor, settings
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=editor, name="Authenticator app", confirmed=True)
    _paused_from_many_addresses(settings)

    client = browser(ip="203.0.113.99")
    response = sign_in(client, "editor", PASSWORD)

    # The password is accepted, and the code from the app is still asked for.
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))


def _lands_on(client):
    response = client.get(reverse("home"))
    return response.status_code if response.status_code == 200 else response["Location"]


def test_a_paused_account_with_an_email_address_asks_its_owner_for_an_emailed_code(
    editor, settings, mail_server
):
    import re

    editor.email = "erin@example.org"
    editor.save()
    _paused_from_many_addresses(settings)

    owner = browser(ip="203.0.113.99")
    assert sign_in(owner, "editor", PASSWORD).status_code == 302
    # Signed in by password alone, nothing opens but the code page.
    assert _lands_on(owner).startswith(reverse("sign_in_emailed_code"))
    [message] = mail_server.wait_for(1)
    assert message["To"] == "erin@example.org"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    code = re.search(r"code is (\d{6})", message.get_content()).group(1)
    wrong = owner.post(
        reverse("sign_in_emailed_code"), {"code": "000000" if code != "000000" else "111111"}
    )
    assert "That code is not right" in wrong.content.decode()

    owner.post(reverse("sign_in_emailed_code"), {"code": code})

    assert _lands_on(owner) == 200
    # The right code lifted the pause: the next sign-in needs no code.
    again = browser(ip="203.0.113.98")
    assert sign_in(again, "editor", PASSWORD).status_code == 302
    assert _lands_on(again) == 200


def test_a_wrong_password_from_a_paused_account_still_counts_and_sends_no_code(
    editor, settings, mail_server
):
    editor.email = "erin@example.org"
    editor.save()
    _paused_from_many_addresses(settings)

    assert sign_in(browser(ip="203.0.113.99"), "editor", "still wrong").status_code == 200
    assert mail_server.messages == []


def test_five_wrong_emailed_codes_sign_the_person_out(editor, settings, mail_server):
    editor.email = "erin@example.org"
    editor.save()
    _paused_from_many_addresses(settings)
    owner = browser(ip="203.0.113.99")
    sign_in(owner, "editor", PASSWORD)

    for _ in range(5):
        owner.post(reverse("sign_in_emailed_code"), {"code": "999999x"})

    assert _lands_on(owner).startswith(reverse("login"))


@pytest.mark.django_db(transaction=True)  # runs the real worker, which closes the connection
def test_the_owner_lifts_the_pause_with_the_emailed_reset_link(editor, settings, mail_server):

    from django.core.management import call_command

    editor.email = "erin@example.org"
    editor.save()
    _paused_from_many_addresses(settings)

    owner = browser(ip="203.0.113.99")
    owner.post(reverse("password_reset"), {"email": "erin@example.org"})
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    (message,) = mail_server.wait_for(1)
    (link,) = assert_sent(message, to="erin@example.org", subject="Reset your sendplan password")
    form = owner.get(link, follow=True)
    new = "kettle orbit meadow lantern"
    owner.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    # No emailed code needed any more: the reset lifted the pause.
    later = browser(ip="203.0.113.97")
    assert sign_in(later, "editor", new).status_code == 302
    assert _lands_on(later) == 200
