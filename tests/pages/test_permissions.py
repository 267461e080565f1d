"""Who may see each read page: anonymous visitors are sent to sign in, members of the
borough see it whatever their role, outsiders get 404 for our objects and see none of
them in lists, and superusers see everything."""

import pytest
from django.urls import reverse

from tests.pages.conftest import client_for

MEMBERS = ["viewer", "editor", "borough_admin", "superuser"]


def _urls(plan, action):
    return {
        "home": reverse("home"),
        "plan_detail": reverse("plan_detail", args=[plan.pk]),
        "action_list": reverse("action_list") + "?borough=all",
        "action_export_csv": reverse("action_export_csv") + "?borough=all",
        "action_detail": reverse("action_detail", args=[action.pk]),
        "switch_borough": reverse("switch_borough"),
    }


PAGES = [
    "home",
    "plan_detail",
    "action_list",
    "action_export_csv",
    "action_detail",
    "switch_borough",
]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, plan, action, page):
    url = _urls(plan, action)[page]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("role", MEMBERS)
@pytest.mark.parametrize("page", PAGES)
def test_members_of_the_borough_and_superusers_see_every_page(request, plan, action, page, role):
    user = request.getfixturevalue(role)
    response = client_for(user).get(_urls(plan, action)[page])
    assert response.status_code == 200
    if page in ("plan_detail", "action_detail"):
        assert action.reference in response.content.decode()


@pytest.mark.parametrize("page", ["plan_detail", "action_detail"])
def test_an_outsider_gets_not_found_for_our_plan_and_action(outsider, plan, action, page):
    response = client_for(outsider).get(_urls(plan, action)[page])
    assert response.status_code == 404


@pytest.mark.parametrize("page", ["home", "action_list", "action_export_csv"])
def test_an_outsider_sees_none_of_our_actions_in_lists(outsider, plan, action, their_action, page):
    response = client_for(outsider).get(_urls(plan, action)[page])
    assert response.status_code == 200
    body = response.content.decode()
    assert action.reference not in body
    assert plan.title not in body
    if page != "home":
        assert their_action.reference in body


def test_the_accessibility_statement_is_public_because_sign_in_links_to_it(client):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "Accessibility statement for sendplan" in response.content.decode()


def test_edit_links_appear_only_for_editors_and_above(viewer, editor, action):
    url = reverse("action_detail", args=[action.pk])
    update_url = reverse("action_update_status", args=[action.pk])
    assert update_url not in client_for(viewer).get(url).content.decode()
    assert update_url in client_for(editor).get(url).content.decode()


def test_plan_structure_link_appears_only_for_borough_admins(editor, borough_admin, plan):
    url = reverse("plan_detail", args=[plan.pk])
    structure_url = reverse("plan_structure", args=[plan.pk])
    assert structure_url not in client_for(editor).get(url).content.decode()
    assert structure_url in client_for(borough_admin).get(url).content.decode()


def test_the_members_link_on_home_appears_only_for_borough_admins(editor, borough_admin, borough):
    members_url = reverse("borough_members", args=[borough.slug])
    assert members_url not in client_for(editor).get(reverse("home")).content.decode()
    assert members_url in client_for(borough_admin).get(reverse("home")).content.decode()
