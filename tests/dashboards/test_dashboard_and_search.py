"""The borough dashboard (a chart with its table) and search, scoped to the user's boroughs."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from actions.models import Action, Plan, Priority
from actions.services import action_update_status
from tests.forms.conftest import client_for
from tests.reading import bar_chart_values, svg_from_img, table_rows


@pytest.fixture
def hackney_action(other_borough):
    plan = Plan.objects.create(borough=other_borough, slug="hackney-plan", title="Hackney plan")
    priority = Priority.objects.create(plan=plan, number="1", title="Workstream")
    return Action.objects.create(
        plan=plan, priority=priority, reference="H-1", description="Health checks in Hackney"
    )


def test_the_dashboard_draws_a_chart_and_the_same_figures_as_a_table(
    editor, plan, priority, hackney_action
):
    # Given two open plans with a different mix of ratings, one action of each overdue
    # and another borough's plan, which must not count
    second = Plan.objects.create(borough=plan.borough, slug="strategy", title="SEND strategy")
    second_priority = Priority.objects.create(plan=second, number="1", title="Early help")
    mix = {
        plan: (priority, ["red", "red", "amber", "blue", "", "", ""]),
        second: (second_priority, ["green", "green", "green", "amber"]),
    }
    for owner, (within, statuses) in mix.items():
        for n, status in enumerate(statuses):
            Action.objects.create(
                plan=owner,
                priority=within,
                reference=f"{within.number}.{n}",
                description=f"Action {n}",
                status=status,
                due_date=dt.date(2020, 1, 1) if n == 0 else None,
            )
    # When an editor opens their borough's dashboard
    response = client_for(editor).get(reverse("borough_dashboard", args=["hammersmith-fulham"]))
    html = response.content.decode()
    # Then the table shows each plan's count at each rating, and the totals
    header, *rows = table_rows(html)
    assert header == ["Plan", "Red", "Amber", "Green", "Blue", "Not rated", "Total"]
    assert rows == [
        ["SEND inspection action plan", "2", "1", "0", "1", "3", "7"],
        ["SEND strategy", "0", "1", "3", "0", "0", "4"],
        ["All open plans", "2", "2", "3", "1", "3", "11"],
    ]
    figures = re.findall(r'sp-figure__number">(\d+)</span> ([a-z ]+)', html)
    assert figures[:2] == [("11", "actions in open plans"), ("2", "overdue")]
    # And the chart draws the same figures, bar by bar, with a text alternative
    svg = svg_from_img(html, "sp-chart__image")
    assert bar_chart_values(svg) == {
        "Red": {"SEND inspection action plan": 2, "SEND strategy": 0},
        "Amber": {"SEND inspection action plan": 1, "SEND strategy": 1},
        "Green": {"SEND inspection action plan": 0, "SEND strategy": 3},
        "Blue": {"SEND inspection action plan": 1, "SEND strategy": 0},
        "Not rated": {"SEND inspection action plan": 3, "SEND strategy": 0},
    }
    assert 'alt="Bar chart of actions by rating in each open plan. The same figures' in html


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
