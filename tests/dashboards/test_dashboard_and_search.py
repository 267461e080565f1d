"""The borough dashboard (a chart with its table) and search, scoped to the user's boroughs."""

import base64
import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action, Plan, Priority
from actions.services import action_update_status
from tests.forms.conftest import client_for


@pytest.fixture
def hackney_action(other_borough):
    plan = Plan.objects.create(borough=other_borough, slug="hackney-plan", title="Hackney plan")
    priority = Priority.objects.create(plan=plan, number="1", title="Workstream")
    return Action.objects.create(
        plan=plan, priority=priority, reference="H-1", description="Health checks in Hackney"
    )


def test_the_dashboard_draws_a_chart_and_the_same_figures_as_a_table(editor, action):
    action_update_status(action=action, user=editor, status="red", narrative="Backlog growing")
    response = client_for(editor).get(reverse("borough_dashboard", args=["hammersmith-fulham"]))
    html = response.content.decode()
    assert response.status_code == 200
    # The chart is an SVG image with a text alternative that points at the table.
    src = html.split('class="sp-chart__image" src="data:image/svg+xml;base64,')[1].split('"')[0]
    svg = base64.b64decode(src).decode()
    assert "<svg" in svg and "Red" in svg
    assert "The same figures are in the table below" in html
    row = response.context["rows"][0]
    assert row["title"] == "SEND inspection action plan"
    assert row["cells"] == [1, 0, 0, 0, 0]
    assert response.context["overdue"] == 1


def test_another_boroughs_dashboard_is_not_found(editor, other_borough):
    response = client_for(editor).get(reverse("borough_dashboard", args=[other_borough.slug]))
    assert response.status_code == 404


def test_search_finds_plans_actions_and_owners_in_your_boroughs_only(
    editor, action, hackney_action
):
    response = client_for(editor).get(reverse("search") + "?q=health")
    html = response.content.decode()
    assert response.status_code == 200
    assert [a.reference for a in response.context["actions"]] == ["1-H1"]
    assert "Health checks in Hackney" not in html
    by_owner = client_for(editor).get(reverse("search") + "?q=corina")
    assert [a.reference for a in by_owner.context["actions"]] == ["1-H1"]
    by_plan = client_for(editor).get(reverse("search") + "?q=inspection")
    assert [p.title for p in by_plan.context["plans"]] == ["SEND inspection action plan"]


def test_a_one_letter_search_is_refused_with_a_message(editor):
    response = client_for(editor).get(reverse("search") + "?q=a")
    assert response.status_code == 400
    assert "Enter at least 2 characters to search for" in response.content.decode()


def test_switching_borough_puts_that_boroughs_plans_first_on_home(editor, plan, other_borough):
    from boroughs.models import Membership, Role

    Membership.objects.create(user=editor, borough=other_borough, role=Role.VIEWER)
    Plan.objects.create(borough=other_borough, slug="a-plan", title="Hackney plan")
    client = client_for(editor)
    client.post(reverse("switch_borough"), {"borough": other_borough.pk})
    first = [p.borough.name for p in client.get(reverse("home")).context["plans"]]
    assert first == ["Hackney", "Hammersmith & Fulham"]
    client.post(reverse("switch_borough"), {"borough": plan.borough_id})
    after = [p.borough.name for p in client.get(reverse("home")).context["plans"]]
    assert after == ["Hammersmith & Fulham", "Hackney"]


def test_a_board_member_sees_the_latest_pack_and_next_meeting_not_officer_lists(
    viewer, action, borough
):
    from governance.models import Board, Meeting

    board = Board.objects.create(borough=borough, slug="board", name="Partnership Board")
    Meeting.objects.create(board=board, date=dt.date.today() + dt.timedelta(days=10))
    html = client_for(viewer).get(reverse("home")).content.decode()
    assert "Board pack and next meeting" in html
    assert "Partnership Board" in html
    assert "My actions" not in html
    assert "No board pack has been made for Hammersmith &amp; Fulham yet." in html


def test_the_timeline_does_not_repeat_the_rating_date_as_a_change(editor, action):
    action_update_status(action=action, user=editor, status="amber", narrative="Slipping")
    action_update_status(
        action=action, user=editor, status="red", narrative="Worse", date=dt.date(2019, 9, 1)
    )
    html = client_for(editor).get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Rated on</strong> changed" not in html
    assert "Status</strong> changed from “Amber” to “Red”" in html


def test_the_beta_banner_links_to_feedback(viewer):
    html = client_for(viewer).get(reverse("home")).content.decode()
    assert 'href="/accessibility/#feedback">feedback</a>' in html
