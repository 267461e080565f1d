"""In Chromium, through a real OpenID Connect provider (the `oidc-provider` npm package,
tests/oidc_provider.py): people sign in with their organisation's account. A linked
existing officer signs in and out (of the provider too), a newcomer is admitted by a
domain rule, a stranger is refused, and a board member removed from their group loses
access. Every sendplan page, and the provider's own test pages, pass axe."""

import pytest
from playwright.sync_api import expect

from boroughs.models import IdentityProvider, Membership, Role, SsoRule
from tests.browser.conftest import NARROW, assert_accessible, overflow
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, NodeProvider

PASSWORD = "provider-test-password"


def person(email, name, groups=()):
    return {
        "password": PASSWORD,
        "email": email,
        "email_verified": True,
        "name": name,
        "groups": list(groups),
    }


# Test data: every person here is invented.
USERS = {
    "erin": person("erin@council.test", "Erin Editor"),
    "nia": person("nia@council.test", "Nia Newcomer"),
    "sam": person("sam@partner.test", "Sam Stranger"),
    "bola": person("bola@partner.test", "Bola Board", groups=["send-board"]),
}


@pytest.fixture(scope="module")
def idp(live_server):
    provider = NodeProvider(
        users=USERS,
        redirect_uris=[f"{live_server.url}/sign-in/sso/council/callback/"],
        post_logout_redirect_uris=[f"{live_server.url}/sign-in/"],
    )
    yield provider
    provider.stop()


@pytest.fixture
def council(db, idp, settings, borough):
    settings.SSO_CLIENT_SECRETS = {"COUNCIL": CLIENT_SECRET}
    provider = IdentityProvider.objects.create(
        key="council",
        name="Test Council",
        discovery_url=idp.discovery_url,
        client_id=CLIENT_ID,
        email_domains="council.test, partner.test",
    )
    SsoRule.objects.create(provider=provider, borough=borough, email_domain="council.test")
    SsoRule.objects.create(provider=provider, borough=borough, group="send-board", role=Role.EDITOR)
    return provider


@pytest.fixture
def fresh_page(browser, live_server):
    """A new browser each time it is called: nobody is signed in at the provider."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


def assert_reflows(page):
    """At 320 CSS pixels the page does not scroll sideways (WCAG 2.2 1.4.10)."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    scroll, client = overflow(page)
    assert scroll <= client, f"{page.url} is {scroll}px wide at 320px"
    page.set_viewport_size(size)


def sign_in_with_council(page, login):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with Test Council").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign in to the test identity provider"
    )
    assert_accessible(page)
    page.get_by_label("Username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_people_sign_in_with_their_organisations_account(fresh_page, council, editor, idp):
    # Given Erin already has a sendplan account with her council address
    editor.email = "erin@council.test"
    editor.save()
    page = fresh_page()
    page.goto("/sign-in/")
    expect(page.get_by_role("button", name="Sign in with Test Council")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)

    # When she signs in with her council's account, she is in, as herself
    sign_in_with_council(page, "erin")
    expect(page.get_by_text("Signed in as Erin")).to_be_visible()
    assert_accessible(page)

    # And signing out offers to sign out of the council's account too
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out of sendplan")
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("button", name="Sign out of Test Council too").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign out of the test identity provider"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)

    # A newcomer from the council's domain is admitted by the domain rule, as a viewer
    page = fresh_page()
    sign_in_with_council(page, "nia")
    expect(page.get_by_text("Signed in as Nia")).to_be_visible()
    assert Membership.objects.get(user__email="nia@council.test").role == Role.VIEWER
    assert_accessible(page)

    # A stranger whom no rule or invitation admits is refused, and nothing is made
    page = fresh_page()
    sign_in_with_council(page, "sam")
    expect(page.get_by_role("heading", level=1)).to_have_text("You have not been signed in")
    expect(page.locator("#sso-refusal")).to_contain_text("Ask the SEND lead in your borough")
    assert_accessible(page)
    assert_reflows(page)
    assert not Membership.objects.filter(user__email="sam@partner.test").exists()

    # A board member is in while in the group, and out at the next sign-in once removed
    page = fresh_page()
    sign_in_with_council(page, "bola")
    expect(page.get_by_text("Signed in as Bola")).to_be_visible()
    idp.set_users({**USERS, "bola": person("bola@partner.test", "Bola Board")})
    try:
        page = fresh_page()
        sign_in_with_council(page, "bola")
    finally:
        idp.set_users(USERS)
    expect(page.locator("#sso-refusal")).to_contain_text("does not give you access to any borough")
    assert_accessible(page)
    assert not Membership.objects.filter(user__email="bola@partner.test").exists()
