"""Who may GET and POST every URL of the app, for every role, in their own borough and another.

The URLs are read from the URL configuration, not listed by hand: a new URL with no
declared expectation fails this file, so nobody can add a page without saying who may
use it. Each URL declares, in EXPECTATIONS, the lowest role that may GET it and POST to
it, and which object its converters point at. The test then builds the URL for an
object in our borough and one in another, asks as every member of the cast, and checks:

* anonymous visitors are sent to sign in (302 to the sign-in page);
* a member of another borough gets 404 for our objects, and lists show none of ours;
* a role too low for the object's borough gets 403;
* a role high enough is not refused (200, a redirect elsewhere, 400 or 405).

Every request runs in a savepoint that is rolled back, so an allowed POST (removing a
member, ticking a milestone) cannot change what the next role sees.
"""

import dataclasses
import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from actions.models import (
    Action,
    MeasureValue,
    Milestone,
    Objective,
    Plan,
    Priority,
    SuccessMeasure,
)
from actions.rounds_services import UpdateRow, updates_record
from actions.services import action_update_status
from boroughs.models import Borough, Invitation, Membership, Person, Role
from governance.models import Board, Risk
from governance.round_services import round_open
from reports.models import PackStatus
from sendplan.periods import ReportingPeriod

# --- What each URL expects ---------------------------------------------------------------

PUBLIC = "public"
PARTNER, VIEWER, EDITOR, ADMIN, SUPERUSER = "partner", "viewer", "editor", "admin", "superuser"
NO_POST = None  # the URL does not take POST: 405 for anyone who may GET it
RANK = {PARTNER: 0, VIEWER: 1, EDITOR: 2, ADMIN: 3, SUPERUSER: 4}

# Public on purpose, each with the reason. Anyone may open these without signing in.
PUBLIC_URLS = {
    "login": "the sign-in page itself",
    "logout": "signing out needs no permission (POST only; GET answers 405)",
    "health": "load balancers and monitoring poll it; it says nothing about any borough",
    "accessibility": "the accessibility statement must be readable by people who cannot sign in",
    "password_reset": "someone who has forgotten their password cannot sign in to ask",
    "password_reset_done": "says to check email; the same words whether or not there is an account",
    "password_reset_confirm": "the emailed link: its token is the permission, for one account",
    "password_reset_complete": "says the password was changed; nothing about any borough",
    "invitation_accept": "the invitee may have no account; the emailed token is the permission",
    "sso_start": "single sign-on starts before anyone is signed in (the provider decides who)",
    "sso_callback": "the provider sends the person back here to be signed in; state is checked",
    "sso_signed_out": "shown after signing out: a link to sign out of the organisation too",
    # A published plan's public page and its open data; anything unpublished is a 404.
    "public_plan": "families read a published plan's progress without an account",
    "public_csv": "open data of a published plan",
    "public_json": "open data of a published plan",
    "public_datapackage": "open data of a published plan: its descriptor",
    "public_feed": "a published plan's quarterly updates as a feed",
}
PUBLIC_PLAN_URLS = {"public_plan", "public_csv", "public_json", "public_datapackage", "public_feed"}
# Public URLs with converters: made-up values, which must not be mistaken for real ones.
PUBLIC_KWARGS = {
    "password_reset_confirm": {"uidb64": "MQ", "token": "made-up-token"},
    "invitation_accept": {"token": "made-up-token"},
    "sso_start": {"key": "made-up-provider"},
    "sso_callback": {"key": "made-up-provider"},
    **{name: {"borough": "hackney", "plan": "made-up-plan"} for name in PUBLIC_PLAN_URLS},
}


@dataclasses.dataclass(frozen=True)
class Rule:
    get: str
    post: str | None
    # The kind of object the URL's converters point at (a key of World); ACCOUNT for the
    # person's own account pages; or LIST for a page that is not one object's and must
    # show only the user's own boroughs' rows.
    obj: str
    query: str = ""
    # Lists that must show the user's own borough's marker (not just hide the other's).
    shows_own: bool = False


LIST = "list"
ACCOUNT = "account"  # the signed-in person's own account pages: no borough, no object

