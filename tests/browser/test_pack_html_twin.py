"""The stand-alone HTML pack opens on its own, styled, with a main landmark, and is axe-clean."""

from playwright.sync_api import expect

from reports.generation import generate_pack_files
from tests.browser.conftest import assert_accessible
from tests.packs.conftest import Q2, pack_world  # noqa: F401  (the fixture)


def test_the_downloaded_html_pack_carries_its_styles_and_landmarks_and_passes_axe(
    page,
    borough,
    pack_world,  # noqa: F811
    tmp_path,
):
    # Given the HTML file a pack is stored with, opened from disk with no server behind it
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    path = tmp_path / "pack.html"
    path.write_text(files.html, encoding="utf-8")
    page.goto(path.as_uri())
    # Then its own stylesheet applies (the print stylesheet's Liberation Sans, bold OFFICIAL)
    expect(page.get_by_role("main")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack: 2025/26 Q2")
    family = page.locator("html").evaluate("e => getComputedStyle(e).fontFamily")
    assert "Liberation Sans" in family
    expect(page.get_by_role("navigation", name="Contents")).to_be_visible()
    expect(page.get_by_role("img", name="Bar chart of RAGB ratings by priority")).to_be_visible()
    assert_accessible(page)


def test_a_draft_packs_html_file_shows_its_draft_marking_and_passes_axe(
    page,
    borough,
    borough_admin,
    pack_world,  # noqa: F811
    tmp_path,
):
    from governance.round_services import round_open

    # Given the quarter's round is still open, so its pack is a draft
    round_open(borough=borough, period=Q2, user=borough_admin)
    files = generate_pack_files(borough=borough, period=Q2, board=pack_world["board"])
    path = tmp_path / "pack.html"
    path.write_text(files.html, encoding="utf-8")
    # When its HTML file is opened on its own
    page.goto(path.as_uri())
    # Then the cover says it is a draft, and the page passes axe
    expect(page.locator(".pack-draft-notice")).to_contain_text(
        "Draft – updates still open. The reporting round for this quarter has not closed"
    )
    assert_accessible(page)
