"""Two-factor sign-in with an authenticator app (TOTP, django-otp).

Anyone may turn it on from their Security page. With REQUIRE_2FA_FOR_ADMINS, staff and
borough admins must: TwoFactorMiddleware sends them here after their password until
they have set up an app and entered a code.

The set-up page shows the secret as text and the otpauth:// address, and a QR code
drawn here as SVG (no third-party QR service ever sees the secret).
"""

import base64
import io

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs import security, services


class CodeForm(forms.Form):
    """A six-digit code from the app, checked against one device."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows for sendplan, for example 123456",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        # People type codes with spaces ("123 456"), as many apps show them.
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == self.device.digits):
            raise forms.ValidationError(
                f"Enter the {self.device.digits}-digit code from your authenticator app"
            )
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            until = (details or {}).get("locked_until")
            when = f" after {timezone.localtime(until):%H:%M:%S}" if until else " later"
            raise forms.ValidationError(f"Too many wrong codes. Try again{when}")
        if not self.device.verify_token(code):
            raise forms.ValidationError(
                "That code is not right. Enter the code the app shows now; it changes every "
                "30 seconds"
            )
        return code


def _confirmed_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _mark_verified(request, device):
    """The person has proved they hold the device: record it, and a fresh session key."""
    request.session.cycle_key()
    django_otp.login(request, device)
    request.session[security.TWO_FACTOR] = security.TWO_FACTOR_OK


def secret_groups(device):
    """The secret in base32, in groups of four, as people type it into an app."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


def qr_code_data_uri(text):
    """A QR code of `text` as an SVG data: URI (allowed by the CSP's img-src)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    out = io.BytesIO()
    image.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def current_code(device, *, offset=0):
    """The code the app would show now (offset in steps). Used by tests and nowhere else."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = security.now() + offset * device.step
    return f"{totp.token():0{device.digits}d}"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Enter a code after the password, before any other page."""
    device = _confirmed_device(request.user)
    if device is None:
        # The device was removed (by an admin) since sign-in: nothing to verify against.
        request.session[security.TWO_FACTOR] = security.two_factor_state(request.user)
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        _mark_verified(request, device)
        return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request, default="")}
    return render(request, "boroughs/two_factor/verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Link an authenticator app: show the secret, then confirm it with a code."""
    if _confirmed_device(request.user) is not None:
        return redirect("security")
    device = services.totp_device_start(user=request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        services.totp_device_confirm(device=device, user=request.user)
        _mark_verified(request, device)
        messages.success(request, "Two-factor sign-in is on. You will need the app every time.")
        return redirect(_next_url(request, default="security"))
    context = {
        "form": form,
        "next": _next_url(request, default=""),
        "required": request.session.get(security.TWO_FACTOR) == security.TWO_FACTOR_SETUP,
        "secret_groups": secret_groups(device),
        "config_url": device.config_url,
        "qr_code": qr_code_data_uri(device.config_url),
    }
    return render(request, "boroughs/two_factor/setup.html", context)


@login_required
@require_http_methods(["GET"])
def security_page(request):
    """Your sign-in security: whether two-factor sign-in is on, and how to change it."""
    device = _confirmed_device(request.user)
    context = {
        "device": device,
        "required": security.two_factor_required(request.user),
        "form": CodeForm(device=device) if device else None,
    }
    return render(request, "boroughs/two_factor/security.html", context)


@login_required
@require_POST
def turn_off(request):
    """Remove the app, after a current code proves the person holds it."""
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("security")
    required = security.two_factor_required(request.user)
    form = CodeForm(request.POST, device=device)
    if not required and form.is_valid():
        services.totp_devices_remove(user=request.user, by=request.user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        request.session[security.TWO_FACTOR] = security.TWO_FACTOR_OK
        messages.success(request, "Two-factor sign-in is off.")
        return redirect("security")
    context = {"device": device, "required": required, "form": form}
    return render(request, "boroughs/two_factor/security.html", context, status=400)
