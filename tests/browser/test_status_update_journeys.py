"""Programme officers run their plans in the browser: rating actions, and who may.

Each journey is written as given / when / then steps and ends with an axe check.
Data for the "given" steps is made with the ORM; everything else goes through Chromium.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in

NARRATIVE = "Backlog of 40 initial health assessments; two paediatricians on long-term leave."


def test_an_editor_finds_an_overdue_action_rates_it_red_and_sees_it_on_the_timeline(
    page, editor, action
):
    # Given an editor of Hammersmith & Fulham, whose action 1-H1 was due on 30 September 2019
    # and has never been rated (the `action` fixture).

    # When they sign in, the home page lists the action under "Overdue"...
    sign_in(page, editor)
    overdue = page.locator("h2:has-text('Overdue') ~ table").first
    expect(overdue).to_contain_text("1-H1")

    # ...and they follow it, choose "Update status", rate it Red and explain why.
    overdue.get_by_role("link", name=re.compile("1-H1")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1-H1")
    page.get_by_role("link", name=re.compile("Update status")).click()
    expect(page).to_have_title(re.compile("^Update the status of action 1-H1"))
    page.get_by_label("Red").check()
    page.get_by_label("Narrative").fill(NARRATIVE)
    page.get_by_label("Next steps").fill("Agency cover agreed from next month.")
    page.get_by_role("button", name="Save status update").click()

    # Then they are back on the action, told the status was updated, and the Red rating
    # with their narrative is the newest entry on its timeline.
    expect(page).to_have_url(re.compile(rf"/actions/{action.pk}/$"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status updated")
    newest = page.locator(".moj-timeline__item").first
    expect(newest.locator(".sp-ragb-tag")).to_have_text("Red")
    expect(newest).to_contain_text(NARRATIVE)
    expect(newest).to_contain_text("Erin")
    assert_accessible(page)


def test_an_editor_who_leaves_out_the_narrative_sees_the_error_and_can_put_it_right(
    page, editor, action
):
    # Given an editor on the status update form of action 1-H1.
    sign_in(page, editor)
    page.goto(f"/actions/{action.pk}/update/")

    # When they rate it Amber without a narrative and save,
    page.get_by_label("Amber").check()
    page.get_by_label("Next steps").fill("Chase the provider.")
    page.get_by_role("button", name="Save status update").click()

    # Then the error summary says what is missing and links to the narrative box, the
    # message sits beside it, and what they typed is still there.
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a narrative to explain the Amber rating")
    expect(page.locator("#id_narrative-error")).to_contain_text("Enter a narrative")
    expect(page.get_by_label("Next steps")).to_have_value("Chase the provider.")
    expect(page.get_by_label("Amber")).to_be_checked()
    assert_accessible(page)

    # When they follow the link, write the narrative and save again, it is saved.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Narrative")).to_be_focused()
    page.get_by_label("Narrative").fill("Provider has lost two staff.")
    page.get_by_role("button", name="Save status update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Status updated")
    assert_accessible(page)


def test_a_viewer_sees_no_update_link_and_the_form_itself_answers_403(page, viewer, action):
    # Given a viewer of Hammersmith & Fulham.
    sign_in(page, viewer)

    # When they open action 1-H1,
    page.goto(f"/actions/{action.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1-H1")

    # Then no link offers to update or edit it,
    expect(page.get_by_role("link", name=re.compile("Update status"))).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Edit"))).to_have_count(0)

    # And typing the form's address gives the "You do not have permission" page.
    response = page.goto(f"/actions/{action.pk}/update/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to do this"
    )
    assert_accessible(page)
