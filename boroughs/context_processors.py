"""Puts the current borough and the user's boroughs into every template."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from boroughs import permissions


def boroughs(request):
    # Lazy, so pages that never mention boroughs (sign-in, CSV) pay no query.
    return {
        "current_borough": SimpleLazyObject(lambda: permissions.current_borough(request)),
        "user_boroughs": SimpleLazyObject(lambda: permissions.user_boroughs(request)),
        # The beta banner's feedback link (settings.FEEDBACK_URL).
        "feedback_url": settings.FEEDBACK_URL,
    }
