"""Usable by keyboard alone: sign in and rate an action with Tab, Space and Enter."""

import re

from playwright.sync_api import expect

from actions.models import StatusUpdate
from tests.browser.conftest import PASSWORD, assert_accessible

# GOV.UK's focus colour; every focused control shows it (as outline, shadow or fill).
FOCUS_YELLOW = "rgb(255, 221, 0)"

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const styles = [getComputedStyle(el)];
  // A GOV.UK radio draws its ring on the label's ::before, next to the real input.
  if (el.labels && el.labels[0]) styles.push(getComputedStyle(el.labels[0], '::before'));
  return styles.map(s => [s.outlineColor + ' ' + s.outlineStyle, s.boxShadow, s.backgroundColor]);
}"""


def tab_to(page, matches, *, limit=40):
    """Press Tab until the focused element matches the CSS selector `matches`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", matches):
            return
    raise AssertionError(f"Tab never reached {matches}")


def assert_focus_visible(page):
    styles = page.evaluate(FOCUS_STYLE)
    assert any(FOCUS_YELLOW in part for style in styles for part in style), styles


def test_an_editor_signs_in_and_rates_an_action_using_only_the_keyboard(page, editor, action):
    # Given an editor at the sign-in page, with no mouse.
    page.goto("/sign-in/")

    # When they Tab to each box, type, and press Enter on "Sign in",
    tab_to(page, "#id_username")
    assert_focus_visible(page)
    page.keyboard.type(editor.username)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    tab_to(page, "button[type=submit]:not(.sp-header__sign-out-button)")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Home"))

    # And Tab from the home page's overdue list to the action, and on to "Update status",
    tab_to(page, f"a[href='/actions/{action.pk}/']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1-H1")
    tab_to(page, f"a[href='/actions/{action.pk}/update/']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_title(re.compile("^Update the status of action 1-H1"))

    # And Tab to the Red radio and choose it with Space, then type a narrative,
    tab_to(page, "#id_status_0")
    page.keyboard.press("Space")
    expect(page.get_by_label("Red")).to_be_checked()
    assert_focus_visible(page)
    tab_to(page, "#id_narrative")
    assert_focus_visible(page)
    page.keyboard.type("Typed with the keyboard: the backlog is growing.")

    # And Tab to "Save status update" and press Enter,
    tab_to(page, "button.govuk-button[type=submit]")
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    # Then the update is saved and the action page says so.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status updated")
    update = StatusUpdate.objects.get()
    assert (update.status, update.narrative) == (
        "red",
        "Typed with the keyboard: the backlog is growing.",
    )
    assert_accessible(page)
