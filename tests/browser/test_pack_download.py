"""An editor generates a board pack on the board's page, waits for it and downloads it."""

import io

import pypdf
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.packs.conftest import pack_world  # noqa: F401  (the fixture)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_editor_generates_a_pack_and_downloads_the_pdf(page, editor, pack_world, tmp_path):  # noqa: F811
    board = pack_world["board"]
    sign_in_by_cookie(page, editor)
    page.goto(f"/boards/{board.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("SEND Partnership Board")
    page.get_by_label("Reporting period").select_option(label="2025/26 Q2")
    page.get_by_role("button", name="Generate pack").click()

    expect(page.get_by_text("Waiting to start")).to_be_visible()
    # The worker, as `manage.py db_worker` runs it, taking the queued task.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    # The page polls for news (pack-progress.js), then reloads to offer the file.
    link = page.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=10_000)

    with page.expect_download() as info:
        link.click()
    path = tmp_path / "downloaded.pdf"
    info.value.save_as(path)
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert reader.metadata.title == "Board pack: SEND Partnership Board, 2025/26 Q2"
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Exceptions: Red and Amber actions" in text

    page.goto(f"/boards/{board.pk}/")
    expect(page.get_by_role("cell", name="Ready")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "board-page-with-packs")

    page.get_by_role("link", name="Read online").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Board pack: 2025/26 Q2")
    expect(page.get_by_role("img", name="Bar chart of RAGB ratings by priority")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "board-pack-html")
