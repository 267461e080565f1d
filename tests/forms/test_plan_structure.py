"""Borough admins shape a plan: priorities, objectives, and new actions."""

import datetime as dt

from django.urls import reverse

from actions.models import Action, Objective, Priority
from tests.forms.conftest import client_for


def test_the_structure_page_lists_priorities_and_objectives_with_edit_links(
    borough_admin, plan, priority, objective, action
):
    html = client_for(borough_admin).get(reverse("plan_structure", args=[plan.pk])).content
    html = html.decode()
    assert "Structure of SEND inspection action plan" in html
    assert reverse("priority_edit", args=[priority.pk]) in html
    assert reverse("objective_edit", args=[objective.pk]) in html
    assert reverse("action_add", args=[priority.pk]) in html


def test_an_admin_adds_a_priority_at_the_end_by_default(borough_admin, plan, priority):
    response = client_for(borough_admin).post(
        reverse("priority_add", args=[plan.pk]),
        {"number": "2", "title": "Joint commissioning", "description": "", "position": ""},
    )
    assert response.status_code == 302
    added = Priority.objects.get(number="2")
    assert (added.title, added.position) == ("Joint commissioning", priority.position + 1)
    assert added.history.get().history_user == borough_admin


def test_a_position_already_taken_is_refused_with_the_name_of_the_priority_holding_it(
    borough_admin, plan, priority
):
    response = client_for(borough_admin).post(
        reverse("priority_add", args=[plan.pk]),
        {"number": "2", "title": "Kept title", "position": str(priority.position + 1)},
    )
    html = response.content.decode()
    assert "Position 1 is already taken by priority “1. Areas for development”" in html
    assert "Kept title" in html
    assert Priority.objects.count() == 1


def test_an_admin_edits_a_priority_and_keeps_its_order_when_left_blank(borough_admin, priority):
    client_for(borough_admin).post(
        reverse("priority_edit", args=[priority.pk]),
        {"number": "1", "title": "Areas for improvement", "description": "Ofsted", "position": ""},
    )
    priority.refresh_from_db()
    assert (priority.title, priority.description, priority.position) == (
        "Areas for improvement",
        "Ofsted",
        0,
    )


def test_an_admin_adds_and_edits_an_objective(borough_admin, priority):
    admin = client_for(borough_admin)
    admin.post(
        reverse("objective_add", args=[priority.pk]),
        {"number": "1.1", "title": "Health assessments", "position": ""},
    )
    objective = Objective.objects.get()
    admin.post(
        reverse("objective_edit", args=[objective.pk]),
        {"number": "1.1", "title": "Initial health assessments", "position": "5"},
    )
    objective.refresh_from_db()
    assert (objective.title, objective.position) == ("Initial health assessments", 4)


def test_an_admin_adds_an_action_to_a_priority(borough_admin, plan, priority, objective, owner):
    response = client_for(borough_admin).post(
        reverse("action_add", args=[priority.pk]),
        {
            "reference": "1-H2",
            "objective": str(objective.pk),
            "description": "Publish the health offer on the Local Offer.",
            "lead_agency": "health",
            "owners": [str(owner.pk)],
            "timescale": "Q3",
        },
    )
    action = Action.objects.get(reference="1-H2")
    assert response["Location"] == reverse("action_detail", args=[action.pk])
    assert (action.objective, action.due_date) == (objective, dt.date(2019, 12, 31))
    assert list(action.owners.all()) == [owner]
    # One history row for the action, one more for its owners: both say who.
    assert {row.history_user for row in action.history.all()} == {borough_admin}


def test_an_action_reference_already_in_the_plan_is_refused(borough_admin, priority, action):
    response = client_for(borough_admin).post(
        reverse("action_add", args=[priority.pk]),
        {"reference": "1-h1", "description": "Duplicate"},
    )
    assert "This plan already has an action 1-h1" in response.content.decode()
    assert Action.objects.count() == 1
