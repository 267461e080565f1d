"""Single sign-on (OpenID Connect) against a real provider: the `oidc-provider` npm package
started by tests/oidc_provider.py on a loopback port, with these test users.

sendplan is driven with Django's test client; the provider's sign-in form is filled in
over HTTP. The bad ID tokens a certified provider will not issue are forged in this
process (ForgingProvider) and must each be refused with a plain message, creating nothing.
"""

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import security
from boroughs.models import IdentityProvider, Invitation, Membership, Role, SsoLink, SsoRule
from boroughs.services import membership_change_role
from sendplan import sessions
from tests.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    ForgingProvider,
    NodeProvider,
    query_of,
    sign_in_at_provider,
)

PASSWORD = "provider-test-password"
CALLBACK = "http://testserver/sign-in/sso/council/callback/"
FORGED_CALLBACK = "http://testserver/sign-in/sso/forged/callback/"


def person(email, *, groups=(), verified=True, amr=("pwd",), name="Test Person"):
    return {
        "password": PASSWORD,
        "email": email,
        "email_verified": verified,
        "name": name,
        "groups": list(groups),
        "amr": list(amr),
    }


# Test data: every person here is invented.
USERS = {
    "erin": person("erin@council.test", name="Erin Editor"),
    "newcomer": person("newcomer@council.test"),
    "grouped": person("grouped@partner.test", groups=["send-board"]),
    "stranger": person("stranger@partner.test"),
    "unverified": person("unverified@council.test", verified=False),
    "invited": person("invited@partner.test"),
    "mfa": person("erin@council.test", amr=("pwd", "mfa")),
}


@pytest.fixture(scope="module")
def idp():
    provider = NodeProvider(users=USERS, redirect_uris=[CALLBACK])
    yield provider
    provider.stop()


@pytest.fixture
def council(db, idp, settings):
    settings.SSO_CLIENT_SECRETS = {"COUNCIL": CLIENT_SECRET, "FORGED": CLIENT_SECRET}
    return IdentityProvider.objects.create(
        key="council",
        name="Test Council",
        discovery_url=idp.discovery_url,
        client_id=CLIENT_ID,
        email_domains="council.test, partner.test",
    )


def sign_in(client, login, *, key="council"):
    """Start at sendplan, sign in at the provider as `login`, come back: the response."""
    start = client.get(f"/sign-in/sso/{key}/")
    assert start.status_code == 302, start.content
    callback = sign_in_at_provider(
        start["Location"], login=login, password=PASSWORD, stop_at=CALLBACK
    )
    return client.get(callback), callback


def signed_in(client):
    return SESSION_KEY in client.session


def refused(response, words):
    assert response.status_code == 403, response.content
    text = response.content.decode()
    assert "You have not been signed in" in text
    assert words in text, text


# --- Accounts and memberships -----------------------------------------------------------


def test_an_existing_account_with_the_same_verified_email_is_linked_and_keeps_its_role(
    council, editor, borough
):
    editor.email = "Erin@council.test"
    editor.save()
    client = Client()
    response, _ = sign_in(client, "erin")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(editor.pk)
    assert SsoLink.objects.get(provider=council).user == editor
    assert Membership.objects.get(user=editor).role == Role.EDITOR
    assert client.get("/").status_code == 200


def test_a_domain_rule_admits_a_new_person_with_its_role(council, borough):
    SsoRule.objects.create(
        provider=council, borough=borough, email_domain="council.test", role=Role.EDITOR
    )
    client = Client()
    response, _ = sign_in(client, "newcomer")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="newcomer@council.test")
    assert not user.has_usable_password()
    assert Membership.objects.get(user=user, borough=borough).role == Role.EDITOR
    assert signed_in(client)


def test_nobody_is_created_for_a_person_no_rule_or_invitation_admits(council, borough):
    SsoRule.objects.create(provider=council, borough=borough, email_domain="council.test")
    client = Client()
    response, _ = sign_in(client, "stranger")
    refused(response, "Ask the SEND lead in your borough to invite you")
    assert not get_user_model().objects.filter(email="stranger@partner.test").exists()
    assert not SsoLink.objects.exists() and not signed_in(client)


