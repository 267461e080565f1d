"""A form sent after sign-out keeps what was typed, through signing in again.

When a POST is answered with "sign in first" (the idle sign-out, or login_required on a
session that has already gone), what was typed is kept in the new session with the
page it was for. After signing in, opening that page offers it back: the values are
shown and a "Save" button sends them again, as the signed-in person, with a fresh CSRF
token. Nothing is saved without that press, so a different person signing in on the
same browser never saves someone else's words by accident.
"""

import time
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST

from sendplan.errors import shown_fields

SESSION_KEY = "kept_post"
# Kept for as long as a sign-in could reasonably take; then forgotten.
KEEP_SECONDS = 60 * 60
MAX_BYTES = 100_000
NOT_KEPT = {"csrfmiddlewaretoken"}


def _sign_in_url():
    return resolve_url(settings.LOGIN_URL)


class KeepPostThroughSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and SESSION_KEY in request.session:
            offered = self._offer(request)
            if offered is not None:
                return offered
        response = self.get_response(request)
        if request.method == "POST" and self._sent_to_sign_in(request, response):
            self._keep(request)
            response["Location"] = f"{_sign_in_url()}?next={quote(request.get_full_path())}"
        return response

    def _sent_to_sign_in(self, request, response):
        if response.status_code != 302:
            return False
        target = urlsplit(response.get("Location", "")).path
        sign_in = _sign_in_url()
        return target == sign_in and request.path_info not in (sign_in, reverse("logout"))

    def _keep(self, request):
        if request.FILES:
            return  # uploads cannot be kept; the page asks for the file again
        data = {k: v for k, v in request.POST.lists() if k not in NOT_KEPT}
        if not data or sum(len(v) for values in data.values() for v in values) > MAX_BYTES:
            return
        request.session[SESSION_KEY] = {
            "path": request.get_full_path(),
            "data": data,
            "at": time.time(),
        }

    def _offer(self, request):
        kept = request.session.get(SESSION_KEY)
        if not request.user.is_authenticated:
            return None
        if time.time() - kept.get("at", 0) > KEEP_SECONDS:
            del request.session[SESSION_KEY]
            return None
        if kept.get("path") != request.get_full_path():
            return None
        del request.session[SESSION_KEY]
        fields = [(name, value) for name, values in kept["data"].items() for value in values]
        shown = shown_fields(fields, request)
        context = {"action_url": kept["path"], "fields": fields, "shown": shown}
        return render(request, "boroughs/kept_post.html", context)


@require_POST
@login_required
def keep_alive(request):
    """The idle warning's "Stay signed in": any request counts; this one says nothing."""
    return HttpResponse("Still signed in.", content_type="text/plain; charset=utf-8")
