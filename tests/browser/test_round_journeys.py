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
    # (the completion date shows only once Blue is chosen)
    completed = page.locator(f"#row-{round_world['actions']['2.1'].pk} [data-bulk-completed]")
    expect(completed).to_be_hidden()
    page.get_by_label("Rating for 2.1").select_option("blue")
    expect(completed).to_be_visible()
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


def _submit(editor, round_world, refs, status="green", narrative=""):
    from actions.models import Action
    from actions.rounds_services import UpdateRow, updates_record

    for ref in refs:
        action = Action.objects.get(pk=round_world["actions"][ref].pk)
        updates_record(
            user=editor,
            rows=[
                UpdateRow(
                    action=action,
                    expected_version=action.version,
                    status=status,
                    narrative=narrative,
                )
            ],
            date=rounds.Q2.end,
            review=True,
        )


def _more_of_erins_actions(round_world, count):
    """`count` more actions of Erin's in priority 2 (2.3, 2.4, ...), part of the round."""
    from actions.models import Action

    second = round_world["priorities"][1]
    erin_user = round_world["actions"]["1.1"].owners.get()
    for n in range(3, 3 + count):
        action = Action.objects.create(
            plan=second.plan,
            priority=second,
            reference=f"2.{n}",
            description=f"Action 2.{n}: improve the local offer.",
            position=10 + n,
        )
        action.owners.set([erin_user])
        round_world["actions"][action.reference] = action
    return [f"2.{n}" for n in range(3, 3 + count)]


def test_a_lead_returns_one_update_and_clears_a_queue_of_ten_with_approve_and_next(
    page, editor, borough_admin, borough, round_world
):
    # Given a borough that reviews updates, and ten updates Erin submitted.
    borough.updates_need_review = True
    borough.save()
    refs = ["1.1", "1.2", "2.1", *_more_of_erins_actions(round_world, 7)]
    _submit(editor, round_world, refs)

    # When the borough admin follows "Waiting for your review (10)" from home,
    sign_in(page, borough_admin)
    expect(page.locator("#reviews-waiting")).to_contain_text("Waiting for your review (10)")
    page.get_by_role("link", name="Review them").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for your review (10)")
    assert_accessible(page)
    page.get_by_role("link", name="Start reviewing").click()

    # returns 1.1 with a comment,
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the update to action 1.1")
    page.get_by_label("Return for changes").check()
    page.get_by_label("Comment").fill("Say which schools have signed up.")
    page.get_by_role("button", name="Save decision").click()

    # and approves the other nine with "Approve and next", one click each,
    for ref in refs[1:]:
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Review the update to action {ref}"
        )
        page.get_by_role("button", name="Approve and next").click()

    # Then the queue is empty: one returned and nine approved.
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for your review (0)")
    states = dict(StatusUpdate.objects.values_list("action__reference", "review_state"))
    assert states == {"1.1": "returned", **dict.fromkeys(refs[1:], "approved")}
    assert_accessible(page)


def test_a_returned_update_shows_what_was_submitted_and_is_fixed_in_one_page(
    page, editor, borough_admin, borough, round_world
):
    # Given Erin's Red update to 1.2, returned by the admin with a comment.
    from actions.rounds_services import update_return

    borough.updates_need_review = True
    borough.save()
    _submit(editor, round_world, ("1.2",), status="red", narrative="Posts vacant.")
    update_return(
        update=StatusUpdate.objects.get(), user=borough_admin, comment="Which posts, and when?"
    )

    # When Erin starts her updates from home,
    sign_in(page, editor)
    expect(page.get_by_role("region", name="Updates due")).to_contain_text(
        "1 was returned for changes"
    )
    page.get_by_role("link", name="Start your updates").click()

    # Then the returned one comes first, with the comment and what she submitted,
    expect(page.get_by_role("heading", level=1)).to_have_text("Update action 1.2")
    expect(page.locator("#returned")).to_contain_text("Which posts, and when?")
    expect(page.get_by_label("Red", exact=True)).to_be_checked()
    expect(page.get_by_label("Narrative")).to_have_value("Posts vacant.")
    assert_accessible(page)

    # and she puts it right in one page.
    page.get_by_label("Narrative").fill("Two SALT posts vacant until March.")
    page.get_by_role("button", name="Save and next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Update action 2.1")
    latest = StatusUpdate.objects.latest("created_at")
    assert (latest.narrative, latest.review_state) == (
        "Two SALT posts vacant until March.",
        "submitted",
    )


def test_an_officers_updates_from_action_pages_count_for_the_open_round(page, editor, round_world):
    # Given Erin with three late 2025/26 Q2 updates.
    sign_in(page, editor)

    # When she updates each from its action page,
    for ref, rating in [("1.1", "Green"), ("1.2", "Amber"), ("2.1", "Green")]:
        page.goto(reverse("action_detail", args=[round_world["actions"][ref].pk]))
        expect(page.locator("#round-state")).to_contain_text("2025/26 Q2 update: Late")
        page.get_by_role("link", name=f"Update status of action {ref}").click()
        expect(page.locator("#round-quarter")).to_contain_text(
            "This update counts for the 2025/26 Q2 reporting round"
        )
        page.get_by_label(rating, exact=True).check()
        if rating == "Amber":
            page.get_by_label("Narrative").fill("Two posts still vacant.")
        if ref == "1.1":
            assert_accessible(page)
        page.get_by_role("button", name="Save status update").click()
        expect(page.locator("#round-state")).to_contain_text("2025/26 Q2 update: Done")

    # Then every one counts for the round on her home page.
    page.goto("/")
    expect(page.locator("#updates-due-summary")).to_contain_text(
        "Your updates for 2025/26 Q2: 3 of 3 done"
    )
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


def test_the_idle_warning_times_out_and_says_so(page, editor, settings):
    # Given sessions that last 8 seconds, with the warning 6 seconds before the end.
    settings.SESSION_COOKIE_AGE = 8
    settings.SESSION_IDLE_WARNING_SECONDS = 6
    sign_in(page, editor)

    # When Erin leaves the page alone, the warning offers only "Stay signed in",
    warning = page.get_by_role("dialog", name="You are about to be signed out")
    expect(warning).to_be_visible(timeout=10_000)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_visible()
    expect(page.get_by_role("button", name="Close")).to_be_hidden()

    # Then when time runs out it says she has been signed out and offers only "Close".
    signed_out = page.get_by_role("dialog", name="You have been signed out")
    expect(signed_out).to_be_visible(timeout=10_000)
    expect(signed_out).to_contain_text("Anything you were typing is still on this page")
    expect(page.get_by_role("button", name="Stay signed in")).to_be_hidden()
    expect(page.get_by_role("button", name="Close")).to_be_focused()
    assert_accessible(page)
