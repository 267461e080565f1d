"""OpenID Connect sign-in, through Authlib's Django client (authlib.integrations.django_client).

Authlib does the protocol: the authorisation-code flow with PKCE (S256), a `state` and a
`nonce` kept in the session and checked on the way back (each usable once), the code
exchanged at the token endpoint, and the ID token's signature checked against the
provider's published keys (JWKS) and its claims (iss, aud, azp, exp, iat, nonce, at_hash)
validated. On top of that this module:

* builds one client per provider from its database row and its secret from the
  environment (settings.SSO_CLIENT_SECRETS), several providers side by side;
* accepts only asymmetric signatures (RS/PS/ES/EdDSA), whatever the provider advertises:
  never `alg: none`, never a token signed with the client secret;
* refuses a response without an ID token, and turns every failure into one plain
  sentence for the person (the technical reason goes to the log).

The accounts and memberships a sign-in leads to are boroughs/sso_accounts.py; the pages
boroughs/sso_views.py.
"""

import logging

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError
from requests import RequestException

log = logging.getLogger(__name__)

SCOPE = "openid email profile"
SAFE_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
# amr values (RFC 8176) that mean a second factor was used.
MFA_AMR = {"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "sc", "tel"}

_clients = {}


class SignInRefused(Exception):
    """A sign-in that must not go ahead; str() is the message shown to the person."""


def client_for(provider):
    """The Authlib client for `provider`, made once per configuration (secret included)."""
    secret = provider.client_secret()
    if not secret:
        log.error("SSO provider %s has no secret: set %s", provider.key, provider.secret_variable)
        raise SignInRefused(
            f"Signing in with {provider.name} is not set up on this server yet. "
            "Sign in with your password, or ask your IT team."
        )
    fingerprint = (provider.key, provider.discovery_url, provider.client_id, secret)
    client = _clients.get(fingerprint)
    if client is None:
        oauth = OAuth()
        oauth.register(
            name=f"sso-{provider.key}",
            client_id=provider.client_id,
            client_secret=secret,
            server_metadata_url=provider.discovery_url,
            client_kwargs={
                "scope": SCOPE,
                "code_challenge_method": "S256",
                "default_timeout": settings.SSO_HTTP_TIMEOUT,
            },
        )
        client = oauth.create_client(f"sso-{provider.key}")
        _clients[fingerprint] = client
    _load_metadata(client, provider)
    return client


def _load_metadata(client, provider):
    if "_sendplan_algs" in client.server_metadata:
        return
    try:
        metadata = client.load_server_metadata()
    except (RequestException, ValueError) as error:
        log.warning("SSO provider %s: discovery failed: %s", provider.key, error)
        raise SignInRefused(
            f"{provider.name} did not answer. Try again in a few minutes, or sign in with "
            "your password."
        ) from error
    advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    metadata["id_token_signing_alg_values_supported"] = [a for a in advertised if a in SAFE_ALGS]
    metadata["_sendplan_algs"] = True


def redirect_to_provider(request, provider, redirect_uri):
    """The redirect that starts a sign-in at `provider` (state, nonce and PKCE in the session)."""
    return client_for(provider).authorize_redirect(request, redirect_uri)


def claims_from_callback(request, provider):
    """Finish the flow `provider` sent the browser back from: the ID token's checked claims.

    Raises SignInRefused with a plain message for every failure: an error from the
    provider, an unknown or reused state, a code refused at the token endpoint (a
    replayed one), or an ID token that is unsigned, wrongly signed, expired, for another
    client, or for another sign-in (nonce).
    """
    client = client_for(provider)
    if request.GET.get("error"):
        log.info("SSO %s: provider returned %s", provider.key, request.GET.get("error"))
        raise SignInRefused(f"{provider.name} did not sign you in. Try again.")
    try:
        token = client.authorize_access_token(request, claims_options=_claims_options(client))
    except (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError) as error:
        log.warning("SSO %s: sign-in refused: %r", provider.key, error)
        raise SignInRefused(_message_for(error, provider)) from error
    claims = token.get("userinfo")
    if not claims:
        log.warning("SSO %s: no ID token in the token response", provider.key)
        raise SignInRefused(f"{provider.name} did not send proof of who you are. Try again.")
    claims = dict(claims)
    if not claims.get("email"):
        claims = _with_userinfo(client, provider, token, claims)
    return claims, token


def _with_userinfo(client, provider, token, claims):
    """The ID token's claims, with what the provider's userinfo endpoint adds.

    Providers that follow OpenID Connect Core 5.4 to the letter put the email scope's
    claims only there, not in the ID token. Its answer counts only for the subject the
    signed ID token names (Core 5.3.2), and never replaces what the ID token said.
    """
    if not client.server_metadata.get("userinfo_endpoint") or not token.get("access_token"):
        return claims
    try:
        found = dict(client.userinfo(token=token))
    except (AuthlibBaseError, RequestException, ValueError) as error:
        log.warning("SSO %s: userinfo refused: %r", provider.key, error)
        raise SignInRefused(
            f"{provider.name} did not tell sendplan who you are. Try again."
        ) from error
    if found.get("sub") != claims.get("sub"):
        log.warning("SSO %s: userinfo is for another subject", provider.key)
        raise SignInRefused(f"{provider.name} did not send proof of who you are. Try again.")
    return found | claims


def _claims_options(client):
    """The issuer must be the provider's and the audience must include this client.

    Authlib checks `azp` but, left to itself, not that `aud` names us: an ID token
    issued to another client naming us as `azp` would pass.
    """
    return {
        "iss": {"essential": True, "value": client.server_metadata["issuer"]},
        "aud": {"essential": True, "value": client.client_id},
    }


def _message_for(error, provider):
    name = getattr(error, "error", "") or type(error).__name__
    if name == "mismatching_state":
        return (
            "This sign-in link has already been used or has expired. "
            f"Start again with the Sign in with {provider.name} button."
        )
    if name == "invalid_grant":
        return "That sign-in had already been used. Start again."
    return (
        f"sendplan could not confirm who you are from {provider.name}'s answer, so you have "
        "not been signed in. Try again; if it happens again, tell your IT team."
    )


def used_second_factor(provider, claims):
    """Whether the ID token says the person used a second factor (amr or acr)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if MFA_AMR & {str(value).lower() for value in amr}:
        return True
    acr = claims.get("acr")
    return bool(acr) and acr in provider.acr_values()


def logout_url(request, provider, *, id_token, post_logout_redirect_uri):
    """The provider's end-session address (RP-initiated logout), or "" if it has none."""
    client = client_for(provider)
    if not client.server_metadata.get("end_session_endpoint"):
        return ""
    return client.create_logout_url(
        post_logout_redirect_uri=post_logout_redirect_uri,
        id_token_hint=id_token,
        client_id=provider.client_id,
    )["url"]
