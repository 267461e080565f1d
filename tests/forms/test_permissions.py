"""Who may open and submit each officer page.

Every URL is tried as each member of the cast: anonymous visitors are sent to sign
in, viewers get 403, editors get the page (or 403 on admin pages), borough admins and
superusers get every page, and an outsider from another borough gets 404 — on GET and
on POST, and a refused POST changes nothing.
"""

import pytest
from django.urls import reverse

from actions.models import Action, Milestone, Objective, Priority, StatusUpdate
from boroughs.models import Membership
from tests.forms.conftest import client_for

EDITOR_PAGES = ["action_update_status", "action_edit", "milestone_add", "measure_value_add"]
ADMIN_PAGES = [
    "plan_structure",
    "priority_add",
    "priority_edit",
    "objective_add",
    "objective_edit",
    "action_add",
    "borough_members",
    "borough_member_edit",
    "borough_member_remove",
]
# plan_structure only shows; every other page accepts a POST.
POSTABLE = [name for name in EDITOR_PAGES + ADMIN_PAGES if name != "plan_structure"]

CAST = ["anonymous", "viewer", "editor", "borough_admin", "outsider", "superuser"]
EXPECTED_GET = {
    "editor_page": {
        "anonymous": 302,
        "viewer": 403,
        "editor": 200,
        "borough_admin": 200,
        "outsider": 404,
        "superuser": 200,
    },
    "admin_page": {
        "anonymous": 302,
        "viewer": 403,
        "editor": 403,
        "borough_admin": 200,
        "outsider": 404,
        "superuser": 200,
    },
}


@pytest.fixture
def url_for(action, milestone, measure, objective, viewer_membership, borough):
    args = {
        "action_update_status": [action.pk],
        "action_edit": [action.pk],
        "milestone_add": [action.pk],
        "milestone_achieve": [milestone.pk],
        "measure_value_add": [measure.pk],
        "plan_structure": [action.plan_id],
        "priority_add": [action.plan_id],
        "priority_edit": [action.priority_id],
        "objective_add": [action.priority_id],
        "objective_edit": [objective.pk],
        "action_add": [action.priority_id],
        "borough_members": [borough.slug],
        "borough_member_edit": [borough.slug, viewer_membership.pk],
        "borough_member_remove": [borough.slug, viewer_membership.pk],
    }
    return lambda name: reverse(name, args=args[name])


@pytest.fixture
def user_called(request):
    def get(who):
        return None if who == "anonymous" else request.getfixturevalue(who)

    return get


def _state():
    """Everything a refused POST must leave alone."""
    return (
        StatusUpdate.objects.count(),
        Action.history.count(),
        Milestone.history.count(),
        Priority.history.count(),
        Objective.history.count(),
        Membership.history.count(),
        list(Membership.objects.values_list("pk", "role").order_by("pk")),
    )


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize(
    ("name", "kind"),
    [(n, "editor_page") for n in EDITOR_PAGES] + [(n, "admin_page") for n in ADMIN_PAGES],
)
def test_each_page_answers_each_member_of_the_cast_as_designed(
    name, kind, who, url_for, user_called
):
    url = url_for(name)
    response = client_for(user_called(who)).get(url)
    assert response.status_code == EXPECTED_GET[kind][who]
    if who == "anonymous":
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 302), ("viewer", 403), ("outsider", 404)]
)
@pytest.mark.parametrize("name", POSTABLE + ["milestone_achieve"])
def test_a_post_from_someone_who_may_not_is_refused_and_changes_nothing(
    name, who, status, url_for, user_called
):
    url, client = url_for(name), client_for(user_called(who))
    before = _state()
    data = {"status": "red", "narrative": "x", "role": "admin", "title": "x", "version": "1"}
    response = client.post(url, data)
    assert response.status_code == status
    assert _state() == before


@pytest.mark.parametrize("name", [n for n in ADMIN_PAGES if n in POSTABLE])
def test_an_editor_cannot_post_to_an_admin_page(name, url_for, editor):
    before = _state()
    response = client_for(editor).post(url_for(name), {"role": "admin", "title": "x"})
    assert response.status_code == 403
    assert _state() == before


def test_the_403_page_says_the_role_does_not_allow_it(url_for, viewer):
    response = client_for(viewer).get(url_for("action_update_status"))
    assert response.status_code == 403
    assert b"You do not have permission to do this" in response.content


def test_the_404_page_does_not_reveal_the_other_boroughs_action(url_for, outsider, action):
    response = client_for(outsider).get(url_for("action_update_status"))
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert action.description.encode() not in response.content


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 302),
        ("borough_admin", 302),
        ("superuser", 302),
        ("viewer", 403),
        ("outsider", 404),
    ],
)
def test_ticking_off_a_milestone_is_for_editors_and_above(
    who, status, url_for, user_called, milestone
):
    response = client_for(user_called(who)).post(url_for("milestone_achieve"))
    assert response.status_code == status
    milestone.refresh_from_db()
    assert (milestone.achieved_on is not None) == (status == 302)


def test_opening_the_achieve_page_asks_for_the_date_and_ticks_nothing_off(
    url_for, editor, milestone
):
    response = client_for(editor).get(url_for("milestone_achieve"))
    assert response.status_code == 200
    assert "Date achieved" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.achieved_on is None
