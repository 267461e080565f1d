"""A council onboards itself, in a real browser, without the Django admin (issue 27).

Given a service admin and an empty list of local areas, when they add an area from the
DfE's list and its first admin accepts, imports a plan with dated rating columns,
invites an editor, links them to their named owner, adds a board with a meeting and
opens the round for the quarter just ended, and the editor makes five updates, then the
pack for that quarter shows the imported and updated ratings and the movement since the
quarter before. Every page passes axe; clicks and page loads are counted and printed.
"""

import datetime as dt
import io
import re

import pypdf
import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from playwright.sync_api import expect

from boroughs.models import Area, Borough
from sendplan.periods import ReportingPeriod
from tests.browser.conftest import assert_accessible, screenshot, sign_in_by_cookie
from tests.imports.conftest import xlsx_bytes
from tests.smtp_server import assert_sent

PASSWORD = "kettle orbit meadow lantern"
MOST_CLICKS = 150


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class Counted:
    """Counts the clicks the journey makes and the pages the browsers load."""

    def __init__(self):
        self.clicks = 0
        self.urls = []

    @property
    def loads(self):
        return len(self.urls)

    def watch(self, page):
        page.on("load", lambda loaded: self.urls.append(loaded.url))
        return page

    def click(self, locator):
        self.clicks += 1
        locator.click()


def plan_file():
    """Six actions rated in the middle month of the last two quarters (TEST DATA)."""
    ended = ReportingPeriod.containing(dt.date.today()).previous()
    before = ended.previous()
    columns = [
        f"RAG {(q.start + dt.timedelta(days=40)):%b %y}" for q in (before, ended)
    ]  # "RAG Aug 26": the quarter's middle month
    header = ["Ref", "Action", "Who", *columns]
    mine = "Tess Data"  # an invented person (TEST DATA)
    rows = [
        ["1.1", "TEST DATA: publish the local offer", mine, "Red", "Red"],
        ["1.2", "TEST DATA: train SENCos", mine, "Amber", "Amber"],
        ["1.3", "TEST DATA: a new EHC panel", mine, "Amber", "Green"],
        ["1.4", "TEST DATA: annual reviews on time", mine, "Green", "Green"],
        ["1.5", "TEST DATA: transport policy", mine, "Green", "Amber"],
        ["2.1", "TEST DATA: short breaks offer", "TEST DATA Other", "Amber", "Green"],
    ]
    return xlsx_bytes(header, rows), ended, before


def accept(page, counted, url, username):
    page.goto(url)
    assert_accessible(page)
    page.get_by_label("Choose a username").fill(username)
    page.get_by_label("Your full name").fill(f"TEST DATA {username}")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Enter the password again").fill(PASSWORD)
    counted.click(page.get_by_role("button", name="Make my account and join"))
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You are now a member of Cambridgeshire"
    )
    assert_accessible(page)


