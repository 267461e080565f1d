"""Pages reached by uploading a file, and the two-factor code page, reflow to 320 px.

Like test_reflow.py (which takes every other page on the demo data), each page must
not scroll sideways and must pass axe; these tests build the small world they need.
"""

import re

from django.urls import reverse
from playwright.sync_api import expect

from boroughs.services import totp_device_confirm, totp_device_start
from governance.flat_services import flat_export
from governance.models import Risk
from governance.services import risk_create
from tests.browser.conftest import (
    NARROW,
    assert_accessible,
    overflow,
    sign_in,
    sign_in_by_cookie,
    widest,
)
from tests.imports.conftest import xlsx_bytes


def _fits(page):
    scroll, client = overflow(page)
    assert scroll <= client, f"{page.url} is {scroll} px wide: {widest(page, client)}"


def test_the_pages_reached_by_uploading_a_file_reflow_and_are_accessible(
    browser, live_server, plan, borough_admin, tmp_path, settings
):
    # Given a borough admin on a 320 px screen, a plan spreadsheet with a status word no
    # vocabulary has and long cells, and an export of the risk register with a new row
    settings.MEDIA_ROOT = tmp_path
    long = "Publish the local offer with every school's SENCO contact, " * 4
    sheet = tmp_path / "plan.xlsx"
    sheet.write_bytes(
        xlsx_bytes(
            ["Ref", "Objective", "Action", "Who", "Timescale", "Status"],
            [
                ["1.1", "Early help", long, "Helen Green", "Q2", "Sideways"],
                ["1.2", "", "Train SENCOs", "Jo Baty", "Whenever", "Green"],
            ],
        )
    )
    risk_create(
        borough=plan.borough,
        user=borough_admin,
        risk_id="RISK-001-WORKFORCE",
        description="Too few educational psychologists for the 20-week deadline " * 3,
        likelihood=4,
        impact=5,
    )
    register = tmp_path / "risks.csv"
    register.write_bytes(flat_export(kind="risks", borough=plan.borough))
    Risk.objects.all().delete()
    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in_by_cookie(page, borough_admin)

        # When they check the plan file, map its status word, and import it
        page.goto(reverse("plan_import", args=[plan.pk]))
        page.get_by_label("Upload a spreadsheet").set_input_files(str(sheet))
        page.get_by_role("button", name="Check the file").click()
        expect(page).to_have_title(re.compile("^Error: Check the import"))
        # Then each page fits the screen and passes axe
        _fits(page)
        assert_accessible(page)
        page.get_by_label("Status word “Sideways” means").select_option("amber")
        page.get_by_role("button", name="Save and check again").click()
        expect(page.get_by_text("Saved 1 mapping for")).to_be_visible()
        _fits(page)
        assert_accessible(page)
        page.get_by_role("button", name=re.compile(r"^Import \d+ changes")).click()
        expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
        _fits(page)
        assert_accessible(page)

        # And so do the risk register's check and its result
        page.goto(reverse("flat_import", args=[plan.borough.slug, "risks"]))
        page.locator("input[type=file]").set_input_files(str(register))
        page.get_by_role("button", name="Check the file").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Check the import")
        _fits(page)
        assert_accessible(page)
        page.get_by_role("button", name="Import 1 change").click()
        expect(page.locator(".govuk-notification-banner, h1").first).to_be_visible()
        _fits(page)
        assert_accessible(page)
        assert Risk.objects.filter(risk_id="RISK-001-WORKFORCE").exists()
    finally:
        context.close()


def test_the_sign_in_code_page_reflows_and_is_accessible(browser, live_server, editor):
    # Given an officer with two-factor sign-in, on a 320 px screen
    totp_device_confirm(device=totp_device_start(user=editor), user=editor)
    context = browser.new_context(base_url=live_server.url, viewport=NARROW)
    page = context.new_page()
    try:
        # When they give their password, and are asked for a code
        sign_in(page, editor)
        expect(page).to_have_url(re.compile(reverse("two_factor_verify")))
        page.get_by_role("button", name="Continue").click()  # with no code
        # Then the page, with its error, fits the screen and passes axe
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        _fits(page)
        assert_accessible(page)
    finally:
        context.close()
