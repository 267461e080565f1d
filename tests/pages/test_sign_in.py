"""Signing in and out, and choosing which borough to work in."""

from django.urls import reverse

from boroughs.models import Membership, Role
from boroughs.permissions import SESSION_KEY
from tests.pages.conftest import client_for

PASSWORD = "correct horse battery staple"


def test_the_sign_in_page_has_labelled_username_and_password(client, db):
    body = client.get(reverse("login")).content.decode()
    assert '<label class="govuk-label" for="id_username">Username</label>' in body
    assert '<label class="govuk-label" for="id_password">Password</label>' in body
    assert ">Sign in</button>" in body
    assert "<title>Sign in – sendplan</title>" in body


def test_a_wrong_password_shows_the_error_summary_and_keeps_the_username(client, editor):
    response = client.post(reverse("login"), {"username": "editor", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "There is a problem" in body
    assert "Enter a correct username and password" in body
    assert "<title>Error: Sign in – sendplan</title>" in body
    assert 'value="editor"' in body
    assert "_auth_user_id" not in client.session


def test_empty_fields_are_named_in_the_error_summary(client, db):
    body = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in body
    assert '<a href="#id_password">Enter your password</a>' in body


def test_the_right_password_signs_in_and_goes_to_the_page_asked_for(client, editor, action):
    target = reverse("action_detail", args=[action.pk])
    response = client.post(
        reverse("login"), {"username": "editor", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_signing_out_is_a_post_and_ends_the_session(editor):
    client = client_for(editor)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_a_member_of_one_borough_sees_it_without_a_change_link(viewer, borough):
    body = client_for(viewer).get(reverse("home")).content.decode()
    assert "Current borough: </span>Hammersmith &amp; Fulham" in body
    assert reverse("switch_borough") not in body


def test_a_member_of_two_boroughs_can_switch_and_the_choice_is_kept(
    viewer, borough, other_borough, their_plan, plan
):
    Membership.objects.create(user=viewer, borough=other_borough, role=Role.VIEWER)
    client = client_for(viewer)
    home = client.get(reverse("home")).content.decode()
    assert "Current borough: </span>Hackney" in home  # the first by name
    assert 'Change<span class="govuk-visually-hidden"> borough</span>' in home

    page = client.get(reverse("switch_borough")).content.decode()
    assert 'type="radio"' in page and "Hammersmith &amp; Fulham" in page
    response = client.post(reverse("switch_borough"), {"borough": borough.pk, "next": "/actions/"})
    assert response.status_code == 302
    assert response["Location"] == "/actions/"
    assert client.session[SESSION_KEY] == borough.pk
    assert "Current borough: </span>Hammersmith &amp; Fulham" in client.get("/").content.decode()


def test_switching_to_a_borough_you_do_not_belong_to_is_refused(viewer, borough, other_borough):
    client = client_for(viewer)
    response = client.post(reverse("switch_borough"), {"borough": other_borough.pk})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select one of the boroughs you belong to" in body
    assert SESSION_KEY not in client.session


def test_switching_never_redirects_off_site(viewer, borough):
    response = client_for(viewer).post(
        reverse("switch_borough"), {"borough": borough.pk, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_a_remembered_borough_the_user_has_left_falls_back_to_their_own(
    viewer, borough, other_borough
):
    client = client_for(viewer)
    session = client.session
    session[SESSION_KEY] = other_borough.pk
    session.save()
    body = client.get(reverse("home")).content.decode()
    assert "Current borough: </span>Hammersmith &amp; Fulham" in body
    assert "Hackney" not in body
