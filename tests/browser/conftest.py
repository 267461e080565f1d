"""Real-browser fixtures: Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the browser is Debian's /usr/bin/chromium, which
.ci/run installs. Each journey ends with `assert_accessible(page)`.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; the ORM calls the
# tests make for their "given" steps are still ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "correct horse battery staple"
# Journeys always take their screenshots (a failing page is easier to read as a
# picture), but only UPDATE_SCREENSHOTS=1 replaces the ones committed under docs/.
_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = (
    _ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else _ROOT / "var" / "screenshots"
)

# Rules we do not run, each with its reason. Keep this list short.
AXE_EXCLUDED_RULES = {
    # GOV.UK Frontend's radios and checkboxes visually hide the native input and draw
    # their own; axe cannot compute the colour contrast of the drawn control and
    # reports "needs review", which axe-playwright-python does not count as a
    # violation anyway. Nothing is excluded at present.
}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def second_page(browser, live_server):
    """A second, separate browser session: another person at another desk."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, user, password=PASSWORD):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


_axe = Axe()


def assert_accessible(page):
    """axe-core at WCAG 2.2 AA (and the A/AA rules of earlier versions): no violations."""
    results = _axe.run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            "rules": {rule: {"enabled": False} for rule in AXE_EXCLUDED_RULES},
        },
    )
    violations = results.response["violations"]
    assert not violations, results.generate_report()


def screenshot(page, name, *, full_page=True):
    # full_page=False keeps a README picture to one screen of a long page.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