EXPECTATIONS = {
    # Home, lists and the borough switcher: any signed-in member, their own rows only.
    "home": Rule(VIEWER, VIEWER, LIST),  # POST renders the same page; it writes nothing
    "switch_borough": Rule(VIEWER, VIEWER, LIST),
    "action_list": Rule(VIEWER, VIEWER, LIST, query="?borough=all", shows_own=True),
    "action_export_csv": Rule(VIEWER, VIEWER, LIST, query="?borough=all", shows_own=True),
    "board_list": Rule(VIEWER, VIEWER, LIST, shows_own=True),
    # POST queues a stored cross-borough pack of the user's own boroughs.
    "cross_borough_pack": Rule(VIEWER, VIEWER, LIST),
    "import_template": Rule(VIEWER, NO_POST, LIST),
    # Search: plans, actions and packs of the user's own boroughs only.
    "search": Rule(VIEWER, NO_POST, LIST, query="?q=ZQ", shows_own=True),
    # Your own sign-in security (two-factor): anyone signed in, for themselves only.
    "security": Rule(VIEWER, NO_POST, ACCOUNT),
    "two_factor_setup": Rule(VIEWER, VIEWER, ACCOUNT),
    "two_factor_verify": Rule(VIEWER, VIEWER, ACCOUNT),
    # The emailed code after a paused username's password: only for one's own session.
    "sign_in_emailed_code": Rule(VIEWER, VIEWER, ACCOUNT),
    "two_factor_turn_off": Rule(NO_POST, VIEWER, ACCOUNT),
    "password_change": Rule(VIEWER, VIEWER, ACCOUNT),
    "password_change_done": Rule(VIEWER, NO_POST, ACCOUNT),
    # The idle warning's "Stay signed in": POST only, for one's own session.
    "session_keep_alive": Rule(NO_POST, VIEWER, ACCOUNT),
    # Reading a plan, an action, a board or a pack: viewers of its borough.
    "plan_detail": Rule(VIEWER, VIEWER, "plan"),
    "borough_dashboard": Rule(VIEWER, NO_POST, "borough"),
    "action_detail": Rule(VIEWER, VIEWER, "action"),
    "plan_export": Rule(VIEWER, NO_POST, "plan"),
    "board_detail": Rule(VIEWER, EDITOR, "board"),  # POST generates a pack
    "pack_detail": Rule(VIEWER, NO_POST, "pack"),
    "pack_status": Rule(VIEWER, NO_POST, "pack"),  # the progress page's poll (JSON)
    "pack_html": Rule(VIEWER, NO_POST, "pack"),
    "pack_pdf": Rule(VIEWER, NO_POST, "pack"),
    "pack_html_file": Rule(VIEWER, NO_POST, "pack"),
    "pack_chart": Rule(VIEWER, NO_POST, "pack"),
    "measure_list": Rule(VIEWER, NO_POST, "plan"),
    "measure_detail": Rule(VIEWER, NO_POST, "measure"),
    "indicator_compare": Rule(VIEWER, NO_POST, LIST),  # the current borough's own figures
    "risk_list": Rule(VIEWER, NO_POST, LIST),  # the current borough's register
    # A stored cross-borough pack: members of every one of its boroughs.
    "cross_pack_detail": Rule(VIEWER, NO_POST, "cross_pack"),
    "cross_pack_status": Rule(VIEWER, NO_POST, "cross_pack"),
    "cross_pack_pdf": Rule(VIEWER, NO_POST, "cross_pack"),
    "cross_pack_html_file": Rule(VIEWER, NO_POST, "cross_pack"),
    # Officers' writes: editors of the action's borough.
    "action_update_status": Rule(EDITOR, EDITOR, "action"),
    "action_edit": Rule(EDITOR, EDITOR, "action"),
    # Asking the board for a decision on the action's latest update.
    "action_ask_board": Rule(EDITOR, EDITOR, "action"),
    "action_board_outcome": Rule(EDITOR, EDITOR, "action"),  # after the board's meeting
    # The lead's key messages that open a board's pack.
    "key_messages_edit": Rule(EDITOR, EDITOR, "board"),
    # The service admin's pages (a user-level permission, not a role): superusers hold it;
    # tests/forms/test_service_admin.py checks a service admin who is not a superuser.
    "area_list": Rule(SUPERUSER, NO_POST, LIST),
    "area_add": Rule(SUPERUSER, SUPERUSER, LIST),
    "area_suspend": Rule(SUPERUSER, SUPERUSER, "borough"),
    # Borough admins make boards, change their scope and set their meetings (issue 27).
    "board_new": Rule(ADMIN, ADMIN, "borough"),
    "board_edit": Rule(ADMIN, ADMIN, "board"),
    "board_meetings": Rule(ADMIN, ADMIN, "board"),
    "board_members": Rule(ADMIN, ADMIN, "board"),  # add or remove who sits on it
    "milestone_add": Rule(EDITOR, EDITOR, "action"),
    "milestone_achieve": Rule(EDITOR, EDITOR, "milestone"),  # GET asks for the date
    "milestone_edit": Rule(EDITOR, EDITOR, "milestone"),
    "milestone_delete": Rule(EDITOR, EDITOR, "milestone"),
    "measure_value_add": Rule(EDITOR, EDITOR, "measure"),
    "measure_add": Rule(EDITOR, EDITOR, "plan"),
    "measure_edit": Rule(EDITOR, EDITOR, "measure"),
    "measure_value_edit": Rule(EDITOR, EDITOR, "measure_value"),
    "risk_add": Rule(EDITOR, EDITOR, LIST),  # adds to the current borough's register
    "risk_edit": Rule(EDITOR, EDITOR, "risk"),
    # Plan structure, imports and memberships: borough admins.
    "plan_structure": Rule(ADMIN, NO_POST, "plan"),
    "action_editor": Rule(ADMIN, ADMIN, "action"),
    "priority_add": Rule(ADMIN, ADMIN, "plan"),
    "priority_edit": Rule(ADMIN, ADMIN, "priority"),
    "objective_add": Rule(ADMIN, ADMIN, "priority"),
    "objective_edit": Rule(ADMIN, ADMIN, "objective"),
    "action_add": Rule(ADMIN, ADMIN, "priority"),
    "plan_import": Rule(ADMIN, ADMIN, "plan"),
    "plan_import_confirm": Rule(NO_POST, ADMIN, "plan"),
    "borough_import": Rule(ADMIN, ADMIN, "borough"),
    "borough_import_confirm": Rule(NO_POST, ADMIN, "borough"),
    "plan_import_map": Rule(NO_POST, ADMIN, "plan"),
    "borough_import_map": Rule(NO_POST, ADMIN, "borough"),
    # The grid step (issue 19): GET shows a stored file's rows; without a token, 400.
    "plan_import_grid": Rule(ADMIN, ADMIN, "plan"),
    "borough_import_grid": Rule(ADMIN, ADMIN, "borough"),
    "borough_members": Rule(ADMIN, ADMIN, "borough"),
    "measure_settings": Rule(ADMIN, ADMIN, "borough"),
    "flat_index": Rule(ADMIN, NO_POST, "borough"),
    "flat_export": Rule(ADMIN, NO_POST, "borough"),
    "flat_import": Rule(ADMIN, ADMIN, "borough"),
    "flat_import_confirm": Rule(NO_POST, ADMIN, "borough"),
    "borough_member_edit": Rule(ADMIN, ADMIN, "membership"),
    "borough_member_remove": Rule(ADMIN, ADMIN, "membership"),
    "invitation_withdraw": Rule(ADMIN, ADMIN, "invitation"),  # a waiting invitation
    # Reporting rounds: anyone lists them; editors see a round and write their updates;
    # borough admins open, extend and finalise; the priority lead or an admin reviews.
    "round_list": Rule(VIEWER, NO_POST, LIST),
    "round_open": Rule(ADMIN, ADMIN, "borough"),
    "review_setting": Rule(ADMIN, ADMIN, "borough"),
    "round_detail": Rule(EDITOR, NO_POST, "round"),
    "round_extend": Rule(ADMIN, ADMIN, "round"),
    "round_advance": Rule(NO_POST, ADMIN, "round"),
    "round_next": Rule(EDITOR, NO_POST, "round"),
    "round_update": Rule(EDITOR, EDITOR, "round"),
    "round_bulk": Rule(EDITOR, EDITOR, "round"),
    "review_queue": Rule(EDITOR, NO_POST, "round"),  # an editor who leads nothing: empty
    "update_review": Rule(ADMIN, ADMIN, "update"),  # editors who lead the priority too
    # Publishing a plan's public page: borough admins; a public summary: the priority's
    # lead (any role) or an admin.
    "public_publishing": Rule(ADMIN, NO_POST, "plan"),
    "public_preview": Rule(ADMIN, NO_POST, "plan"),
    "public_publish": Rule(NO_POST, ADMIN, "plan"),
    "public_name_consent": Rule(NO_POST, ADMIN, "plan"),
    "public_summary": Rule(ADMIN, ADMIN, "action"),
    # Co-production: partners (and every officer) read and comment; the lead or an admin
    # replies.
    "partner_plans": Rule(PARTNER, NO_POST, LIST, shows_own=True),
    "partner_plan": Rule(PARTNER, PARTNER, "plan"),
    "comment_reply": Rule(ADMIN, ADMIN, "comment"),
    # A named owner's own agreement to be named in public: anyone signed in, for the
    # owners their own account is linked to only (tests/public_pages/test_own_consent.py).
    "own_name_consent": Rule(PARTNER, PARTNER, ACCOUNT),
}

