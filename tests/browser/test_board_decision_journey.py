"""A lead asks the board to decide and writes the key messages; the chair makes the pack
and reads both on its first page. Given / when / then, with axe at each step."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.packs.conftest import pack_world  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_lead_raises_a_decision_and_key_messages_and_the_chair_reads_both(
    page,
    second_page,
    editor,
    borough_admin,
    pack_world,  # noqa: F811
):
    board, action = pack_world["board"], pack_world["actions"]["1.2"]

    # Given a lead on action 1.2's page, when they ask the board to decide,
    sign_in(page, editor)
    page.goto(f"/actions/{action.pk}/")
    page.get_by_role("link", name="Ask the board to decide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask the board to decide")
    assert_accessible(page)
    page.get_by_label("What must the board decide?").fill("Approve agency cover for two posts.")
    page.get_by_role("button", name="Save the request").click()
    expect(page.get_by_text("The board will be asked to decide on action 1.2")).to_be_visible()
    assert_accessible(page)

    # and write the quarter's key messages from the board's page,
    page.goto(f"/boards/{board.pk}/")
    page.get_by_role("link", name="Write the key messages for 2026/27 Q2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Key messages")
    assert_accessible(page)
    page.get_by_label("Key messages").fill("Timeliness of new plans is our first concern.")
    page.get_by_role("button", name="Save key messages").click()
    expect(page.get_by_text("Key messages saved for 2026/27 Q2")).to_be_visible()
    assert_accessible(page)

    # Then the chair generates the pack for the quarter and reads both on its first page
    sign_in(second_page, borough_admin)
    second_page.goto(f"/boards/{board.pk}/")
    second_page.get_by_label("Reporting period").select_option(label="2026/27 Q2")
    second_page.get_by_role("button", name="Generate pack").click()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The pack's page polls for news, then offers the files
    expect(second_page.get_by_role("link", name="Download the PDF")).to_be_visible(timeout=10_000)
    second_page.goto(f"/boards/{board.pk}/")
    second_page.get_by_role("link", name="Read online").first.click()
    expect(second_page.get_by_role("heading", name="Key messages")).to_be_visible()
    expect(second_page.get_by_text("Timeliness of new plans is our first concern.")).to_be_visible()
    decisions = second_page.locator("#pack-decisions + .pack-decisions")
    expect(decisions).to_contain_text("1.2 (Robert Holman): Approve agency cover for two posts.")
    # Still waiting for the board, so not yet among the decisions made last time
    expect(second_page.locator("#pack-decisions-made")).to_have_count(0)
    assert_accessible(second_page)
