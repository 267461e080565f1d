"""Absolute links for what is read away from the app: emails.

Built from settings.SITE_URL, the address people use, never from the Host header of
whichever request sent the email (an internal name behind a proxy, or a forged one).
"""

from django.conf import settings


def absolute_url(path):
    """`path` (from reverse()) on the site's public address."""
    return f"{settings.SITE_URL}{path}"