def test_an_open_invitation_admits_a_new_person(council, borough, borough_admin):
    Invitation.objects.create(
        borough=borough,
        email="invited@partner.test",
        role=Role.VIEWER,
        token_hash="x" * 64,
        invited_by=borough_admin,
        expires_at="2999-01-01T00:00Z",
    )
    client = Client()
    response, _ = sign_in(client, "invited")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="invited@partner.test")
    assert Membership.objects.get(user=user).borough == borough
    assert Invitation.objects.get().accepted_by == user


def test_a_person_removed_from_the_group_loses_access_at_their_next_sign_in(council, borough, idp):
    SsoRule.objects.create(provider=council, borough=borough, group="send-board")
    response, _ = sign_in(Client(), "grouped")
    assert response.status_code == 302
    user = get_user_model().objects.get(email="grouped@partner.test")
    assert Membership.objects.filter(user=user, borough=borough).exists()
    try:
        idp.set_users({**USERS, "grouped": person("grouped@partner.test", groups=[])})
        client = Client()
        response, _ = sign_in(client, "grouped")
    finally:
        idp.set_users(USERS)
    refused(response, "does not give you access to any borough")
    assert not Membership.objects.filter(user=user).exists() and not signed_in(client)


def test_a_support_account_with_the_same_email_is_never_signed_in_by_the_provider(council, editor):
    editor.email, editor.is_staff = "erin@council.test", True
    editor.save()
    client = Client()
    response, _ = sign_in(client, "erin")
    refused(response, "is a support account")
    assert not SsoLink.objects.exists() and not signed_in(client)


def test_a_role_a_borough_admin_chose_is_kept_at_the_next_sign_in(council, borough, borough_admin):
    SsoRule.objects.create(
        provider=council, borough=borough, email_domain="council.test", role=Role.VIEWER
    )
    sign_in(Client(), "newcomer")
    membership = Membership.objects.get(user__email="newcomer@council.test")
    membership_change_role(membership=membership, user=borough_admin, role=Role.EDITOR)
    response, _ = sign_in(Client(), "newcomer")
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.EDITOR and hasattr(membership, "sso_grant")


def test_a_person_disabled_at_the_provider_cannot_get_back_to_sendplan(council, idp):
    client = Client()
    start = client.get("/sign-in/sso/council/")
    try:
        idp.set_users({**USERS, "erin": {**USERS["erin"], "disabled": True}})
        answer = sign_in_at_provider(
            start["Location"], login="erin", password=PASSWORD, stop_at=CALLBACK
        )
    finally:
        idp.set_users(USERS)
    assert answer.status_code == 400 and "do not match an active account" in answer.text


def test_a_rule_never_makes_people_admins_unless_an_admin_confirmed_it(council, borough):
    rule = SsoRule(provider=council, borough=borough, email_domain="council.test", role=Role.ADMIN)
    with pytest.raises(ValidationError, match="tick the box"):
        rule.full_clean()
    rule.admin_confirmed = True
    rule.full_clean()


# --- Second factor and session length ---------------------------------------------------


def test_a_provider_that_says_mfa_was_used_is_not_asked_for_sendplans_code(
    council, editor, borough
):
    editor.email = "erin@council.test"
    editor.save()
    TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    without, with_mfa = Client(), Client()
    sign_in(without, "erin")
    sign_in(with_mfa, "mfa")
    assert without.session[security.TWO_FACTOR] == security.TWO_FACTOR_VERIFY
    assert without.get("/")["Location"].startswith("/sign-in/code/")
    assert with_mfa.session[security.TWO_FACTOR] == security.TWO_FACTOR_OK
    assert with_mfa.get("/").status_code == 200


