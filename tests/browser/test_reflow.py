"""Every page reflows to 320 CSS pixels (WCAG 2.2 1.4.10): no sideways scrolling.

Taken on the demo data (real seed plans, long descriptions, illustrative history), as a
borough admin, so every officer and admin page has real content. The demo is loaded
once for the module (`demo_site`); pages reached by uploading a file, and the two-factor
code page, are in test_reflow_uploads.py. A table too wide for
the screen may scroll inside its own labelled, focusable region; the page itself never
scrolls sideways. Every named URL of the app is either visited or listed in NOT_PAGES
with its reason, and axe runs on every page at that width, and on the pages' states in
use (the heat map's region, a round's dashboard, the bulk page's errors, a pack queued).
"""

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import resolve, reverse
from django.utils import timezone
from playwright.sync_api import expect

from actions.measure_services import measure_value_set
from actions.milestone_services import milestone_create
from actions.models import Action, MeasureValue, Milestone, Objective, Plan, SuccessMeasure
from actions.rounds_services import UpdateRow, updates_record
from boroughs.invitations import invitation_send
from boroughs.models import Borough, Invitation, Membership, Role
from governance.board_services import board_member_add
from governance.models import Board, Risk
from governance.round_selectors import open_round_for, round_actions
from governance.round_services import round_open
from governance.services import risk_create
from reports import cross_services
from reports.generation import pack_run
from reports.models import BoardPack, CrossBoroughPack, PackStatus
from reports.services import pack_request
from sendplan.periods import ReportingPeriod
from tests.browser.conftest import NARROW, assert_accessible, overflow, sign_in, widest
from tests.security.test_authorisation_matrix import APP_URLS

# Every named URL is either visited below or is not a page, for the reason given; a new
# URL in neither list fails the test, so no page is left out of the reflow check.
NOT_PAGES = {
    "logout": "POST only: signing out",
    "health": "JSON for load balancers",
    "session_keep_alive": "POST only: the idle warning's 'Stay signed in'",
    "two_factor_turn_off": "POST only: the security page's button",
    "two_factor_verify": "mid sign-in, for someone with an app set up (its own test below)",
    "sign_in_emailed_code": (
        "mid sign-in, for a username paused by failures from many addresses; the same "
        "one-field layout as two_factor_verify (tests/security/test_sign_in_throttling.py)"
    ),
    "action_export_csv": "a CSV download",
    "import_template": "a spreadsheet download",
    "plan_export": "a spreadsheet download",
    "flat_export": "a CSV download",
    "pack_status": "JSON for the progress page's poll",
    "cross_pack_status": "JSON for the progress page's poll",
    "pack_pdf": "a PDF download",
    "pack_html_file": "an HTML download (the pack_html page is its on-screen twin)",
    "pack_chart": "an SVG image inside the pack",
    "cross_pack_pdf": "a PDF download",
    "cross_pack_html_file": "an HTML download",
    "sso_start": "redirects to the organisation's identity provider",
    "sso_callback": (
        "redirects home, or shows the refusal page: reflowed at 320 px with the sign-in "
        "page's organisation buttons in test_sso_journey.py, through a real provider"
    ),
    "sso_signed_out": "needs a single sign-on just ended: reflowed in test_sso_journey.py",
    "round_advance": "POST only: the round dashboard's buttons",
    "round_next": "redirects to the next round_update page (visited) or home",
    # Reached by uploading a file: see the last test, which uploads one.
    "plan_import_confirm": "POST only: saving a checked import (the last test)",
    "flat_import_confirm": "POST only: saving a checked import (the last test)",
    "plan_import_map": "POST only: mapping a file's words (the last test)",
    "borough_import_confirm": "POST only: the plan import's templates (the last test)",
    "borough_import_map": "POST only: the plan import's templates (the last test)",
    "public_csv": "a CSV download (tests/browser/test_public_journeys.py downloads it)",
    "public_json": "JSON open data",
    "public_datapackage": "JSON: the open data's descriptor",
    "public_feed": "an Atom feed",
    "public_publish": "POST only: the publishing page's button",
    "public_name_consent": "POST only: the publishing page's buttons",
    # Reached with a stored upload's token: checked at 320 px, with axe, by the grid
    # journey in test_import_journey.py (the plan's; the borough's uses the same page).
    "plan_import_grid": "needs an uploaded file: test_import_journey.py's grid journey",
    "borough_import_grid": "the plan grid's template: test_import_journey.py's grid journey",
}
# Public pages, opened signed out (the sign-in page is checked on its own).
PUBLIC_PAGES = ["password_reset", "password_reset_done", "password_reset_complete"]


