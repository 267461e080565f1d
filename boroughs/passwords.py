"""Passwords: a reset link asked for (throttled, mailed by the worker), and the change
page's current password counted by the sign-in lock-out.

Every request takes the same path whether or not the address has an account: it is
counted, and (within the limits) queued; the worker looks the address up and sends
the email (`send_password_reset`). So the response never waits on the mail server, and
its time says nothing about which addresses have accounts.

Limits, within PASSWORD_RESET_WINDOW: PASSWORD_RESET_PER_ADDRESS requests for one
address, and PASSWORD_RESET_PER_CLIENT from one client address (boroughs.security's
client_ip). Past either, the answer is the same "check your email" page and nothing is
sent.

The change page checks the current password through `authenticate`, so django-axes
counts a wrong one like a failed sign-in, and once the account is paused the person is
signed out and shown the lock-out page: a stolen session cannot be used to guess.
"""

import hashlib
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django_tasks import task

from boroughs.models import PasswordResetRequest
from boroughs.security import client_ip, lockout_response

logger = logging.getLogger(__name__)


def _email_hash(email):
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()


@transaction.atomic
def password_reset_request(*, email, client):
    """Count the request; queue the email if within the limits. Returns whether queued."""
    now = timezone.now()
    window = now - timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)
    PasswordResetRequest.objects.filter(requested_at__lt=now - timedelta(days=1)).delete()
    key = _email_hash(email)
    PasswordResetRequest.objects.create(email_hash=key, client=client or "", requested_at=now)
    recent = PasswordResetRequest.objects.filter(requested_at__gte=window)
    for_address = recent.filter(email_hash=key).count()
    from_client = recent.filter(client=client or "").count() if client else 0
    if (
        for_address > settings.PASSWORD_RESET_PER_ADDRESS
        or from_client > settings.PASSWORD_RESET_PER_CLIENT
    ):
        logger.warning("Password reset request throttled (client %s)", client)
        return False
    send_password_reset.enqueue(email=email)
    return True


@task()
def send_password_reset(*, email):
    """The worker's half: email a reset link to each active account with this address."""
    from boroughs.forms import GovukPasswordResetForm

    form = GovukPasswordResetForm(data={"email": email})
    if not form.is_valid():
        return
    site = urlsplit(settings.SITE_URL)
    form.save(domain_override=site.netloc, use_https=site.scheme == "https")


class PasswordResetRequestView(auth_views.PasswordResetView):
    """Django's reset page, counting and queueing instead of sending inside the request."""

    def form_valid(self, form):
        password_reset_request(email=form.cleaned_data["email"], client=client_ip(self.request))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmClearingView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page. Completing it (proof of the emailed link)
    lifts any sign-in pause on the username (boroughs/throttling.py)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordChangeCountedView(auth_views.PasswordChangeView):
    """Django's change page; a wrong current password counts towards the lock-out."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        if getattr(self.request, "axes_locked_out", False):
            logout(self.request)
            return lockout_response(self.request)
        return super().form_invalid(form)
