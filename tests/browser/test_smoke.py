"""The browser fixtures work: Chromium opens a page from the live server and axe runs."""

from tests.browser.conftest import assert_accessible


def test_the_admin_sign_in_page_opens_in_chromium(page):
    page.goto("/admin/login/")
    assert "Log in" in page.title()
    assert_accessible(page)