def test_the_session_ends_when_the_providers_id_token_does(council, editor, monkeypatch, settings):
    settings.SESSION_COOKIE_AGE = 2 * 3600  # idle sign-out later than the token's hour
    editor.email = "erin@council.test"
    editor.save()
    client = Client()
    sign_in(client, "erin")
    until = client.session[sessions.SSO_UNTIL]
    monkeypatch.setattr(sessions, "now", lambda: until - 1)
    assert client.get("/").status_code == 200
    monkeypatch.setattr(sessions, "now", lambda: until + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert not signed_in(client)


def test_a_borough_requiring_sso_refuses_the_password_route_for_its_domain(council, editor):
    editor.email = "erin@council.test"
    editor.save()
    council.require_sso = True
    council.save()
    response = Client().post(
        "/sign-in/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 200
    assert "Use the Sign in with Test Council button" in response.content.decode()
    # A wrong password gets the plain refusal: nothing says the username exists.
    wrong = Client().post("/sign-in/", {"username": "editor", "password": "not the password"})
    assert "Use the Sign in with" not in wrong.content.decode()
    assert "sso_required" not in repr(wrong.context["form"].errors.as_data())
    # An address typed in the domain is sent to the provider whatever the password.
    typed = Client().post("/sign-in/", {"username": "someone@council.test", "password": "x"})
    assert "Use the Sign in with Test Council button" in typed.content.decode()
    council.require_sso = False
    council.save()
    response = Client().post(
        "/sign-in/", {"username": "editor", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302


def test_the_sign_in_page_offers_each_organisations_button_and_sign_out_offers_its_own(
    council, editor
):
    page = Client().get("/sign-in/").content.decode()
    assert "Sign in with Test Council" in page and "@council.test" in page
    editor.email = "erin@council.test"
    editor.save()
    client = Client()
    sign_in(client, "erin")
    response = client.post("/sign-out/", follow=True)
    assert not signed_in(client)
    text = response.content.decode()
    assert "Sign out of Test Council too" in text
    assert f"{council.discovery_url.rsplit('/.well-known', 1)[0]}/session/end?" in text
    assert "id_token_hint=" in text


# --- Refusals: each with a plain message, nothing created -------------------------------


def assert_nothing_created(client):
    assert not signed_in(client)
    assert not SsoLink.objects.exists()
    assert not get_user_model().objects.exists()


def test_a_callback_with_the_wrong_state_is_refused(council, borough):
    SsoRule.objects.create(provider=council, borough=borough, email_domain="council.test")
    client = Client()
    start = client.get("/sign-in/sso/council/")
    callback = sign_in_at_provider(
        start["Location"], login="newcomer", password=PASSWORD, stop_at=CALLBACK
    )
    response = client.get(callback.replace(f"state={query_of(callback)['state']}", "state=forged"))
    refused(response, "already been used or has expired")
    assert_nothing_created(client)


def test_a_replayed_code_is_refused(council, borough):
    SsoRule.objects.create(provider=council, borough=borough, email_domain="council.test")
    first = Client()
    response, callback = sign_in(first, "newcomer")
    assert response.status_code == 302
    # The same callback again: its state was used up.
    refused(first.get(callback), "already been used or has expired")
    # The code under a fresh state from another browser: the provider refuses it.
    second = Client()
    state = query_of(second.get("/sign-in/sso/council/")["Location"])["state"]
    code = query_of(callback)["code"]
    response = second.get(f"/sign-in/sso/council/callback/?code={code}&state={state}")
    refused(response, "already been used")
    assert not signed_in(second)
    assert get_user_model().objects.count() == 1


def test_an_email_the_provider_has_not_verified_is_refused(council, borough):
    SsoRule.objects.create(provider=council, borough=borough, email_domain="council.test")
    client = Client()
    response, _ = sign_in(client, "unverified")
    refused(response, "has not confirmed that unverified@council.test is your address")
    assert_nothing_created(client)


@pytest.fixture(scope="module")
def forger():
    provider = ForgingProvider()
    yield provider
    provider.stop()


@pytest.fixture
def forged(db, forger, settings, borough):
    settings.SSO_CLIENT_SECRETS = {"FORGED": CLIENT_SECRET}
    provider = IdentityProvider.objects.create(
        key="forged",
        name="Forged Council",
        discovery_url=forger.discovery_url,
        client_id=CLIENT_ID,
        email_domains="council.test",
    )
    SsoRule.objects.create(provider=provider, borough=borough, email_domain="council.test")
    return provider


def forged_sign_in(forger, token_for):
    """Start a sign-in, answer it with the ID token `token_for(nonce)`: the response."""
    client = Client()
    query = query_of(client.get("/sign-in/sso/forged/")["Location"])
    nonce, state = query["nonce"], query["state"]
    forger.id_token = token_for(nonce)
    return client, client.get(f"/sign-in/sso/forged/callback/?code=forged&state={state}")


def test_a_well_forged_token_signed_by_the_providers_key_is_accepted(forged, forger):
    # The control: the same path with nothing wrong signs in, so each refusal below is
    # for the one thing each test changes.
    client, response = forged_sign_in(forger, lambda n: forger.signed(forger.claims(nonce=n)))
    assert response.status_code == 302 and signed_in(client)


BAD_TOKENS = {
    "wrong nonce": lambda f, n: f.signed(f.claims(nonce="another-sign-in")),
    "expired": lambda f, n: f.signed(f.claims(nonce=n, expires_in=-600)),
    "wrong audience": lambda f, n: f.signed(f.claims(nonce=n, audience="another-client")),
    "wrong audience and azp": lambda f, n: f.signed(
        f.claims(nonce=n, audience="another-client", azp="another-client")
    ),
    "another audience naming us as azp": lambda f, n: f.signed(
        f.claims(nonce=n, audience="another-client", azp=CLIENT_ID)
    ),
    "another issuer": lambda f, n: f.signed(f.claims(nonce=n, iss="http://127.0.0.1:1")),
    "alg none": lambda f, n: f.alg_none(f.claims(nonce=n)),
    "unsigned": lambda f, n: f.unsigned(f.claims(nonce=n)),
    "signed by another key": lambda f, n: f.signed_by_stranger(f.claims(nonce=n)),
    "signed with the client secret": lambda f, n: f.hmac_signed(f.claims(nonce=n), CLIENT_SECRET),
}


@pytest.mark.parametrize("case", BAD_TOKENS)
def test_a_bad_id_token_is_refused_and_creates_nothing(forged, forger, case):
    client, response = forged_sign_in(forger, lambda nonce: BAD_TOKENS[case](forger, nonce))
    refused(response, "could not confirm who you are from Forged Council")
    assert_nothing_created(client)


def test_an_account_switched_off_in_sendplan_is_refused_at_single_sign_on_too(council, editor):
    editor.email = "erin@council.test"
    editor.is_active = False
    editor.save()
    client = Client()
    response, _ = sign_in(client, "erin")
    refused(response, "Your sendplan account has been switched off")
    assert not signed_in(client) and not SsoLink.objects.exists()


def test_a_provider_whose_secret_is_not_set_on_this_server_says_so(council, settings):
    settings.SSO_CLIENT_SECRETS = {}
    response = Client().get("/sign-in/sso/council/")
    assert response.status_code == 503
    assert "not set up on this server yet" in response.content.decode()


def test_an_invitation_whose_sender_may_no_longer_invite_admits_nobody(
    council, borough, borough_admin
):
    Invitation.objects.create(
        borough=borough,
        email="invited@partner.test",
        role=Role.VIEWER,
        token_hash="y" * 64,
        invited_by=borough_admin,
        expires_at="2999-01-01T00:00Z",
    )
    Membership.objects.filter(user=borough_admin).update(role=Role.VIEWER)
    client = Client()
    response, _ = sign_in(client, "invited")
    refused(response, "does not give you access to any borough")
    assert not get_user_model().objects.filter(email="invited@partner.test").exists()
    assert not SsoLink.objects.exists() and not signed_in(client)
