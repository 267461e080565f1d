"""Puts the current borough and the user's boroughs into every template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from boroughs import permissions


def boroughs(request):
    # Lazy, so pages that never mention boroughs (sign-in, CSV) pay no query.
    return {
        "current_borough": SimpleLazyObject(lambda: permissions.current_borough(request)),
        "user_boroughs": SimpleLazyObject(lambda: permissions.user_boroughs(request)),
        # Noted at sign-in (boroughs/areas.py): the navigation's "Local areas" link.
        "is_service_admin": bool(
            getattr(request, "session", None) and request.session.get("sendplan_service_admin")
        ),
        # The beta banner's feedback link (settings.FEEDBACK_URL).
        "feedback_url": settings.FEEDBACK_URL,
    }


def session_timeout(request):
    """How long a session lasts without a request, and when to warn (the idle warning)."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warn_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
