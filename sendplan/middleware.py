"""Middleware every page passes through: the Content Security Policy's two exceptions,
and sign-out after inactivity.

The idle check reads only the session, which every signed-in page loads anyway, so an
ordinary page costs no extra query. The session is written (one UPDATE) at most once a
minute per person, to push its expiry forward. The second factor owed after a password is
boroughs/middleware.py (it needs to know who is a borough admin).
"""

from urllib.parse import quote

from csp.constants import NONE, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse

from sendplan import sessions

# An SVG document (a board pack chart) styles itself with a <style> element; pygal has
# no other way. It gets its own, narrower policy: its styles apply, nothing else loads
# and no script runs. Browsers apply the header when the chart is opened on its own.
SVG_POLICY = {
    "default-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "frame-ancestors": [NONE],
}

# Django's admin (and the admin pages of django-import-export and django-simple-history)
# still carries a few style="" attributes and one <style> element. Styles, never scripts,
# are relaxed, and only under the admin.
ADMIN_STYLE_RELAXATION = {"style-src": [UNSAFE_INLINE]}

# A session is written again at most this often, in seconds: enough to keep an active
# person signed in, rare enough that pages keep their pinned query counts.
REFRESH_EVERY = 60


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the settings' policy, and two narrow exceptions."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if response.get("Content-Type", "").startswith("image/svg+xml"):
            parts.config = SVG_POLICY
        elif request.path_info.startswith(_admin_prefix()):
            parts.update = {**(parts.update or {}), **ADMIN_STYLE_RELAXATION}
        return parts


def _admin_prefix():
    return reverse("admin:index")


class SessionIdleTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_MINUTES without a request.

    SESSION_COOKIE_AGE is the same window, so the stored session and the cookie expire
    too; this middleware adds the message and refreshes an active session's expiry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        now = sessions.now()
        last_seen = session.get(sessions.LAST_SEEN)
        if last_seen is not None and now - last_seen > settings.SESSION_COOKIE_AGE:
            return self._expired(request)
        until = session.get(sessions.SSO_UNTIL)
        if until is not None and now >= until:
            return self._expired(
                request,
                "Your organisation's sign-in has expired, so you were signed out of sendplan. "
                "Sign in again to carry on.",
            )
        if last_seen is None or now - last_seen > REFRESH_EVERY:
            session[sessions.LAST_SEEN] = now  # saved after the response, with a new expiry
        return self.get_response(request)

    def _expired(self, request, message=None):
        logout(request)
        minutes = settings.SESSION_COOKIE_AGE // 60
        messages.info(
            request,
            message
            or f"You were signed out because you had not used sendplan for {minutes} minutes. "
            "Sign in again to carry on.",
        )
        url = reverse(settings.LOGIN_URL)
        if request.method == "GET":
            url += "?next=" + quote(request.get_full_path())
        return redirect(url)
