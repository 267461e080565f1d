"""Forgotten passwords are reset by email; signed-in people change their own."""

from django.urls import reverse

from tests.smtp_server import assert_sent

PASSWORD = "correct horse battery staple"
NEW = "kettle orbit meadow lantern"


def test_a_reset_link_is_emailed_and_sets_a_new_password(client, editor, mail_server):
    editor.email = "editor@example.org"
    editor.save()

    response = client.post(reverse("password_reset"), {"email": "editor@example.org"})
    assert response["Location"] == reverse("password_reset_done")
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


def test_an_unknown_address_gets_the_same_answer_and_no_email(db, client, mail_server):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

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
