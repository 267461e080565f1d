"""An emailed one-time code, asked for when a username is paused by failures from many
addresses (boroughs/throttling.py), so that strangers cannot keep its owner out.

Sign-in with the right password then goes on, but no page opens until the six-digit code
emailed to the account's address is entered: TwoFactorMiddleware sends the person here
(session state TWO_FACTOR_EMAIL). Only a hash of the code is kept, in the session; it
lasts CODE_MINUTES and MAX_TRIES wrong entries sign the person out. The right code lifts
the pause on the username (proof of the mailbox, as a completed password reset is).
"""

import hashlib
import hmac
import secrets
import time

from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.mail import send_mail
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from boroughs import security
from sendplan.forms import GovukForm

SESSION_KEY = "sendplan_emailed_code"
CODE_MINUTES = 10
MAX_TRIES = 5


def _digest(code):
    return hashlib.sha256(f"{settings.SECRET_KEY}:{code}".encode()).hexdigest()


def code_send(request, user):
    """Email a new code to `user` and keep its hash in the session (at sign-in)."""
    code = f"{secrets.randbelow(10**6):06d}"
    request.session[SESSION_KEY] = {
        "digest": _digest(code),
        "expires": time.time() + CODE_MINUTES * 60,
        "tries": 0,
    }
    send_mail(
        subject="Your sendplan sign-in code",
        message=(
            f"Your sign-in code is {code}. It works for {CODE_MINUTES} minutes.\n\n"
            "We asked for it because someone has been trying wrong passwords for your "
            "account from many places. If that was not you, your password may be known: "
            "change it once you are signed in.\n\nsendplan"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


class EmailedCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from the email",
        help_text="The 6-digit code we emailed to you, for example 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from the email"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, kept, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if time.time() > self.kept["expires"]:
            raise forms.ValidationError("That code has expired. Sign in again for a new one")
        if not hmac.compare_digest(_digest(code), self.kept["digest"]):
            raise forms.ValidationError("That code is not right. Check the email and try again")
        return code


@login_required
@require_http_methods(["GET", "POST"])
def enter_code(request):
    kept = request.session.get(SESSION_KEY)
    if request.session.get(security.TWO_FACTOR) != security.TWO_FACTOR_EMAIL or not kept:
        return redirect("home")
    form = EmailedCodeForm(request.POST or None, kept=kept)
    if request.method == "POST":
        if form.is_valid():
            request.session.cycle_key()
            del request.session[SESSION_KEY]
            request.session[security.TWO_FACTOR] = security.two_factor_state(request.user)
            axes_reset(username=request.user.get_username())
            return redirect("home")
        kept["tries"] += 1
        request.session[SESSION_KEY] = kept
        if kept["tries"] >= MAX_TRIES:
            logout(request)
            return redirect("login")
    return render(request, "boroughs/two_factor/emailed_code.html", {"form": form})
