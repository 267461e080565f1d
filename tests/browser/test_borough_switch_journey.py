"""One person, two boroughs: switching between them shows the other borough's plans."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from actions.models import Action, Plan, Priority
from boroughs.models import Membership, Role
from tests.browser.conftest import PASSWORD, assert_accessible, sign_in


def _plan_with_overdue_action(borough, title, reference):
    plan = Plan.objects.create(borough=borough, slug=reference.lower(), title=title)
    priority = Priority.objects.create(plan=plan, number="1", title="Early help")
    Action.objects.create(
        plan=plan,
        priority=priority,
        reference=reference,
        description=f"{title}: review the Local Offer.",
        due_date=dt.date(2024, 3, 31),
    )
    return plan


@pytest.fixture
def two_borough_officer(django_user_model, borough, other_borough):
    user = django_user_model.objects.create_user(
        username="tom", password=PASSWORD, first_name="Tom", last_name="Reyes"
    )
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    Membership.objects.create(user=user, borough=other_borough, role=Role.VIEWER)
    return user


def test_an_officer_in_two_boroughs_switches_and_sees_the_other_boroughs_plans(
    page, two_borough_officer
):
    # Given Tom, an editor in Hammersmith & Fulham and a viewer in Hackney, and a plan
    # with an overdue action in each borough.
    hf_plan = _plan_with_overdue_action(
        two_borough_officer.memberships.get(role=Role.EDITOR).borough,
        "H&F SEND Strategy 2023-2028",
        "HF-1",
    )
    _plan_with_overdue_action(
        two_borough_officer.memberships.get(role=Role.VIEWER).borough,
        "Hackney SEND Local Area Action Plan",
        "HK-1",
    )

    # When he signs in, he starts in Hackney (the first of his boroughs by name),
    sign_in(page, two_borough_officer)
    switcher = page.locator(".moj-organisation-nav")
    expect(switcher).to_contain_text("Hackney")
    # where he only reads the plans, so home leads with the board's pack and meeting and
    # counts Hackney's overdue actions rather than listing officers' work, and Hackney's
    # plans come first.
    expect(page.get_by_role("heading", name="Board pack and next meeting")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("1 action in Hackney is overdue"))
    ).to_be_visible()
    expect(page.locator("main h3").first).to_contain_text("Hackney")
    assert_accessible(page)

    # And he chooses "Change", picks Hammersmith & Fulham and continues,
    switcher.get_by_role("link", name=re.compile("Change")).click()
    page.get_by_label("Hammersmith & Fulham").check()
    page.get_by_role("button", name="Continue").click()

    # Then he is working in Hammersmith & Fulham: its overdue action is listed, not Hackney's,
    expect(page.locator(".moj-organisation-nav")).to_contain_text("Hammersmith & Fulham")
    overdue = page.locator("h2:has-text('Overdue') ~ table").first
    expect(overdue).to_contain_text("HF-1")
    expect(overdue).not_to_contain_text("HK-1")
    expect(page.locator("main h3").first).to_contain_text("Hammersmith & Fulham")

    # And he can open Hammersmith & Fulham's plan.
    page.get_by_role("link", name="H&F SEND Strategy 2023-2028").click()
    expect(page).to_have_url(re.compile(rf"/plans/{hf_plan.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("H&F SEND Strategy 2023-2028")
    assert_accessible(page)
