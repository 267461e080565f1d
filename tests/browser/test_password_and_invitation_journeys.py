"""In Chromium: an officer who forgot their password resets it by email; someone with
no account accepts an invitation and makes one. Each page passes axe. The emails go
through the real SMTP server (tests/smtp_server.py); their links point at SITE_URL, and
the journey follows each link's path on the live server."""

from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, assert_accessible, sign_in
from tests.smtp_server import assert_sent

NEW_PASSWORD = "kettle orbit meadow lantern"


def test_an_officer_who_forgot_their_password_resets_it_by_email(page, editor, mail_server):
    # Given an officer whose account has an email address, at the sign-in page
    editor.email = "erin@example.org"
    editor.save()
    page.goto("/sign-in/")

    # When they follow "Forgotten your password?" and give their address
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Email address").fill("erin@example.org")
    page.get_by_role("button", name="Send the link").click()

    # Then they are told to check their email, and the email holds a link
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    # (the worker sends it: boroughs/passwords.py)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    (message,) = mail_server.wait_for(1)
    (link,) = assert_sent(message, to="erin@example.org", subject="Reset your sendplan password")

    # When they open the link and choose a new password (mistyping it the first time)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill("something else entirely")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save the new password").click()

    # Then the password is changed and signs them in
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    assert_accessible(page)
    sign_in(page, editor, password=NEW_PASSWORD)
    expect(page.get_by_text("Signed in as Erin")).to_be_visible()
    assert_accessible(page)


def test_someone_invited_with_no_account_makes_one_and_joins(
    page, second_page, borough_admin, borough, mail_server
):
    # Given a borough admin on their members page
    sign_in(page, borough_admin)
    page.goto(f"/boroughs/{borough.slug}/members/")
    expect(page.get_by_role("heading", level=2, name="Invite a member")).to_be_visible()

    # When they invite a new officer by email
    page.get_by_label("Email address").fill("nia@example.org")
    page.get_by_label("Editor").check()
    page.get_by_role("button", name="Send invitation").click()

    # Then they are told the invitation was sent, and see it waiting
    expect(page.get_by_text("Invitation sent to nia@example.org.")).to_be_visible()
    expect(page.get_by_role("cell", name="nia@example.org", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name="Withdraw the invitation to nia@example.org")
    ).to_be_visible()
    assert_accessible(page)

    # When the invitee, signed out in their own browser, opens the emailed link
    (message,) = mail_server.wait_for(1)
    (link,) = assert_sent(
        message, to="nia@example.org", subject=f"You are invited to join {borough.name} on sendplan"
    )
    invitee = second_page
    invitee.goto(link)
    expect(invitee.get_by_role("heading", level=1)).to_have_text(f"Join {borough.name}")
    assert_accessible(invitee)

    # And makes an account, leaving their name out the first time
    invitee.get_by_label("Choose a username").fill("nia-officer")
    invitee.get_by_label("Choose a password").fill(NEW_PASSWORD)
    invitee.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Make my account and join").click()
    expect(invitee.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    assert_accessible(invitee)
    invitee.get_by_label("Your full name").fill("Nia Officer")
    invitee.get_by_label("Choose a password").fill(NEW_PASSWORD)
    invitee.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    invitee.get_by_role("button", name="Make my account and join").click()

    # Then they are signed in as a member of the borough
    expect(invitee.get_by_text(f"You are now a member of {borough.name} (editor).")).to_be_visible()
    expect(invitee.get_by_text("Signed in as Nia Officer")).to_be_visible()
    assert_accessible(invitee)


def test_a_signed_in_officer_changes_their_password_from_the_account_page(page, editor):
    # Given a signed-in officer on their account's sign-in security page
    sign_in(page, editor)
    page.get_by_role("link", name="Account security").click()

    # When they follow "Change your password" and enter the current and a new one
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert_accessible(page)
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your current password is not")
    assert_accessible(page)
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    # Then the password is changed and they are still signed in
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    expect(page.get_by_text("Signed in as Erin")).to_be_visible()
    assert_accessible(page)


def test_a_used_or_made_up_invitation_link_says_plainly_that_it_does_not_work(page, db):
    page.goto("/invitations/made-up-token/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation link does not work")
    assert_accessible(page)