def _broken_words(page):
    """Words split across lines inside a table cell (a word's box spans two lines).

    A hyphen is where a line may break ("Fraser-" / "Baxter"), so the parts either side
    of one count as words of their own."""
    return page.evaluate(
        r"""() => {
            const broken = [];
            for (const cell of document.querySelectorAll('main td, main th')) {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (node.parentElement.closest('.govuk-visually-hidden')) continue;
                    for (const match of node.data.matchAll(/[^\s\u002d\u2010]+/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const tops = new Set([...range.getClientRects()]
                            .filter(r => r.width > 0).map(r => Math.round(r.top)));
                        if (tops.size > 1) broken.push(match[0]);
                    }
                }
            }
            return broken.slice(0, 5);
        }"""
    )


def _pages(admin):
    borough = Borough.objects.get(slug="hammersmith-fulham")
    plan = Plan.objects.filter(borough=borough).order_by("-id").first()
    action = (
        Action.objects.filter(plan__borough=borough, milestones__isnull=False)
        .order_by("id")
        .first()
        or Action.objects.filter(plan__borough=borough).order_by("id").first()
    )
    priority = action.priority
    measure = SuccessMeasure.objects.filter(plan__borough=borough).order_by("id").first()
    board = Board.objects.filter(borough=borough).order_by("id").first()
    membership = Membership.objects.filter(borough=borough).exclude(user=admin).first()
    period = ReportingPeriod.containing(timezone.localdate()).previous()
    pages = [
        reverse("home"),
        reverse("plan_detail", args=[plan.pk]),
        reverse("action_list") + "?borough=all",
        reverse("action_list") + "?borough=all&page=2",
        reverse("action_detail", args=[action.pk]),
        reverse("action_update_status", args=[action.pk]),
        reverse("action_edit", args=[action.pk]),
        reverse("action_ask_board", args=[action.pk]),
        reverse("action_board_outcome", args=[action.pk]),
        reverse("action_editor", args=[action.pk]),
        reverse("milestone_add", args=[action.pk]),
        reverse("plan_structure", args=[plan.pk]),
        reverse("priority_add", args=[plan.pk]),
        reverse("priority_edit", args=[priority.pk]),
        reverse("objective_add", args=[priority.pk]),
        reverse("action_add", args=[priority.pk]),
        reverse("plan_import", args=[plan.pk]),
        reverse("borough_import", args=[borough.slug]),
        reverse("borough_members", args=[borough.slug]),
        reverse("board_list"),
        reverse("key_messages_edit", args=[board.pk]),
        reverse("switch_borough"),
        reverse("security"),
        reverse("own_name_consent"),  # linked to an owner: test_public_journeys.py
        reverse("accessibility"),
        reverse("cross_borough_pack"),
    ]
    if membership:
        pages.append(reverse("borough_member_edit", args=[borough.slug, membership.pk]))
        pages.append(reverse("borough_member_remove", args=[borough.slug, membership.pk]))
    pages.append(reverse("measure_list", args=[plan.pk]))
    pages.append(reverse("measure_add", args=[plan.pk]))
    pages.append(reverse("measure_settings", args=[borough.slug]))
    pages.append(reverse("indicator_compare"))
    if measure:
        pages.append(reverse("measure_value_add", args=[measure.pk]))
        pages.append(reverse("measure_detail", args=[measure.pk]))
        pages.append(reverse("measure_edit", args=[measure.pk]))
        value = (
            MeasureValue.objects.filter(measure=measure).first()
            or measure_value_set(
                measure=measure,
                user=admin,
                date=period.end,
                value=120,
                note="Rose after the new panel started: " + "details " * 20,
                reason="A value to edit",
            )[0]
        )
        pages.append(reverse("measure_value_edit", args=[value.pk]))
    objective = Objective.objects.filter(priority=priority).order_by("id").first()
    if objective:
        pages.append(reverse("objective_edit", args=[objective.pk]))
    milestone = Milestone.objects.filter(action=action).first() or milestone_create(
        action=action, user=admin, title="A milestone with a long title " * 4
    )
    if milestone:
        pages.append(reverse("milestone_edit", args=[milestone.pk]))
        pages.append(reverse("milestone_delete", args=[milestone.pk]))
        pages.append(reverse("milestone_achieve", args=[milestone.pk]))
    pages += [
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("two_factor_setup"),
        # Signed in, the accept page opens only for the account it was sent to.
        reverse("invitation_accept", args=[_invitation_token(borough, admin, _address(admin))]),
        reverse("flat_index", args=[borough.slug]),
        reverse("flat_import", args=[borough.slug, "risks"]),
    ]
    pages += _risk_pages(borough, admin)
    pages += _round_pages(borough, admin, period)
    pages += _cross_pack_pages(borough, admin, period)
    # Boards made in the app, and the service admin's pages (issue 27): the admin is
    # given the service-admin permission for this.
    pages.append(reverse("board_new", args=[borough.slug]))
    admin.user_permissions.add(Permission.objects.get(codename="run_service"))
    pages += [
        reverse("area_list"),
        reverse("area_add"),
        reverse("area_suspend", args=[borough.slug]),
    ]
    if board:
        pages.append(reverse("board_edit", args=[board.pk]))
        pages.append(reverse("board_meetings", args=[board.pk]))
        # The members page with someone on the board (a row with its Remove button).
        if not board.members.filter(user=admin).exists():
            board_member_add(board=board, user=admin, member=admin)
        pages.append(reverse("board_members", args=[board.pk]))
        pages.append(reverse("board_detail", args=[board.pk]))
        pack = pack_request(borough=borough, board=board, period=period, user=admin)
        pack_run(pack_id=pack.pk)
        pack.refresh_from_db()
        assert pack.status == PackStatus.READY, pack.error_message
        pages += [reverse("pack_detail", args=[pack.pk]), reverse("pack_html", args=[pack.pk])]
        queued = BoardPack.objects.create(
            borough=borough, board=board, period_year=period.year, period_quarter=period.quarter
        )
        pages.append(reverse("pack_detail", args=[queued.pk]))
    pages.append(reverse("search") + "?q=health")
    pages.append(reverse("borough_dashboard", args=[borough.slug]))
    pages += _public_pages(plan, action, admin)
    return pages


