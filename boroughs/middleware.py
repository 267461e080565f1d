"""The second factor owed after a password: until it is entered (or set up), only the
pages needed to do that are open.

Reads only the session (boroughs/security.py writes it at sign-in), so an ordinary page
costs no extra query. The Content Security Policy and sign-out after inactivity are in
sendplan/middleware.py.
"""

from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse

from boroughs import security


class TwoFactorMiddleware:
    """After a password, send a person who owes a second factor to enter or set it up.

    Only the pages needed to do that (and to sign out or read the accessibility
    statement) are open until then, the admin included.
    """

    OPEN = (
        "two_factor_verify",
        "two_factor_setup",
        "sign_in_emailed_code",
        "logout",
        "accessibility",
        "password_reset",
    )
    WHERE = {
        security.TWO_FACTOR_VERIFY: "two_factor_verify",
        security.TWO_FACTOR_EMAIL: "sign_in_emailed_code",
    }

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def __call__(self, request):
        session = request.session
        if SESSION_KEY not in session:
            return self.get_response(request)
        state = session.get(security.TWO_FACTOR)
        if state is None:
            # A session from before two-factor sign-in existed: decide once, remember.
            state = security.two_factor_state(request.user)
            session[security.TWO_FACTOR] = state
        if state == security.TWO_FACTOR_OK or self._is_open(request.path_info):
            return self.get_response(request)
        url = reverse(self.WHERE.get(state, "two_factor_setup"))
        if request.method == "GET":
            url += "?next=" + quote(request.get_full_path())
        return redirect(url)

    def _is_open(self, path):
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in self.OPEN}
        return path in self._open_paths or path.startswith(settings.STATIC_URL)