# --- The URL configuration, walked ---------------------------------------------------------


def _skipped(route):
    prefixes = ["admin/", settings.STATIC_URL.lstrip("/"), settings.MEDIA_URL.lstrip("/")]
    return any(p and route.startswith(p) for p in prefixes)


def _walk(patterns, prefix="", converters=()):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        names = converters + tuple(getattr(pattern.pattern, "converters", {}))
        if _skipped(route):
            continue
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route, names)
        elif isinstance(pattern, URLPattern):
            yield pattern.name, route, names


APP_URLS = sorted(_walk(get_resolver().url_patterns), key=lambda u: (u[0] or "", u[1]))
CHECKED_URLS = [u for u in APP_URLS if u[0] not in PUBLIC_URLS]


def test_every_url_of_the_app_has_a_name_and_a_declared_expectation():
    unnamed = [route for name, route, _ in APP_URLS if not name]
    assert not unnamed, f"Give these URLs a name so their permissions can be declared: {unnamed}"
    declared = set(EXPECTATIONS) | set(PUBLIC_URLS)
    missing = [(name, route) for name, route, _ in APP_URLS if name not in declared]
    assert not missing, _undeclared_message(missing)
    gone = declared - {name for name, _, _ in APP_URLS}
    assert not gone, f"Declared here but no longer in the URLconf; remove them: {sorted(gone)}"