def test_a_service_admin_to_a_first_pack_without_the_django_admin(
    browser, live_server, django_user_model, mail_server, tmp_path
):
    counted = Counted()

    def new_page():
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return counted.watch(page)

    # Given a service admin (a permission, not a superuser) and no local areas yet.
    Area.objects.create(la_number=873, name="Cambridgeshire", region="East of England", kind="la")
    Area.objects.create(la_number=874, name="Peterborough", region="East of England", kind="la")
    service = django_user_model.objects.create_user("serviceadmin", password=PASSWORD)
    service.user_permissions.add(Permission.objects.get(codename="run_service"))
    assert not Borough.objects.exists()
    page = new_page()
    sign_in_by_cookie(page, service)
    page.goto("/service/areas/")
    expect(page.get_by_text("There are no local areas yet")).to_be_visible()
    assert_accessible(page)

    # When they add Cambridgeshire from the DfE's list and name its first admin,
    counted.click(page.get_by_role("link", name="Add a local area"))
    assert_accessible(page)
    page.get_by_label("Local authority").select_option(
        label="Cambridgeshire (DfE LA number 873, East of England)"
    )
    page.get_by_label("Email address of its first admin").fill("first.admin@example.org")
    screenshot(page, "new-area-add", full_page=False)
    counted.click(page.get_by_role("button", name="Add the area and send the invitation"))
    expect(page.get_by_role("cell", name="DfE 873")).to_be_visible()
    assert_accessible(page)
    (invite,) = assert_sent(
        mail_server.wait_for(1)[0],
        to="first.admin@example.org",
        subject="You are invited to join Cambridgeshire on sendplan",
    )

    # the admin accepts, and home lists the area's first steps;
    admin = new_page()
    accept(admin, counted, invite, "cam-admin")
    expect(admin.get_by_role("heading", name="Set up Cambridgeshire")).to_be_visible()
    expect(admin.locator(".govuk-task-list .govuk-tag")).to_have_count(0)  # nothing done yet
    screenshot(admin, "new-area-first-steps", full_page=False)

    # imports the plan with its dated rating columns,
    data, ended, before = plan_file()
    upload = tmp_path / "plan.xlsx"
    upload.write_bytes(data)
    counted.click(admin.get_by_role("link", name="Import or build your plan"))
    admin.get_by_label("Title of the new plan").fill("TEST DATA: SEND action plan")
    admin.get_by_label("Upload a spreadsheet").set_input_files(str(upload))
    counted.click(admin.get_by_role("button", name="Check the file"))
    assert_accessible(admin)
    counted.click(admin.get_by_role("button", name=re.compile(r"^Import \d+ changes")))
    expect(admin.get_by_role("heading", name="Import complete")).to_be_visible()
    assert_accessible(admin)

    # invites an editor, who accepts,
    admin.goto("/")
    counted.click(admin.get_by_role("link", name="Invite people"))
    admin.get_by_label("Email address").fill("the.editor@example.org")
    admin.get_by_label("Editor", exact=True).check()
    counted.click(admin.get_by_role("button", name="Send invitation"))
    assert_accessible(admin)
    (invite,) = assert_sent(
        mail_server.wait_for(2)[1],
        to="the.editor@example.org",
        subject="You are invited to join Cambridgeshire on sendplan",
    )
    editor = new_page()
    accept(editor, counted, invite, "cam-editor")

    # links the editor's account to the owner the plan names,
    admin.reload()
    counted.click(admin.get_by_role("link", name="Change role or owner link of cam-editor"))
    admin.get_by_label("Named owner record").select_option(label="Tess Data")
    counted.click(admin.get_by_role("button", name="Save"))
    expect(admin.get_by_role("cell", name="Tess Data")).to_be_visible()
    assert_accessible(admin)

    # adds a board with a meeting,
    admin.goto("/")
    counted.click(admin.get_by_role("link", name="Add your board and its meetings"))
    admin.get_by_label("Name").fill("SEND Partnership Board")
    counted.click(admin.get_by_role("button", name="Add board"))
    assert_accessible(admin)
    meeting = dt.date.today() + dt.timedelta(days=21)
    admin.locator("#id_first_day").fill(str(meeting.day))
    admin.locator("#id_first_month").fill(str(meeting.month))
    admin.locator("#id_first_year").fill(str(meeting.year))
    counted.click(admin.get_by_role("button", name="Add meetings"))
    expect(admin.get_by_text(f"pack for {ended.label}")).to_be_visible()
    assert_accessible(admin)

    # and opens the round for the quarter just ended, with deadlines from today;
    admin.goto("/")
    counted.click(admin.get_by_role("link", name="Open a reporting round"))
    assert_accessible(admin)
    counted.click(admin.get_by_role("button", name="Open round"))
    expect(admin.get_by_role("heading", level=1)).to_contain_text(ended.label)

    # the editor makes five updates with "Save and next",
    editor.goto("/")
    counted.click(editor.get_by_role("link", name="Start your updates"))
    for ref, rating in [("1.1", "Amber"), ("1.2", "Green"), ("1.3", "Green"), ("1.4", "Amber")]:
        expect(editor.get_by_role("heading", level=1)).to_have_text(f"Update action {ref}")
        counted.click(editor.get_by_label(rating, exact=True))
        editor.get_by_label("Narrative").fill(f"TEST DATA: {ref} now {rating}.")
        counted.click(editor.get_by_role("button", name="Save and next"))
    expect(editor.get_by_role("heading", level=1)).to_have_text("Update action 1.5")
    assert_accessible(editor)
    counted.click(editor.get_by_label("Red", exact=True))
    editor.get_by_label("Narrative").fill("TEST DATA: 1.5 now Red.")
    counted.click(editor.get_by_role("button", name="Save and next"))
    expect(
        editor.locator(".govuk-notification-banner--success", has_text="are done")
    ).to_contain_text("5 of 5")

    # Then the pack for that quarter shows the imported and updated ratings and movement.
    admin.goto("/boards/")
    counted.click(admin.get_by_role("link", name="SEND Partnership Board"))
    assert_accessible(admin)
    counted.click(admin.get_by_role("button", name="Generate pack"))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    link = admin.get_by_role("link", name="Download the PDF")
    expect(link).to_be_visible(timeout=15_000)
    assert_accessible(admin)
    with admin.expect_download() as info:
        counted.click(link)
    path = tmp_path / "pack.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)
    text = " ".join(text.split())
    assert f"Board pack: {ended.label}" in text
    assert "Plans: TEST DATA: SEND action plan." in text
    assert (
        f"Ratings at the end of {ended.label} compared with the end of {before.label}: "
        "4 improved, 2 worsened, 0 new, 0 completed, 0 unchanged."
    ) in text
    assert "TEST DATA: 1.5 now Red." in text  # an update
    assert "TEST DATA: short breaks offer" in text  # imported, rated Green in the file

    # No step needed the Django admin (the worker is `manage.py db_worker`, as deployed).
    assert not [url for url in counted.urls if "/admin/" in url]
    print(f"\nNew area to first pack: {counted.clicks} clicks, {counted.loads} page loads")
    assert counted.clicks <= MOST_CLICKS
