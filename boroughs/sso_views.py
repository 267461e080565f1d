"""The single sign-on pages: the sign-in page's "Sign in with <organisation>" buttons, the
start of a sign-in, the provider's way back, and signing out of the provider too.

The protocol is boroughs/sso.py; who the person is, boroughs/sso_accounts.py. Every
refusal is a page with one plain sentence and a way back to the sign-in page.
"""

import logging

from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from boroughs import security
from boroughs.sso import (
    SignInRefused,
    claims_from_callback,
    logout_url,
    redirect_to_provider,
    used_second_factor,
)
from boroughs.sso_accounts import sso_account_for
from boroughs.sso_models import IdentityProvider
from sendplan import sessions

log = logging.getLogger(__name__)

# Session keys.
PROVIDER = "sendplan_sso_provider"
ID_TOKEN = "sendplan_sso_id_token"  # noqa: S105 (a session key) kept for the provider's sign-out (id_token_hint)
NEXT = "sendplan_sso_next"
SIGNED_OUT = "sendplan_sso_signed_out"

BACKEND = "django.contrib.auth.backends.ModelBackend"


class SignInView(auth_views.LoginView):
    """Django's sign-in page, with a button for each organisation's own sign-in."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = IdentityProvider.objects.filter(active=True)
        return context


class SignOutView(auth_views.LogoutView):
    """Sign out of sendplan; after single sign-on, offer to sign out of the provider too."""

    def post(self, request, *args, **kwargs):
        key, id_token = request.session.get(PROVIDER), request.session.get(ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if key:
            request.session[SIGNED_OUT] = {"key": key, "id_token": id_token}
            return redirect("sso_signed_out")
        return response


def _provider(key):
    provider = IdentityProvider.objects.filter(key=key, active=True).first()
    if provider is None:
        raise Http404("No such sign-in")
    return provider


def _refused(request, provider, message, status=403):
    context = {"provider": provider, "message": message}
    return render(request, "boroughs/sso/refused.html", context, status=status)


def _safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@require_GET
def sso_start(request, key):
    """Send the browser to the organisation's provider to sign in."""
    provider = _provider(key)
    request.session[NEXT] = _safe_next(request, request.GET.get("next", ""))
    callback = request.build_absolute_uri(reverse("sso_callback", args=[provider.key]))
    try:
        return redirect_to_provider(request, provider, callback)
    except SignInRefused as refusal:
        return _refused(request, provider, str(refusal), status=503)


@require_GET
def sso_callback(request, key):
    """The provider sends the browser back here with a code: check everything, sign in."""
    provider = _provider(key)
    try:
        claims, token = claims_from_callback(request, provider)
        user = sso_account_for(provider=provider, claims=claims)
    except SignInRefused as refusal:
        return _refused(request, provider, str(refusal))
    if user is None:
        message = (
            f"Your {provider.name} account does not give you access to any borough in "
            "sendplan (or no longer does), so you have not been signed in. If you think this "
            "is wrong, ask the SEND lead in your borough."
        )
        return _refused(request, provider, message)
    next_url = request.session.pop(NEXT, "")
    login(request, user, backend=BACKEND)
    session = request.session
    session[PROVIDER] = provider.key
    session[ID_TOKEN] = token.get("id_token", "")
    # The session ends when the provider's ID token does (or sooner, when idle).
    session[sessions.SSO_UNTIL] = claims.get("exp")
    if used_second_factor(provider, claims):
        session[security.TWO_FACTOR] = security.TWO_FACTOR_OK
    log.info("SSO %s: signed in %s", provider.key, user.get_username())
    return redirect(next_url or "home")


@require_GET
def sso_signed_out(request):
    """Signed out of sendplan: a link to sign out of the organisation's account too."""
    info = request.session.pop(SIGNED_OUT, None)
    provider = IdentityProvider.objects.filter(key=(info or {}).get("key")).first()
    if provider is None:
        return redirect("login")
    try:
        url = logout_url(
            request,
            provider,
            id_token=info.get("id_token"),
            post_logout_redirect_uri=request.build_absolute_uri(reverse("login")),
        )
    except SignInRefused:
        url = ""
    return render(request, "boroughs/sso/signed_out.html", {"provider": provider, "url": url})
