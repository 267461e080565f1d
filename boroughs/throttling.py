"""An overall limit on wrong passwords for one username, from any number of addresses.

django-axes pauses a username at one address after SIGN_IN_FAILURE_LIMIT failures
(settings.AXES_LOCKOUT_PARAMETERS). Someone guessing from many addresses (a botnet,
a phone network's changing addresses) never meets that limit, so this backend, placed
after axes' own, also pauses a username once its failures from all addresses together
reach SIGN_IN_USERNAME_FAILURE_LIMIT within the lock-out period. It is higher than the
per-address limit, so one person mistyping cannot lock a colleague out in passing.
The pause shows the same lock-out page (AxesMiddleware renders it).

So that strangers cannot keep an account's owner out for good:
* an account with a second factor (a confirmed authenticator app) is not paused this
  way: its password alone opens nothing, and django-otp throttles wrong codes;
* an account with an email address is not refused either: after the right password it
  asks for a one-time code emailed to that address (boroughs/emailed_code.py), and the
  right code lifts the pause;
* only an account with neither is refused, and its owner (or anyone's) lifts the pause
  with an emailed reset link: a completed reset clears the username's failures
  (boroughs/passwords.py).
"""

from axes.exceptions import AxesBackendPermissionDenied
from axes.helpers import get_client_username, get_credentials
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone


def failures_for_username(username):
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class UsernameFailureLimitBackend:
    """Authenticates nobody; refuses a username that has failed too often everywhere.

    No get_user(), on purpose: it is never the backend a session is signed in with.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        credentials = get_credentials(username=username, password=password, **kwargs)
        name = get_client_username(request, credentials)
        if not name or failures_for_username(name) < settings.SIGN_IN_USERNAME_FAILURE_LIMIT:
            return None
        if _has_second_factor(name):
            return None
        if _has_email(name):
            # The password is checked as usual, then an emailed code is asked for.
            request.sendplan_emailed_code = True
            return None
        request.axes_locked_out = True
        raise AxesBackendPermissionDenied("Too many failures for this username")


def _has_second_factor(username):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    username_field = get_user_model().USERNAME_FIELD
    return TOTPDevice.objects.filter(
        confirmed=True, **{f"user__{username_field}": username}
    ).exists()


def _has_email(username):
    username_field = get_user_model().USERNAME_FIELD
    return (
        get_user_model()
        .objects.filter(is_active=True, **{username_field: username})
        .exclude(email="")
        .exists()
    )