def _undeclared_message(missing):
    listed = ", ".join(f"{name} (/{route})" for name, route in missing)
    return (
        f"New URL(s) with no declared permissions: {listed}. Add each to EXPECTATIONS in "
        "tests/security/test_authorisation_matrix.py with the lowest role that may GET and "
        "POST it and the object its converters point at, or to PUBLIC_URLS with a reason."
    )


# --- The world: one object of each kind in our borough and in theirs ----------------------

CAST = [
    "anonymous",
    "partner",
    "viewer",
    "editor",
    "borough_admin",
    "outsider",
    "dual",
    "superuser",
]
WORLDS = ["ours", "theirs"]
MARKER = {"ours": "ZQOURS", "theirs": "ZQTHEIRS"}
PASSWORD = "correct horse battery staple"  # noqa: S105


@dataclasses.dataclass
class World:
    borough: Borough
    plan: Plan
    priority: Priority
    objective: Objective
    action: Action
    milestone: Milestone
    measure: SuccessMeasure
    board: Board
    pack: object
    membership: Membership
    risk: Risk
    measure_value: MeasureValue
    cross_pack: object
    round: object
    update: object
    invitation: object = None
    comment: object = None


def _build_world(key, borough, *, editor_user):
    # Imported here, not at the top: it loads pygal, whose legacy sys.meta_path finder
    # breaks pytest's importlib collection of any test package collected after it.
    from reports import generation
    from reports import services as pack_services

    marker = MARKER[key]
    plan = Plan.objects.create(borough=borough, slug=f"plan-{key}", title=f"Plan {marker}")
    priority = Priority.objects.create(plan=plan, number="1", title=f"Priority {marker}")
    objective = Objective.objects.create(priority=priority, number="1.1", title="Objective")
    owner = Person.objects.create(borough=borough, name=f"Owner {marker}")
    action = Action.objects.create(
        plan=plan,
        priority=priority,
        objective=objective,
        reference=f"{marker}-1",
        description=f"Action {marker}",
        due_date=dt.date(2024, 6, 30),
    )
    action.owners.add(owner)
    action_update_status(action=action, user=editor_user, status="green", narrative="On track")
    milestone = Milestone.objects.create(action=action, title=f"Milestone {marker}")
    measure = SuccessMeasure.objects.create(plan=plan, description=f"Measure {marker}")
    board = Board.objects.create(borough=borough, slug=f"board-{key}", name=f"Board {marker}")
    pack = pack_services.pack_request(
        borough=borough, board=board, period=ReportingPeriod(2024, 1), user=editor_user
    )
    generation.pack_run(pack_id=pack.pk)
    pack.refresh_from_db()
    assert pack.status == PackStatus.READY, pack.error_message
    from reports import cross_services

    cross_pack = cross_services.cross_pack_request(
        boroughs=[borough], period=ReportingPeriod(2024, 1), user=editor_user
    )
    cross_services.cross_pack_run(pack_id=cross_pack.pk)
    cross_pack.refresh_from_db()
    assert cross_pack.status == PackStatus.READY, cross_pack.error_message
    member = get_user_model().objects.create_user(f"member-{key}", password=PASSWORD)
    membership = Membership.objects.create(user=member, borough=borough, role=Role.VIEWER)
    risk = Risk.objects.create(borough=borough, risk_id=f"R-{key}", description=f"Risk {marker}")
    value = MeasureValue.objects.create(measure=measure, date=dt.date(2024, 3, 31), value=1)
    reporting_round = round_open(borough=borough, period=ReportingPeriod(2024, 1), user=None)
    action.refresh_from_db()
    [update] = updates_record(
        user=editor_user,
        rows=[UpdateRow(action=action, expected_version=action.version, status="green")],
        date=dt.date(2024, 6, 30),
        review=True,
    )
    invitation = Invitation.objects.create(
        borough=borough,
        email=f"invited-{key}@example.org",
        role=Role.EDITOR,
        token_hash=f"{key:x<64}",
        invited_by=editor_user,
        expires_at=dt.datetime(2999, 1, 1, tzinfo=dt.UTC),
    )
    world = World(
        borough,
        plan,
        priority,
        objective,
        action,
        milestone,
        measure,
        board,
        pack,
        membership,
        risk,
        value,
        cross_pack,
        reporting_round,
        update,
    )
    world.invitation = invitation
    from reports.public import services as public_services

    world.comment = public_services.comment_add(
        plan=plan, user=editor_user, text=f"Comment {marker}", action=action
    )
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Made once for the module (two packs are rendered) and flushed afterwards."""
    with django_db_blocker.unblock():
        ours = Borough.objects.create(
            name="Hammersmith & Fulham", slug="hammersmith-fulham", gss_code="E09000013"
        )
        theirs = Borough.objects.create(name="Hackney", slug="hackney", gss_code="E09000012")
        make = get_user_model().objects.create_user
        users = {
            "partner": make("partner", password=PASSWORD),
            "viewer": make("viewer", password=PASSWORD),
            "editor": make("editor", password=PASSWORD),
            "borough_admin": make("boroughadmin", password=PASSWORD),
            "outsider": make("outsider", password=PASSWORD),
            # One person in two boroughs: a viewer of ours and an admin of theirs.
            "dual": make("dual", password=PASSWORD),
            "superuser": get_user_model().objects.create_superuser(
                "super", "super@example.org", PASSWORD
            ),
        }
        roles = {  # user -> {world: role}
            "partner": {"ours": PARTNER},
            "viewer": {"ours": VIEWER},
            "editor": {"ours": EDITOR},
            "borough_admin": {"ours": ADMIN},
            "outsider": {"theirs": ADMIN},
            "dual": {"ours": VIEWER, "theirs": ADMIN},
        }
        boroughs = {"ours": ours, "theirs": theirs}
        for name, held in roles.items():
            for key, role in held.items():
                Membership.objects.create(user=users[name], borough=boroughs[key], role=role)
        worlds = {
            "ours": _build_world("ours", ours, editor_user=users["editor"]),
            "theirs": _build_world("theirs", theirs, editor_user=users["outsider"]),
        }
    yield {"users": users, "roles": roles, "worlds": worlds}
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _kwargs(rule, converters, world):
    """Fill each converter of the URL from the object the rule names."""
    obj = getattr(world, rule.obj)
    values = {
        "pk": lambda: obj.pk,
        "slug": lambda: (obj.borough if rule.obj in ("membership", "invitation") else obj).slug,
        "name": lambda: "summary",  # pack_chart: the chart every pack has
        "kind": lambda: "risks",  # the flat registers: risks, measure-values, people
        "person_pk": lambda: Person.objects.filter(borough=world.borough).first().pk,
    }
    unknown = [c for c in converters if c not in values]
    assert not unknown, (
        f"No value for converter(s) {unknown}: teach _kwargs in this file what they mean."
    )
    return {c: values[c]() for c in converters}


# --- What each role should get --------------------------------------------------------------

SIGN_IN = resolve_url(settings.LOGIN_URL)


def _expected(level, user, role_here):
    """'login', '404', '403', 'allowed' or '405' for one request."""
    if level == PUBLIC:
        return "allowed"
    if user == "anonymous":
        return "login"
    if level is NO_POST:
        return "405"
    if user == "superuser":
        return "allowed"
    if level == SUPERUSER:
        return "403"
    if role_here is None:
        return "404"
    return "allowed" if RANK[role_here] >= RANK[level] else "403"


def _outcome(status, location):
    if status == 302 and location.startswith(SIGN_IN + "?next="):
        return "login"
    if status in (403, 404, 405):
        return str(status)
    if status in (200, 302, 400):
        return "allowed"
    return f"unexpected {status}"


def _fetch(client, method, url):
    """One request in a savepoint that is rolled back, so it changes nothing after it."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        if getattr(response, "streaming", False):
            # Reading it to the end closes the file, as the test client arranges; a
            # response.close() here would close the database connection too.
            body = b"".join(response.streaming_content)
        else:
            body = response.content
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", ""), body.decode("utf-8", "replace")


