"""Branded error pages: a form refused for its CSRF token keeps what was typed, a
kept form reads with human labels, and the 500 page is sendplan's own."""

from django.test import Client, RequestFactory
from django.urls import reverse

from sendplan.errors import server_error, shown_fields


def test_a_form_refused_for_a_lost_csrf_cookie_comes_back_branded_with_what_was_typed(
    editor, action
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = reverse("action_update_status", args=[action.pk])

    response = client.post(
        url,
        {"version": 1, "status": "red", "narrative": "Three schools withdrew."},
        HTTP_ORIGIN="http://testserver",
    )
    page = response.content.decode()

    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert "Three schools withdrew." in page
    assert '<dt class="govuk-summary-list__key">Rating</dt>' in page
    assert f'<form method="post" action="{url}">' in page
    assert "Send it again" in page


def test_a_form_posted_from_another_site_is_refused_without_offering_to_send_it(editor, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        reverse("action_update_status", args=[action.pk]),
        {"status": "blue", "narrative": "Done, honestly."},
        HTTP_ORIGIN="https://attacker.example",
    )
    page = response.content.decode()

    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert "Done, honestly." not in page and "Send it again" not in page


def test_a_kept_bulk_form_names_each_rows_action_and_reads_as_words(editor, action):
    request = RequestFactory().get("/")
    request.user = editor
    fields = [
        (f"a{action.pk}-version", "3"),
        (f"a{action.pk}-status", "amber"),
        (f"a{action.pk}-next_steps", "Chase the ICB."),
        (f"a{action.pk}-completed_on_day", "27"),
        (f"a{action.pk}-completed_on_month", "3"),
        (f"a{action.pk}-completed_on_year", "2026"),
        ("next", "1"),
    ]

    shown = shown_fields(fields, request)

    ref = action.reference
    assert shown == [
        {"label": f"Action {ref}: Rating", "value": "Amber"},
        {"label": f"Action {ref}: Next steps", "value": "Chase the ICB."},
        {"label": f"Action {ref}: Date completed", "value": "27/3/2026"},
    ]


def test_the_500_page_is_branded_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in page
    assert "govuk-template" in page


def test_a_sign_in_refused_for_its_token_never_writes_the_password_back(client, editor):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("login"),
        {"username": editor.username, "password": "correct horse battery staple"},
        HTTP_ORIGIN="http://testserver",
    )
    page = response.content.decode()

    assert response.status_code == 403
    assert "Your form was not sent" in page
    assert "correct horse battery staple" not in page
