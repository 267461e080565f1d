"""No lost updates, in two real browsers: the second save is refused, nothing typed is lost."""

import re

import pytest
from playwright.sync_api import expect

from actions.models import StatusUpdate
from boroughs.models import Membership, Role
from tests.browser.conftest import (
    PASSWORD,
    assert_accessible,
    screenshot,
    sign_in_by_cookie,
)

ERIN_SAYS = "Backlog of 40 assessments; agency cover starts next month."
PRIYA_SAYS = "Clinic capacity restored this week; waiting list down to 12."


@pytest.fixture
def second_editor(django_user_model, borough):
    user = django_user_model.objects.create_user(
        username="priya", password=PASSWORD, first_name="Priya", last_name="Shah"
    )
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    return user


def test_two_editors_save_the_same_action_and_the_second_is_told_who_changed_what(
    page, second_page, editor, second_editor, action
):
    # Given two editors, Erin and Priya, at their own desks (two browser sessions),
    # both with the status update form of action 1-H1 open.
    sign_in_by_cookie(page, editor)
    sign_in_by_cookie(second_page, second_editor)
    url = f"/actions/{action.pk}/update/"
    page.goto(url)
    second_page.goto(url)

    # When Erin rates it Red and saves,
    page.get_by_label("Red").check()
    page.get_by_label("Narrative").fill(ERIN_SAYS)
    page.get_by_role("button", name="Save status update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status updated")

    # And Priya, who opened the form before Erin saved, rates it Amber and saves,
    second_page.get_by_label("Amber").check()
    second_page.get_by_label("Narrative").fill(PRIYA_SAYS)
    second_page.get_by_role("button", name="Save status update").click()

    # Then Priya's save is refused with a message naming Erin and what she changed,
    expect(second_page).to_have_title(re.compile("^Error: Update the status of action 1-H1"))
    conflict = second_page.locator("#conflict")
    expect(conflict).to_contain_text("Your changes have not been saved")
    expect(conflict).to_contain_text(re.compile(r"Erin changed this action at \d"))
    expect(conflict).to_contain_text("Status changed from blank to Red")
    expect(conflict).to_contain_text(f"Narrative changed from blank to “{ERIN_SAYS}”")
    # And what Priya typed is still in the form,
    expect(second_page.get_by_label("Narrative")).to_have_value(PRIYA_SAYS)
    expect(second_page.get_by_label("Amber")).to_be_checked()
    # And the database holds Erin's save only.
    assert list(StatusUpdate.objects.values_list("status", "narrative")) == [("red", ERIN_SAYS)]
    assert_accessible(second_page)
    screenshot(second_page, "conflict")

    # When Priya, having read Erin's change, saves again on purpose,
    second_page.get_by_role("button", name="Save status update").click()

    # Then her update is saved on top of Erin's, and the timeline shows both.
    expect(second_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Status updated"
    )
    timeline = second_page.locator(".moj-timeline__item")
    expect(timeline.first).to_contain_text(PRIYA_SAYS)
    expect(second_page.locator(".moj-timeline")).to_contain_text(ERIN_SAYS)
    assert StatusUpdate.objects.count() == 2
    assert_accessible(second_page)
