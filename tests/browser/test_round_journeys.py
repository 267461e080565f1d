"""The quarterly round in the browser: an officer's due updates, a lead's review, and the
idle warning. Each journey is given / when / then and ends with an axe check."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from actions.models import StatusUpdate
from tests.browser.conftest import assert_accessible, sign_in
from tests.rounds import conftest as rounds

# The rounds fixtures: Erin (the editor) owns 1.1, 1.2 and 2.1; Corina owns 2.2.
erin = rounds.erin
round_world = rounds.round_world


def test_an_officer_completes_their_due_updates_with_save_and_next(page, editor, round_world):
    # Given Erin has three updates due for 2025/26 Q2, none written.
    sign_in(page, editor)

    # When she starts them from the home page's panel,
    panel = page.locator("#updates-due-summary")
    expect(panel).to_contain_text("Your updates for 2025/26 Q2: 0 of 3 done, due 20 October")
    assert_accessible(page)
    page.get_by_role("link", name="Start your updates").click()

    # and rates each one with "Save and next",
    for number, ref, rating in [(1, "1.1", "Green"), (2, "1.2", "Amber"), (3, "2.1", "Green")]:
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Update action {ref}")
        expect(page.locator(".govuk-caption-l").first).to_have_text(
            f"Your update {number} of 3 for 2025/26 Q2"
        )
        page.get_by_label(rating, exact=True).check()
        if rating == "Amber":
            page.get_by_label("Narrative").fill("Two posts still vacant.")
        if number == 1:
            assert_accessible(page)
        page.get_by_role("button", name="Save and next").click()

    # Then she is home, told all three are done, and the panel is gone.
    expect(
        page.locator(".govuk-notification-banner--success", has_text="are done")
    ).to_contain_text("Your updates for 2025/26 Q2 are done: 3 of 3")
    expect(page.locator("#updates-due-summary")).to_contain_text("3 of 3 done")
    assert StatusUpdate.objects.count() == 3
    assert_accessible(page)


def test_an_officer_completes_their_updates_on_the_bulk_page_by_keyboard(page, editor, round_world):
    # Given Erin on the home page with three updates due.
    sign_in(page, editor)

    # When she opens "update them all on one page" and fills it in by keyboard alone,
    page.get_by_role("link", name="update them all on one page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update all your actions")
    assert_accessible(page)
    page.get_by_label("Rating for 1.1").focus()
    page.keyboard.press("End")  # the last rating, Blue... then back up to Green
    page.get_by_label("Rating for 1.1").select_option("green")
    page.get_by_label("Rating for 1.2").select_option("red")
    page.get_by_label("Next steps for 1.2").fill("Agency cover.")
    page.get_by_label("Rating for 2.1").select_option("amber")
    page.get_by_label("Narrative for 2.1").fill("Tender delayed a month.")
    page.get_by_role("button", name="Save updates").click()

    # Then the error summary names the row that needs a narrative and links to it,
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Action 1.2: Enter a narrative")
    expect(page.get_by_label("Next steps for 1.2")).to_have_value("Agency cover.")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Narrative for 1.2")).to_be_focused()

    # and once she writes it, all three are saved in one go.
    page.keyboard.type("Two posts vacant.")
    page.get_by_role("button", name="Save updates").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("3 updates saved")
    assert dict(StatusUpdate.objects.values_list("action__reference", "status")) == {
        "1.1": "green",
        "1.2": "red",
        "2.1": "amber",
    }
    assert_accessible(page)


def test_a_lead_returns_one_update_and_approves_the_rest(
    page, editor, borough_admin, borough, round_world
):
    # Given a borough that reviews updates, and Erin's three submitted updates.
    from actions.models import Action
    from actions.rounds_services import UpdateRow, updates_record

    borough.updates_need_review = True
    borough.save()
    for ref in ("1.1", "1.2", "2.1"):
        action = Action.objects.get(pk=round_world["actions"][ref].pk)
        updates_record(
            user=editor,
            rows=[UpdateRow(action=action, expected_version=action.version, status="green")],
            date=rounds.Q2.end,
            review=True,
        )

    # When the borough admin opens the round and returns 1.1 with a comment,
    sign_in(page, borough_admin)
    page.goto(f"/rounds/{round_world['round'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("2025/26 Q2 reporting round")
    assert_accessible(page)
    page.get_by_role("link", name="Review the update to 1.1").click()
    page.get_by_label("Return for changes").check()
    page.get_by_label("Comment").fill("Say which schools have signed up.")
    assert_accessible(page)
    page.get_by_role("button", name="Save decision").click()

    # and approves the other two,
    for ref in ("1.2", "2.1"):
        page.get_by_role("link", name=f"Review the update to {ref}").click()
        page.get_by_label("Approve").check()
        page.get_by_role("button", name="Save decision").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text("approved")

    # Then the round shows one returned and two done, and no more reviews waiting.
    rows = page.locator("table").last
    expect(rows.locator("tr", has_text="1.1")).to_contain_text("Returned for changes")
    expect(rows.locator("tr", has_text="1.2")).to_contain_text("Done")
    expect(page.get_by_role("link", name=re.compile("^Review the update"))).to_have_count(0)
    assert dict(StatusUpdate.objects.values_list("action__reference", "review_state")) == {
        "1.1": "returned",
        "1.2": "approved",
        "2.1": "approved",
    }
    assert_accessible(page)


def test_the_idle_warning_appears_and_stay_signed_in_keeps_the_session(page, editor, settings):
    # Given sessions that last 2 minutes 6 seconds, so the warning comes after 6 seconds.
    settings.SESSION_COOKIE_AGE = 126
    sign_in(page, editor)

    # When Erin leaves the home page alone,
    warning = page.get_by_role("dialog", name="You are about to be signed out")
    expect(warning).to_be_visible(timeout=20_000)

    # Then the warning says how long is left, has focus, and passes axe,
    expect(warning).to_contain_text("we will sign you out in 2 minutes")
    expect(page.locator("#idle-warning-title")).to_be_focused()
    assert_accessible(page)

    # and "Stay signed in" tells the server she is still there, closes it and keeps her
    # signed in.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    with page.expect_response(lambda r: r.url.endswith(reverse("session_keep_alive"))) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 200
    expect(warning).to_be_hidden()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your plans and actions")
    assert_accessible(page)