def _clients(users):
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def _ok(expected, got, level, user="", scoped=True):
    # A URL without POST may check sign-in or the method first; either refusal is fine.
    if level is NO_POST and expected in ("login", "404", "403") and got == "405":
        return True
    # A partner holds no officer role: officer pages do not find the borough's objects
    # (404), and officer lists show them nothing (checked by _list_leaks).
    if user == "partner" and expected == "403":
        return got in ("403", "404") or (got == "allowed" and not scoped)
    return expected == got


@pytest.mark.parametrize("name, route, converters", CHECKED_URLS, ids=[u[0] for u in CHECKED_URLS])
def test_each_url_refuses_and_allows_exactly_the_declared_roles(db, world, name, route, converters):
    assert name in EXPECTATIONS, _undeclared_message([(name, route)])
    rule = EXPECTATIONS[name]
    clients = _clients(world["users"])
    failures = []
    scoped = rule.obj not in (LIST, ACCOUNT)
    for key in WORLDS if scoped else ["ours"]:
        kwargs = _kwargs(rule, converters, world["worlds"][key]) if scoped else {}
        url = reverse(name, kwargs=kwargs) + rule.query
        for user in CAST:
            role_here = world["roles"].get(user, {}).get(key)
            if not scoped and user not in ("anonymous", "superuser"):
                role_here = max(world["roles"][user].values(), key=RANK.get)
            for method, level in (("get", rule.get), ("post", rule.post)):
                expected = _expected(level, user, role_here)
                status, location, body = _fetch(clients[user], method, url)
                got = _outcome(status, location)
                if not _ok(expected, got, level, user, scoped):
                    failures.append(
                        f"{method.upper()} {url} as {user} ({key} borough): expected "
                        f"{expected}, got {status} {location}".rstrip()
                    )
                if not scoped and method == "get" and got == "allowed":
                    failures += _list_leaks(rule, user, world["roles"], url, body)
    assert not failures, f"{name}: {len(failures)} wrong answer(s)\n" + "\n".join(failures)