def _public_pages(plan, action, admin):
    """Publishing, a public summary, a partner's plan page and a reply (as the admin)."""
    from reports.public import services as public_services

    comment = public_services.comment_add(
        plan=action.plan,
        user=admin,
        text="A long comment about the health checks " * 4,
        action=action,
    )
    return [
        reverse("public_publishing", args=[plan.pk]),
        reverse("public_preview", args=[plan.pk]),
        reverse("public_summary", args=[action.pk]),
        reverse("partner_plans"),
        reverse("partner_plan", args=[plan.pk]),
        reverse("comment_reply", args=[comment.pk]),
    ]


def _published_page(admin):
    """A Hammersmith & Fulham plan's public page, published, to open signed out."""
    from reports.public import services as public_services

    plan = Plan.objects.filter(borough__slug="hammersmith-fulham").order_by("-id").first()
    public_services.publication_set(plan=plan, user=admin, published=True)
    return reverse("public_plan", args=[plan.borough.slug, plan.slug])


def _address(user, email="new.officer.with.a.long.address@example.org"):
    user.email = email
    user.save(update_fields=["email"])
    return email


def _invitation_token(borough, admin, email="new.officer.with.a.long.address@example.org"):
    tokens = []
    invitation_send(
        borough=borough, user=admin, email=email, role=Role.VIEWER, accept_url=tokens.append
    )
    return tokens[0]


def _risk_pages(borough, admin):
    """The register with its heat map filled: a risk in several cells, long words included."""
    actions = list(Action.objects.filter(plan__borough=borough).order_by("id")[:3])
    already = Risk.objects.filter(borough=borough, risk_id="RISK-001-WORKFORCE").exists()
    for number, (likelihood, impact) in enumerate([(5, 5), (5, 4), (4, 2), (2, 1), (3, 3)], 1):
        if already:  # made by an earlier test on the same demo
            break
        risk_create(
            borough=borough,
            user=admin,
            risk_id=f"RISK-{number:03d}-WORKFORCE",
            description="Too few educational psychologists to meet the 20-week deadline " * 3,
            mitigation="Agency cover agreed with the neighbouring authority; recruitment open.",
            likelihood=likelihood,
            impact=impact,
            actions=actions,
        )
    risk = Risk.objects.filter(borough=borough).order_by("id").first()
    return [reverse("risk_list"), reverse("risk_add"), reverse("risk_edit", args=[risk.pk])]


