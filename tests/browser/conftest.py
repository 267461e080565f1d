"""Real-browser fixtures: Playwright driving Debian's Chromium against a live server.

Never `playwright install`: the browser is Debian's /usr/bin/chromium, which
.ci/run installs. Each journey ends with `assert_accessible(page)`.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

# The database the settings name, before pytest-django swaps in its test database.
CONFIGURED_DATABASE = settings.DATABASES["default"]["NAME"]

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


def sign_in_by_cookie(page, user):
    """Sign `user` in without the sign-in page: a session made on the server, as a cookie.

    For journeys where signing in is not what is under test; the sign-in page has its
    own journeys (test_smoke, test_two_factor_journey, test_password_and_invitation_...).
    """
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # Both live servers (pytest-django's and demo_site) listen on localhost.
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "domain": "localhost",
                "path": "/",
            }
        ]
    )


def sign_in(page, user, password=PASSWORD):
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


# WCAG 2.2 1.4.10 (reflow): content must fit 320 CSS pixels without sideways scrolling.
NARROW = {"width": 320, "height": 640}


def overflow(page):
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )


def widest(page, limit):
    """The innermost elements that reach past the screen's edge: what to fix."""
    return page.evaluate(
        """(limit) => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit + 1))
            .slice(0, 5)
            .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)""",
        limit,
    )


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


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """The demo data, loaded once for a module, served by a live server of its own.

    Loading the demo takes seconds, and pytest-django's `live_server` empties the
    database after every test, so a module whose tests all read the demo shares this
    one instead. Writes its tests make stay until the module ends (use `demo_db`).
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    own_databases = None
    with django_db_blocker.unblock():
        # pytest-django makes the test database only when some collected test asks for
        # `db` (or a django_db mark). Run alone, this module asks for none, and the demo
        # would be loaded into the developer's own database: make the test one here.
        if connection.settings_dict["NAME"] == CONFIGURED_DATABASE:
            own_databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        call_command("load_demo", force=True, verbosity=0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
    try:
        yield server
    finally:
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
            if own_databases is not None:
                teardown_databases(own_databases, verbosity=0)


@pytest.fixture
def demo_db(demo_site, django_db_blocker):
    """Database access for a test on `demo_site`: what it writes is committed at once."""
    with django_db_blocker.unblock():
        yield demo_site
