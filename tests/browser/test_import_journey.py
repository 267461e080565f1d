"""A borough admin imports a spreadsheet in a real browser; each page passes axe.

Owned with the spreadsheet import (tests/imports/); it lives here for the browser fixtures.
"""

import re

import pytest
from playwright.sync_api import expect

from actions.models import Action
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.imports.conftest import xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
ROWS = [
    ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"],
    ["1.2", "", "Train SENCOs", "Jo Baty", "Whenever", ""],
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_admin_checks_a_file_then_imports_it(page, plan, borough_admin, tmp_path):
    upload = tmp_path / "march.xlsx"
    upload.write_bytes(xlsx_bytes(HEADER, ROWS))
    sign_in_by_cookie(page, borough_admin)

    page.goto(f"/plans/{plan.pk}/import/")
    assert_accessible(page)
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile("^Error: Import from a spreadsheet"))
    assert_accessible(page)

    page.get_by_label("Upload a spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_text("names no date the import can read")).to_be_visible()
    assert_accessible(page)
    assert not Action.objects.exists()

    page.get_by_role("button", name="Import 4 changes").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(page)
    assert Action.objects.filter(plan=plan).count() == 2


def test_an_admin_maps_an_unknown_status_word_then_imports_the_file(
    page, plan, borough_admin, tmp_path
):
    # TEST DATA: a status word no default vocabulary has.
    upload = tmp_path / "their-words.xlsx"
    rows = [["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Sideways"]]
    upload.write_bytes(xlsx_bytes(HEADER, rows))
    sign_in_by_cookie(page, borough_admin)

    page.goto(f"/plans/{plan.pk}/")
    page.get_by_role("link", name="Import changes to this plan from a spreadsheet").click()
    page.get_by_label("Upload a spreadsheet").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile("^Error: Check the import"))
    assert_accessible(page)

    page.get_by_label("Status word “Sideways” means").select_option("amber")
    page.get_by_role("button", name="Save and check again").click()
    expect(page.get_by_text("Saved 1 mapping for")).to_be_visible()
    assert_accessible(page)
    assert not Action.objects.exists()

    page.get_by_role("button", name="Import 3 changes").click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert Action.objects.get(plan=plan).status == "amber"


def test_a_file_the_import_cannot_place_goes_through_the_grid_in_four_choices(
    page, plan, borough_admin, tmp_path
):
    """Issue 19: no recognisable header row -> the grid -> a correct import; the layout
    is saved and the next quarter's file imports with no questions. TEST DATA only."""
    from actions.models import ImportLayout
    from tests.browser.conftest import NARROW
    from tests.imports.test_grid import HEADER as GRID_HEADER
    from tests.imports.test_grid import NEXT_QUARTER
    from tests.imports.test_grid import ROWS as GRID_ROWS

    first = tmp_path / "march.xlsx"
    first.write_bytes(xlsx_bytes(GRID_HEADER, GRID_ROWS))
    sign_in_by_cookie(page, borough_admin)
    page.goto(f"/plans/{plan.pk}/import/")
    page.get_by_label("Upload a spreadsheet").set_input_files(str(first))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="How is this file laid out?")).to_be_visible()
    assert_accessible(page)

    choices = 0
    page.get_by_label("Row 1 has the headings").check()
    choices += 1
    page.get_by_label("Column B means").select_option("action")
    choices += 1
    page.get_by_label("Column C means").select_option("owners")
    choices += 1
    page.get_by_label("Row 2 is", exact=True).select_option("priority")
    choices += 1
    assert choices <= 5
    screenshot(page, "import-grid")
    page.get_by_role("button", name="Save the layout and check the file").click()
    expect(page.get_by_text("Saved the layout")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "import-grid-preview", full_page=False)
    assert not Action.objects.exists()
    assert ImportLayout.objects.filter(plan=plan).exists()

    page.get_by_role("button", name=re.compile("^Import")).click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    got = {a.reference: a for a in Action.objects.filter(plan=plan)}
    assert set(got) == {"1", "2"}
    assert got["1"].priority.title == "Early identification"

    # Next quarter: the same layout, no questions asked.
    later = tmp_path / "june.xlsx"
    later.write_bytes(xlsx_bytes(GRID_HEADER, NEXT_QUARTER))
    page.goto(f"/plans/{plan.pk}/import/")
    page.get_by_label("Upload a spreadsheet").set_input_files(str(later))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Import")).click()
    expect(page.get_by_role("heading", name="Import complete")).to_be_visible()
    assert Action.objects.filter(plan=plan).count() == 3

    # The grid reflows at 320 px: the table scrolls inside its own region.
    page.set_viewport_size(NARROW)
    page.goto(f"/plans/{plan.pk}/import/")
    page.get_by_label("Upload a spreadsheet").set_input_files(str(later))
    page.get_by_role("button", name="Check the file").click()
    page.get_by_role("link", name="Change how this file is read").click()
    expect(page.get_by_role("heading", name="How is this file laid out?")).to_be_visible()
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client
    assert_accessible(page)
