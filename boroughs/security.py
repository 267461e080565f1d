"""Sign-in security that is not a page: the client's address, and what a session records
when someone signs in.

Everything a later request needs to know (when the person was last seen, whether they
still owe a two-factor code) is written into the session at sign-in, so that the
middleware (sendplan/middleware.py, boroughs/middleware.py) can decide from the session
alone and costs no extra query on an ordinary page.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render

from boroughs.models import Membership, Role
from sendplan import sessions

# Session key (the other, LAST_SEEN, is sendplan/sessions.py's).
TWO_FACTOR = "sendplan_2fa"

# Values of session[TWO_FACTOR].
TWO_FACTOR_OK = "ok"  # nothing owed: no device, or the code has been entered
TWO_FACTOR_VERIFY = "verify"  # has a confirmed device: must enter a code
TWO_FACTOR_SETUP = "setup"  # must have a device (REQUIRE_2FA_FOR_ADMINS) and has none
TWO_FACTOR_EMAIL = "email"  # paused by failures from many addresses: an emailed code


def client_ip(request):
    """The address sign-in throttling counts failures against (AXES_CLIENT_IP_CALLABLE).

    Behind TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy, and
    each proxy appends the address it saw to X-Forwarded-For. Only the entries our own
    proxies added can be trusted (a client can send any X-Forwarded-For it likes), so
    take the one the outermost trusted proxy added: the Nth from the right.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def two_factor_required(user):
    """Staff and borough admins must use two-factor sign-in when REQUIRE_2FA_FOR_ADMINS."""
    if not settings.REQUIRE_2FA_FOR_ADMINS:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def two_factor_state(user):
    """What a newly signed-in user still owes: a code, a device, or nothing."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return TWO_FACTOR_VERIFY
    if two_factor_required(user):
        return TWO_FACTOR_SETUP
    return TWO_FACTOR_OK


@receiver(user_logged_in, dispatch_uid="sendplan-session-on-sign-in")
def record_sign_in(sender, request, user, **kwargs):
    """Start the inactivity clock and note whether a second factor is still owed."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[sessions.LAST_SEEN] = sessions.now()
    request.session[TWO_FACTOR] = two_factor_state(user)
    if getattr(request, "sendplan_emailed_code", False) and (
        request.session[TWO_FACTOR] == TWO_FACTOR_OK
    ):
        # The username is paused (boroughs/throttling.py): the password is not enough.
        from boroughs.emailed_code import code_send

        request.session[TWO_FACTOR] = TWO_FACTOR_EMAIL
        code_send(request, user)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown once sign-in is paused (AXES_LOCKOUT_CALLABLE): 429, GOV.UK-styled."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "lockout_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=429)
