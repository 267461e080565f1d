"""The Content Security Policy and the other security headers, on real responses.

The policy has no 'unsafe-inline', so every page must keep its script and style in
static files. The browser check (tests/browser/test_csp.py) watches Chromium enforce
it; here every page's HTML is also read for anything the policy would block.
"""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import Milestone, SuccessMeasure
from tests.packs.conftest import Q2, pack_world  # noqa: F401  (the fixture)

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def parse_policy(header):
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ready_pack(pack_world, borough, editor):  # noqa: F811
    # Imported here: pygal, which reports.services loads, installs an import hook that
    # breaks pytest's collection of the packages collected after this file.
    from reports.generation import pack_run
    from reports.services import pack_request

    pack = pack_request(borough=borough, board=pack_world["board"], period=Q2, user=editor)
    pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    return pack


def test_pages_signed_in_signed_out_refused_and_missing_carry_the_policy_exactly(
    client, viewer, action
):
    # Every page the app draws, in the shortlist; test_no_page_has_inline_script_...
    # below reads the header on each page of the full list too.
    signed_out = [reverse("login"), reverse("password_reset"), reverse("accessibility")]
    signed_in = [
        reverse("home"),
        reverse("action_detail", args=[action.pk]),
        reverse("action_update_status", args=[action.pk]),  # 403: a viewer may not rate
        "/no-such-page/",
    ]
    answers = {url: client.get(url) for url in signed_out}
    client.force_login(viewer)
    answers |= {url: client.get(url) for url in signed_in}

    assert {url: r.status_code for url, r in answers.items()} == {
        **dict.fromkeys(signed_out, 200),
        reverse("home"): 200,
        reverse("action_detail", args=[action.pk]): 200,
        reverse("action_update_status", args=[action.pk]): 403,
        "/no-such-page/": 404,
    }
    for url, response in answers.items():
        assert parse_policy(response["Content-Security-Policy"]) == POLICY, url


class InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block in a page."""

    def __init__(self):
        super().__init__()
        self.blocked = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.blocked.append("inline <script>")
        if tag == "style":
            self.blocked.append("<style> element")
        if "style" in attrs:
            self.blocked.append(f'style="" on <{tag}>')
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"{name}= handler on <{tag}>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")
            # A resource from elsewhere (a link to another site is fine: it is navigation).
            loads = name == "src" or (tag == "link" and name == "href")
            if loads and (value or "").startswith(("http://", "https://", "//")):
                self.blocked.append(f"third-party {name} on <{tag}>: {value}")


def blocked_in(html):
    finder = InlineFinder()
    finder.feed(html)
    return finder.blocked


def page_urls(plan, action, board, pack, borough):
    milestone = Milestone.objects.create(action=action, title="Pilot agreed")
    measure = SuccessMeasure.objects.filter(plan=plan).first()
    priority = action.priority
    return [
        reverse("home"),
        reverse("action_list"),
        reverse("action_list") + "?status=red&sort=-due_date",
        reverse("plan_detail", args=[plan.pk]),
        reverse("action_detail", args=[action.pk]),
        reverse("action_update_status", args=[action.pk]),
        reverse("action_edit", args=[action.pk]),
        reverse("milestone_add", args=[action.pk]),
        reverse("measure_value_add", args=[measure.pk]),
        reverse("plan_structure", args=[plan.pk]),
        reverse("priority_add", args=[plan.pk]),
        reverse("priority_edit", args=[priority.pk]),
        reverse("action_add", args=[priority.pk]),
        reverse("plan_import", args=[plan.pk]),
        reverse("borough_import", args=[borough.slug]),
        reverse("borough_members", args=[borough.slug]),
        reverse("board_list"),
        reverse("board_detail", args=[board.pk]),
        reverse("pack_detail", args=[pack.pk]),
        reverse("pack_html", args=[pack.pk]),
        reverse("cross_borough_pack"),
        reverse("switch_borough"),
        reverse("security"),
        reverse("two_factor_setup"),
        reverse("accessibility"),
        "/no-such-page/",
        f"/milestones/{milestone.pk}/achieve/",  # GET answers 405
    ]


def test_no_page_has_inline_script_or_style_or_third_party_resources(
    borough,
    borough_admin,
    pack_world,  # noqa: F811
    ready_pack,
):
    plan, board = pack_world["plan"], pack_world["board"]
    action = pack_world["actions"]["1.2"]
    client = Client()
    client.force_login(borough_admin)
    anonymous = Client()

    pages = [(client, url) for url in page_urls(plan, action, board, ready_pack, borough)]
    pages += [(anonymous, reverse("login")), (anonymous, reverse("accessibility"))]
    # Forms with errors render differently: the error summary, messages beside fields.
    posts = [
        (reverse("action_update_status", args=[action.pk]), {"status": "", "version": "x"}),
        (reverse("login"), {"username": "", "password": ""}),
    ]
    checked = 0
    for who, url in pages:
        response = who.get(url)
        assert response.status_code in (200, 404, 405), url
        assert parse_policy(response["Content-Security-Policy"]) == POLICY, url
        if response["Content-Type"].startswith("text/html") and response.content:
            assert blocked_in(response.content.decode()) == [], url
            checked += 1
    for url, data in posts:
        response = (anonymous if url == reverse("login") else client).post(url, data)
        assert "govuk-error-summary" in response.content.decode(), url
        assert blocked_in(response.content.decode()) == [], url
    assert checked >= len(pages) - 1


def test_the_finder_sees_what_the_policy_blocks():
    page = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<style>p{}</style><a href="javascript:void(0)">a</a>'
        '<img src="https://charts.example/qr.png"><script src="/static/x.js"></script>'
        '<a href="https://www.gov.uk/">GOV.UK</a><link rel="stylesheet" href="//cdn.example/x">'
        '<script type="application/json">{}</script>'
    )
    assert blocked_in(page) == [
        "inline <script>",
        'style="" on <p>',
        "onclick= handler on <p>",
        "<style> element",
        "javascript: URL on <a>",
        "third-party src on <img>: https://charts.example/qr.png",
        "third-party href on <link>: //cdn.example/x",
    ]


def test_pack_charts_are_svg_with_a_narrower_policy_of_their_own(viewer, ready_pack):
    client = Client()
    client.force_login(viewer)
    response = client.get(reverse("pack_chart", args=[ready_pack.pk, "summary"]))
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    # pygal styles the chart with a <style> element, and also embeds a <script> of its
    # settings for its tooltips: the chart's own policy lets the first apply and never
    # lets the second run.
    assert "<style" in svg
    assert "<script" in svg
    assert parse_policy(response["Content-Security-Policy"]) == {
        "default-src": ["'none'"],
        "style-src": ["'unsafe-inline'"],
        "img-src": ["data:"],
        "frame-ancestors": ["'none'"],
    }


def test_only_the_admin_may_use_inline_styles_and_never_inline_scripts(superuser):
    client = Client()
    client.force_login(superuser)
    for url in ("/admin/", "/admin/boroughs/borough/", "/admin/login/"):
        policy = parse_policy(client.get(url)["Content-Security-Policy"])
        assert policy["style-src"] == ["'self'", "'unsafe-inline'"], url
        assert policy["script-src"] == ["'self'"], url
        assert {k: v for k, v in policy.items() if k != "style-src"} == {
            k: v for k, v in POLICY.items() if k != "style-src"
        }
    assert parse_policy(client.get("/")["Content-Security-Policy"])["style-src"] == ["'self'"]
    assert parse_policy(client.get("/administer/")["Content-Security-Policy"]) == POLICY


def test_pages_say_no_framing_no_sniffing_and_no_referrer_to_other_sites(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_over_https_browsers_are_told_to_use_https_for_a_year_including_subdomains(client, db):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == (
        f"max-age={int(dt.timedelta(days=365).total_seconds())}; includeSubDomains; preload"
    )
    # Never over plain http, where a network attacker could strip or forge it.
    assert "Strict-Transport-Security" not in client.get(reverse("login"))


def test_with_the_production_settings_plain_http_is_redirected_and_cookies_are_secure(
    settings, editor
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()
    response = client.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/sign-in/"

    # Except the health check, which load balancers probe over plain http.
    assert client.get(reverse("health")).status_code in (200, 503)

    page = client.get(reverse("login"), secure=True)
    assert page.cookies["csrftoken"]["secure"] is True
    assert page.cookies["csrftoken"]["samesite"] == "Lax"
    token = page.cookies["csrftoken"].value
    signed_in = client.post(
        reverse("login"),
        {"username": "editor", "password": "correct horse battery staple"},
        secure=True,
        HTTP_X_CSRFTOKEN=token,
    )
    session = signed_in.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")


def test_behind_a_trusted_proxy_https_is_recognised_from_x_forwarded_proto(settings, client, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(reverse("login")).status_code == 301
