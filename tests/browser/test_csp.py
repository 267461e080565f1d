"""Chromium enforces the Content Security Policy on the main pages and blocks nothing.

A `securitypolicyviolation` listener is installed before any page script runs, and the
console is watched too; either would record a blocked script, style or image.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.packs.conftest import Q2, pack_world  # noqa: F401  (the fixture)

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${where}`
  );
});
"""


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def watched(page):
    """The page, with every CSP violation and CSP console message collected."""
    page.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.csp_console = console
    return page


def violations(page):
    return page.evaluate("window.__cspViolations") + page.csp_console


def visit(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert violations(page) == [], url


def test_the_main_pages_load_with_no_csp_violations(watched, borough_admin, pack_world):  # noqa: F811
    # Imported here: pygal, which reports.services loads, installs an import hook that
    # breaks pytest's collection of the packages collected after this file.
    from reports.generation import pack_run
    from reports.services import pack_request

    page = watched
    pack = pack_request(
        borough=pack_world["plan"].borough, board=pack_world["board"], period=Q2, user=borough_admin
    )
    pack_run(pack_id=pack.pk)
    plan, action = pack_world["plan"], pack_world["actions"]["1.2"]

    # GOV.UK Frontend's JavaScript runs (a static file, so the policy allows it): the
    # error summary takes focus when the sign-in form is sent empty.
    visit(page, "/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert violations(page) == []
    sign_in(page, borough_admin)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert violations(page) == []

    for url in [
        "/",
        "/actions/",
        f"/plans/{plan.pk}/",
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/update/",
        f"/plans/{plan.pk}/structure/",
        f"/boards/{pack_world['board'].pk}/",
        f"/packs/{pack.pk}/",
        "/account/security/",
        "/account/security/set-up/",
        "/accessibility/",
    ]:
        visit(page, url)

    # The board pack page: its charts are SVG images, drawn and not blocked.
    visit(page, f"/packs/{pack.pk}/pack/")
    chart = page.get_by_role("img", name="Bar chart of RAGB ratings by priority")
    expect(chart).to_be_visible()
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    # The QR code on the set-up page is a data: image, allowed by img-src.
    visit(page, "/account/security/set-up/")
    qr = page.get_by_role("img", name="QR code for adding sendplan")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    assert violations(page) == []
    assert_accessible(page)


def test_a_blocked_inline_script_would_be_seen(watched, live_server):
    """The listener is not deaf: an inline script injected into a page is reported."""
    page = watched
    visit(page, "/sign-in/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.__ran = true";
          document.body.appendChild(s);
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in violations(page))


def test_the_admin_loads_with_no_csp_violations(watched, superuser):
    page = watched
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(superuser.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state("load")
    for url in ["/admin/", "/admin/boroughs/borough/", "/admin/boroughs/borough/add/"]:
        response = page.goto(url)
        page.wait_for_load_state("load")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert violations(page) == [], url
