"""The public progress page in the browser: an admin previews and publishes; a partner
comments; the lead replies and publishes it as "You said, we did"; a member of the public
reads the page on a phone and downloads the CSV. Each step ends with an axe check at the
page's width and again at 320 px (`_accessible_and_reflows`)."""

import csv
import io

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import (
    NARROW,
    assert_accessible,
    overflow,
    sign_in_by_cookie,
    widest,
)
from tests.public_pages import conftest as public

partner = public.partner
public_world = public.public_world


def _accessible_and_reflows(page):
    """axe at the page's width, then at 320 px with no sideways scroll; width restored."""
    assert_accessible(page)
    wide = page.viewport_size
    page.set_viewport_size(NARROW)
    width, client_width = overflow(page)
    assert width <= client_width, widest(page, client_width)
    assert_accessible(page)
    page.set_viewport_size(wide)


def _reads_on_a_phone(browser, live_server, path, expected):
    """A member of the public, not signed in, at 320 px: reads, then downloads the CSV."""
    context = browser.new_context(base_url=live_server.url, viewport=NARROW, accept_downloads=True)
    reader = context.new_page()
    reader.goto(path)
    expect(reader.get_by_role("heading", level=1)).to_be_visible()
    expect(reader.locator("main")).to_contain_text(expected)
    width, client_width = overflow(reader)
    assert width <= client_width, widest(reader, client_width)
    assert_accessible(reader)
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Download the actions as a spreadsheet (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert context.cookies() == []
    context.close()
    # Without JavaScript the page reads the same and the download works.
    plain = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, accept_downloads=True
    )
    no_script = plain.new_page()
    no_script.goto(path)
    expect(no_script.locator("main")).to_contain_text(expected)
    with no_script.expect_download() as download:
        no_script.get_by_role("link", name="Download the actions as a spreadsheet (CSV)").click()
    assert download.value.path().read_text().startswith("plan_id,quarter,")
    plain.close()
    return rows


def test_an_admin_previews_and_publishes_and_the_public_reads_it(
    page, browser, live_server, public_world, borough_admin
):
    hidden = public_world["hidden"]
    # Given an admin on a plan that is not published,
    sign_in_by_cookie(page, borough_admin)
    page.goto(reverse("plan_detail", args=[hidden.pk]))
    page.get_by_role("link", name="Public page: preview, publish or unpublish").click()
    expect(page.locator("main")).to_contain_text("The page is not published")
    _accessible_and_reflows(page)
    # when she previews it,
    page.get_by_role("link", name="Preview the public page").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("This is how")
    _accessible_and_reflows(page)
    page.get_by_role("link", name="Back to publishing").click()
    # and publishes it,
    page.get_by_role("button", name="Publish the page").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("published")
    _accessible_and_reflows(page)
    # then the public reads it and downloads its CSV.
    path = reverse("public_plan", args=[hidden.borough.slug, hidden.slug])
    rows = _reads_on_a_phone(browser, live_server, path, "Under way, with some problems")
    assert [r["reference"] for r in rows] == ["9.1"]


def test_a_partner_comments_and_the_lead_publishes_the_answer(
    page, second_page, browser, live_server, public_world, partner, editor
):
    plan = public_world["plan"]
    # Given a parent carer forum member on their area's plan,
    sign_in_by_cookie(page, partner)
    page.goto(reverse("home"))
    page.get_by_role("link", name="Read your area's plans and comment on them").click()
    page.get_by_role("link", name=plan.title).click()
    _accessible_and_reflows(page)
    # when she comments on an action,
    page.get_by_label("What is your comment about?").select_option(
        label=page.locator("#id_subject option", has_text="Action 1.1").inner_text()
    )
    page.get_by_label("Your comment", exact=True).fill(
        "Test data: families did not hear about this."
    )
    page.get_by_role("button", name="Send comment").click()
    expect(page.locator("#comments")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Waiting for a reply")
    _accessible_and_reflows(page)
    # and the priority's lead replies from the home page and publishes it,
    sign_in_by_cookie(second_page, editor)
    second_page.goto(reverse("home"))
    second_page.locator("#comments-waiting").get_by_role("link").filter(
        has_text="Action 1.1"
    ).last.click()
    _accessible_and_reflows(second_page)
    second_page.get_by_label("Your reply").fill("Test data: we wrote to every family.")
    second_page.get_by_label(
        'Publish the comment and reply on the public page, as "You said, we did"'
    ).check()
    second_page.get_by_role("button", name="Save reply").click()
    expect(second_page.locator("main")).to_contain_text("On the public page")
    _accessible_and_reflows(second_page)
    # then the public page says "You said, we did".
    path = reverse("public_plan", args=[plan.borough.slug, plan.slug])
    rows = _reads_on_a_phone(browser, live_server, path, "we wrote to every family")
    assert [r["reference"] for r in rows] == ["1.1", "1.2", "2.1"]


def test_a_named_owner_agrees_to_be_named_from_their_account(
    page, browser, live_server, public_world, owner, editor
):
    from boroughs.models import Person

    Person.objects.filter(pk=owner.pk).update(user=editor)
    # Given an officer who owns actions of a published plan, on their account page,
    sign_in_by_cookie(page, editor)
    page.goto(reverse("home"))
    page.get_by_role("link", name="Account security").click()
    page.get_by_role("link", name="Choose whether public progress pages show your name").click()
    expect(page.locator("main")).to_contain_text("Public pages show: Designated Nurse")
    _accessible_and_reflows(page)
    # when she agrees to be named,
    page.get_by_role("button", name="I agree to show my name").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("your name")
    _accessible_and_reflows(page)
    # then the public page names her beside her actions.
    path = reverse(
        "public_plan", args=[public_world["plan"].borough.slug, public_world["plan"].slug]
    )
    _reads_on_a_phone(browser, live_server, path, "Corina Christos, Designated Nurse")