def _round_pages(borough, admin, period):
    """An open round with an update awaiting review: its dashboard and every update page."""
    reporting_round = open_round_for(borough) or round_open(
        borough=borough, period=period, user=admin
    )
    action = round_actions(reporting_round).order_by("id").first()
    [update] = updates_record(
        user=admin,
        rows=[
            UpdateRow(
                action=action,
                expected_version=action.version,
                status="amber",
                narrative="Two posts still vacant; agency cover from next month. " * 3,
            )
        ],
        date=reporting_round.period.end,
        review=True,
    )
    pk = reporting_round.pk
    return [
        reverse("round_list"),
        reverse("round_open", args=[borough.slug]),
        reverse("round_detail", args=[pk]),
        reverse("round_extend", args=[pk]),
        reverse("round_update", args=[pk]) + f"?action={action.pk}",
        reverse("round_bulk", args=[pk]),
        reverse("round_bulk", args=[pk]) + f"?priority={action.priority_id}",
        reverse("update_review", args=[update.pk]),
        reverse("review_queue", args=[pk]),
        reverse("review_setting", args=[borough.slug]),
    ]


def _cross_pack_pages(borough, admin, period):
    """A cross-borough pack still queued (the progress page) and one that is ready."""
    boroughs = [m.borough for m in Membership.objects.filter(user=admin).select_related("borough")]
    queued = CrossBoroughPack.objects.create(
        period_year=period.year, period_quarter=period.quarter, requested_by=admin
    )
    queued.boroughs.set(boroughs)
    ready = cross_services.cross_pack_request(boroughs=boroughs, period=period, user=admin)
    cross_services.cross_pack_run(pack_id=ready.pk)
    ready.refresh_from_db()
    assert ready.status == PackStatus.READY, ready.error_message
    return [
        reverse("cross_pack_detail", args=[queued.pk]),
        reverse("cross_pack_detail", args=[ready.pk]),
    ]


def _axe_violations(page):
    try:
        assert_accessible(page)
    except AssertionError as error:
        return str(error)[:2000]
    return None


