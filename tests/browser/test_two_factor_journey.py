"""In Chromium: an officer turns on two-factor sign-in, then signs in with a code; a
mistyped password five times shows the lock-out page. Every page passes axe."""

import base64

from django_otp.oath import TOTP
from playwright.sync_api import expect

from sendplan import sessions
from tests.browser.conftest import PASSWORD, assert_accessible, screenshot, sign_in


def code_from_secret(secret, *, steps_ahead=0):
    """What an authenticator app shows for the secret a person typed into it."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key, step=30, digits=6)
    totp.time = sessions.now() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_an_officer_turns_on_two_factor_sign_in_and_then_needs_a_code(page, editor):
    sign_in(page, editor)
    page.goto("/account/security/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    assert_accessible(page)
    page.get_by_role("button", name="Set up two-factor sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code for adding sendplan")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "two-factor-set-up", full_page=False)
    secret = page.locator("#secret-key").inner_text().replace(" ", "")

    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(code_from_secret(secret))
    page.wait_for_timeout(1100)  # django-otp pauses a second after the wrong code
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("Two-factor sign-in is on.")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, editor)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(
        code_from_secret(secret, steps_ahead=1)
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Signed in as Erin")).to_be_visible()
    assert page.url.endswith("/")


def test_five_wrong_passwords_show_the_lock_out_page(page, editor):
    for _ in range(5):
        sign_in(page, editor, password="not the password")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have tried to sign in too many times"
    )
    assert page.title() == "You have tried to sign in too many times – sendplan"
    assert_accessible(page)

    sign_in(page, editor, password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have tried to sign in too many times"
    )
