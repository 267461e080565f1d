"""The README's screenshots, taken from the demo data (real seed plans, illustrative history)."""

import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from actions.models import Action
from tests.browser.conftest import assert_accessible, screenshot, sign_in


def test_an_editor_walks_from_home_to_a_plan_and_an_action_on_the_demo_data(page):
    # Given the demo database: the seed plans with illustrative quarterly ratings.
    call_command("load_demo", force=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    editor = get_user_model().objects.get(username="hammersmith-fulham-editor")

    # When the Hammersmith & Fulham editor signs in, home shows their plans and actions.
    sign_in(page, editor, password="sendplan-demo")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plans and actions")
    assert_accessible(page)
    screenshot(page, "home", full_page=False)

    # And they open the borough's SEND strategy, its priorities with their ratings,
    page.get_by_role("link", name=re.compile("Strategy 2023")).first.click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    assert_accessible(page)
    screenshot(page, "plan", full_page=False)

    # Then one of its Red actions shows its rating, narrative and timeline.
    red = Action.objects.filter(plan__borough__slug="hammersmith-fulham", status="red").first()
    assert red is not None, "the demo data should rate some actions Red"
    page.goto(f"/actions/{red.pk}/")
    expect(page.locator(".moj-timeline__item").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, "action", full_page=False)
