"""Single sign-on with a provider that gives the email only at its userinfo endpoint.

OpenID Connect Core 5.4 puts the email and profile scopes' claims at userinfo, not in
the ID token, when an access token is issued; some providers do exactly that. The real
`oidc-provider` package (tests/oidc_provider.py) is started that way here, so the ID
token names only the subject and sendplan must ask userinfo for the rest.
"""

import base64
import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from boroughs.models import IdentityProvider, Membership, Role, SsoLink, SsoRule
from boroughs.sso_views import ID_TOKEN
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, NodeProvider, sign_in_at_provider

PASSWORD = "provider-test-password"
CALLBACK = "http://testserver/sign-in/sso/strict/callback/"


def person(email, *, verified=True):
    return {
        "password": PASSWORD,
        "email": email,
        "email_verified": verified,
        "name": "Test Person",
        "groups": [],
        "amr": ["pwd"],
    }


# Test data: every person here is invented.
USERS = {
    "erin": person("erin@strict.test"),
    "newcomer": person("newcomer@strict.test"),
    "unverified": person("unverified@strict.test", verified=False),
}


@pytest.fixture(scope="module")
def idp():
    provider = NodeProvider(users=USERS, redirect_uris=[CALLBACK], claims_only_at_userinfo=True)
    yield provider
    provider.stop()


@pytest.fixture
def strict(db, idp, settings):
    settings.SSO_CLIENT_SECRETS = {"STRICT": CLIENT_SECRET}
    return IdentityProvider.objects.create(
        key="strict",
        name="Strict Provider",
        discovery_url=idp.discovery_url,
        client_id=CLIENT_ID,
        email_domains="strict.test",
    )


def sign_in(client, login):
    start = client.get("/sign-in/sso/strict/")
    assert start.status_code == 302, start.content
    callback = sign_in_at_provider(
        start["Location"], login=login, password=PASSWORD, stop_at=CALLBACK
    )
    return client.get(callback)


def id_token_claims(client):
    payload = client.session[ID_TOKEN].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_an_existing_account_is_linked_by_the_email_userinfo_gives(strict, editor):
    editor.email = "erin@strict.test"
    editor.save()
    client = Client()
    response = sign_in(client, "erin")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(editor.pk)
    # The signed ID token itself carried no email: it came from userinfo.
    assert "email" not in id_token_claims(client)
    assert SsoLink.objects.get(provider=strict).user == editor


def test_a_domain_rule_admits_a_newcomer_known_only_through_userinfo(strict, borough):
    SsoRule.objects.create(provider=strict, borough=borough, email_domain="strict.test")
    client = Client()
    assert sign_in(client, "newcomer").status_code == 302
    membership = Membership.objects.get(user__email="newcomer@strict.test")
    assert (membership.borough, membership.role) == (borough, Role.VIEWER)


def test_an_address_userinfo_does_not_vouch_for_is_still_refused(strict, borough):
    SsoRule.objects.create(provider=strict, borough=borough, email_domain="strict.test")
    client = Client()
    response = sign_in(client, "unverified")
    assert response.status_code == 403
    assert "has not confirmed that unverified@strict.test is your address" in (
        response.content.decode()
    )
    assert SESSION_KEY not in client.session
    assert not Membership.objects.filter(user__email="unverified@strict.test").exists()