def _list_leaks(rule, user, roles, url, body):
    """A list must show none of a borough the user has no role in, and (if it lists
    things) the rows of the boroughs they do belong to."""
    if user in ("anonymous", "superuser"):
        return []
    problems = []
    for key in WORLDS:
        member = key in roles[user] and RANK[roles[user][key]] >= RANK[rule.get]
        if not member and MARKER[key] in body:
            problems.append(f"GET {url} as {user} shows the {key} borough's {MARKER[key]}")
        if member and rule.shows_own and MARKER[key] not in body:
            problems.append(f"GET {url} as {user} does not show their own {MARKER[key]}")
    return problems


@pytest.mark.parametrize("name", sorted(PUBLIC_URLS))
def test_public_urls_answer_anonymous_visitors_without_sending_them_to_sign_in(db, client, name):
    response = client.get(reverse(name, kwargs=PUBLIC_KWARGS.get(name)))
    if name in PUBLIC_PLAN_URLS:
        # No plan of that name is published: not found, never a sign-in or a refusal.
        assert response.status_code == 404
        return
    if name == "invitation_accept":
        # A made-up token is no invitation: a plain "this link does not work" page.
        assert response.status_code == 404
        assert "This invitation link does not work" in response.content.decode()
        return
    if name in ("sso_start", "sso_callback"):
        # A made-up provider is none: no redirect anywhere (tests/security/test_sso.py
        # signs in through a real one).
        assert response.status_code == 404
        return
    if name == "sso_signed_out":
        # Nobody has just signed out of a provider here: back to the sign-in page.
        assert response.status_code == 302 and response["Location"] == reverse("login")
        return
    assert response.status_code in (200, 405), response.status_code
    if name == "logout":
        assert client.post(reverse(name)).status_code in (200, 302)