def test_every_page_reflows_to_320_pixels_with_no_sideways_scroll(browser, demo_db):
    # Given the demo data, and a Hammersmith & Fulham borough admin on a 320 px screen
    admin = get_user_model().objects.get(username="hammersmith-fulham-admin")
    borough = Borough.objects.get(slug="hammersmith-fulham")
    pages = _pages(admin)
    public = [reverse(name) for name in PUBLIC_PAGES] + [
        reverse("password_reset_confirm", args=["MQ", "made-up-token"]),
        reverse("invitation_accept", args=[_invitation_token(borough, admin, "a@example.org")]),
        _published_page(admin),
    ]
    waiting = Invitation.objects.get(email="a@example.org")
    pages.append(reverse("invitation_withdraw", args=[borough.slug, waiting.pk]))
    # (every named URL of the app is visited, or is not a page for a stated reason)
    visited = {resolve(url.split("?")[0]).url_name for url in pages + public}
    left_out = {url[0] for url in APP_URLS} - visited - set(NOT_PAGES) - {"login"}
    assert not left_out, f"add these pages to the reflow test, or to NOT_PAGES: {left_out}"
    context = browser.new_context(base_url=demo_db.url, viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        # When they open every page, signed out and then signed in
        too_wide, inaccessible, broken_words = {}, {}, {}
        for url in ["/sign-in/", *public, "SIGN IN", *pages]:
            if url == "SIGN IN":
                sign_in(page, admin, password="sendplan-demo")
                continue
            response = page.goto(url)
            assert response.ok, f"{url} answered {response.status}"
            scroll, client = overflow(page)
            if scroll > client:
                too_wide[url] = (scroll, widest(page, client))
            if broken := _broken_words(page):
                broken_words[url] = broken
            if violations := _axe_violations(page):
                inaccessible[url] = violations

        # Then none of them is wider than the screen
        assert not too_wide, f"pages wider than {NARROW['width']} px: {too_wide}"
        # and no word (a reference, a rating, a number) is broken inside a table cell
        assert not broken_words, f"words broken in table cells: {broken_words}"
        # And the narrow layout is still accessible (tables scroll inside labelled regions)
        assert not inaccessible, f"axe violations at {NARROW['width']} px: {inaccessible}"
    finally:
        context.close()


def test_the_rounds_risks_and_cross_borough_pages_are_accessible_in_use(browser, demo_db):
    # Given the demo data, an open round, a filled risk register and a queued
    # cross-borough pack, and a Hammersmith & Fulham borough admin on a 320 px screen
    admin = get_user_model().objects.get(username="hammersmith-fulham-admin")
    borough = Borough.objects.get(slug="hammersmith-fulham")
    period = ReportingPeriod.containing(timezone.localdate()).previous()
    risks = _risk_pages(borough, admin)[0]
    rounds = _round_pages(borough, admin, period)
    queued = _cross_pack_pages(borough, admin, period)[0]
    context = browser.new_context(base_url=demo_db.url, viewport=NARROW)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, admin, password="sendplan-demo")

        # When they read the heat map, each cell's risks are links to the register's rows
        page.goto(risks)
        heat_map = page.get_by_role("region", name="Heat map of open risks")
        heat_map.focus()
        expect(heat_map).to_be_focused()  # so that a keyboard can scroll it
        link = heat_map.get_by_role("link", name="RISK-001-WORKFORCE")
        href = link.get_attribute("href")
        link.click()
        expect(page).to_have_url(re.compile(re.escape(href) + "$"))
        assert_accessible(page)

        # the round dashboard, with an update awaiting their review
        page.goto(rounds[2])
        expect(page.get_by_role("heading", level=1)).to_contain_text("reporting round")
        expect(page.get_by_role("link", name="Review the update to").first).to_be_visible()
        assert_accessible(page)

        # the bulk page of a priority, saved with a rating that needs a narrative
        page.goto(rounds[6])
        first = page.locator("select[id$='status']").first
        first.select_option("red")
        page.get_by_role("button", name="Save updates").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a narrative")
        assert overflow(page)[0] <= overflow(page)[1], "the bulk page's errors scroll sideways"
        assert_accessible(page)

        # Then the cross-borough pack's progress page, while the pack is generating, too
        page.goto(queued)
        expect(page.get_by_role("status")).to_contain_text("Waiting to start")
        assert_accessible(page)
    finally:
        context.close()


def test_the_new_pages_and_open_accordions_have_no_accessibility_violations(browser, demo_db):
    # Given the demo data and a Hammersmith & Fulham editor
    editor = get_user_model().objects.get(username="hammersmith-fulham-editor")
    context = browser.new_context(base_url=demo_db.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, editor, password="sendplan-demo")
    plan = Plan.objects.filter(borough__slug="hammersmith-fulham").order_by("id").first()

    # When they open every section of a plan, each button controls a section that exists
    page.goto(reverse("plan_detail", args=[plan.pk]))
    page.get_by_role("button", name="Show all sections").click()
    for button in page.locator(".govuk-accordion__section-button").all():
        assert button.get_attribute("aria-expanded") == "true"
        controlled = button.get_attribute("aria-controls")
        assert page.locator(f"#{controlled}").count() == 1, controlled
    # Then the open plan is accessible
    assert_accessible(page)

    # And so are the dashboard, search results and the milestone pages
    page.goto(reverse("borough_dashboard", args=["hammersmith-fulham"]))
    assert_accessible(page)
    page.goto(reverse("search") + "?q=health")
    assert_accessible(page)
    action = Action.objects.filter(plan=plan).order_by("id").first()
    milestone = milestone_create(
        action=action, user=editor, title="Panel agreed", due_date=dt.date(2024, 1, 31)
    )
    page.goto(reverse("action_detail", args=[action.pk]))
    assert page.get_by_text("Overdue").count() >= 1
    assert_accessible(page)
    page.goto(reverse("milestone_achieve", args=[milestone.pk]))
    assert_accessible(page)
    context.close()