# --- The admin: every URL needs a staff sign-in ---------------------------------------------

ADMIN_PUBLIC = {
    "login": "the admin's own sign-in page",
    "logout": "redirects to the admin index, which then asks for a staff sign-in",
}
ADMIN_VALUES = {
    "app_label": "actions",
    "object_id": "1",
    "id": "1",  # the user admin's password page
    "content_type_id": "1",
    "fmt": "xlsx",  # the plan spreadsheet export
    "pk": "1",  # django-otp's device pages
}


def _admin_walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _admin_walk(pattern.url_patterns, route)
        else:
            yield pattern.name, route, pattern


ADMIN_URLS = sorted(
    ((n or "catch-all", r, p) for n, r, p in _admin_walk(admin.site.urls[0])),
    key=lambda u: (u[0], u[1]),
)


def _admin_path(name, pattern):
    if name == "catch-all":
        return "/admin/no-such-page/"
    regex = pattern.pattern.regex
    unknown = set(regex.groupindex) - set(ADMIN_VALUES)
    assert not unknown, f"admin:{name}: add a value for {unknown} to ADMIN_VALUES"
    named = {k: ADMIN_VALUES[k] for k in regex.groupindex}
    unnamed = regex.groups - len(regex.groupindex)
    if named:
        return reverse(f"admin:{name}", kwargs=named)
    return reverse(f"admin:{name}", args=["1"] * unnamed)


def _is_admin_sign_in(response):
    return response.status_code == 302 and re.match(
        re.escape(reverse("admin:login")) + r"\?next=", response["Location"]
    )


@pytest.mark.parametrize(
    "name, route, pattern", ADMIN_URLS, ids=[f"{u[0]}:{u[1]}" for u in ADMIN_URLS]
)
def test_every_admin_url_sends_anonymous_visitors_and_non_staff_to_the_admin_sign_in(
    db, client, name, route, pattern
):
    if name in ADMIN_PUBLIC:
        pytest.skip(ADMIN_PUBLIC[name])
    url = _admin_path(name, pattern)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert _is_admin_sign_in(response), f"{method.upper()} {url}: {response.status_code}"
    # Signed in, but not staff (made here: the module's world already holds the cast).
    client.force_login(get_user_model().objects.create_user("not-staff", password=PASSWORD))
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert _is_admin_sign_in(response), f"{method.upper()} {url} as a non-staff member"
