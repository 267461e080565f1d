"""Two-factor sign-in with an authenticator app: optional for everyone, required for staff
and borough admins when REQUIRE_2FA_FOR_ADMINS is on.

Codes are real TOTP codes, computed from the device's secret the way an app does.
"""

import base64
import datetime as dt
import re
import subprocess
import sys
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs.models import Membership, Role
from sendplan import sessions

PASSWORD = "correct horse battery staple"


def code_for(device, *, steps_ahead=0):
    """What an authenticator app holding the device's secret shows (steps_ahead × 30 s on).

    Computed here from the secret rather than by the app's own helper, so a wrong
    secret or a wrong clock in the app would fail these tests.
    """
    totp = TOTP(device.bin_key, step=30, digits=6)
    totp.time = sessions.now() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(user, **extra):
    client = Client(**extra)
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step should succeed"
    return client


def app_for(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True


# --- Someone who has turned it on --------------------------------------------------------


def test_after_the_password_a_user_with_an_app_must_enter_a_code_before_any_page(editor, action):
    app_for(editor)
    client = sign_in(editor)
    target = reverse("action_detail", args=[action.pk])

    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor_verify") + "?next=" + target
    for url in (reverse("home"), reverse("action_list"), "/admin/"):
        assert client.get(url)["Location"].startswith(reverse("two_factor_verify"))
    # A POST is refused the same way, so nothing can be changed either.
    assert client.post(reverse("switch_borough"), {})["Location"] == reverse("two_factor_verify")


def test_the_right_code_opens_the_page_asked_for(editor, action):
    device = app_for(editor)
    client = sign_in(editor)
    target = reverse("action_detail", args=[action.pk])

    page = client.get(reverse("two_factor_verify"), {"next": target})
    body = page.content.decode()
    assert "<title>Enter the code from your authenticator app – sendplan</title>" in body
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body

    response = client.post(reverse("two_factor_verify"), {"code": code_for(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_a_code_typed_with_a_space_is_accepted(editor):
    device = app_for(editor)
    client = sign_in(editor)
    code = code_for(device)
    response = client.post(reverse("two_factor_verify"), {"code": f"{code[:3]} {code[3:]}"})
    assert response["Location"] == reverse("home")


def test_a_wrong_code_is_named_in_the_error_summary_and_lets_nobody_in(editor):
    device = app_for(editor)
    client = sign_in(editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor_verify"), {"code": wrong})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Enter the code from your authenticator app – sendplan</title>" in body
    assert '<a href="#id_code">That code is not right.' in body
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))

    for bad, message in (("", "Enter the 6-digit code"), ("12ab56", "Enter the 6-digit code")):
        body = client.post(reverse("two_factor_verify"), {"code": bad}).content.decode()
        assert message in body


def test_repeated_wrong_codes_are_slowed_down(editor):
    device = app_for(editor)
    client = sign_in(editor)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    client.post(reverse("two_factor_verify"), {"code": "000001"})
    # django-otp now makes the device wait before it checks another code, even a right one.
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert "Too many wrong codes. Try again after" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_code_cannot_be_used_twice(editor):
    device = app_for(editor)
    code = code_for(device)
    first = sign_in(editor)
    assert first.post(reverse("two_factor_verify"), {"code": code}).status_code == 302
    second = sign_in(editor)
    body = second.post(reverse("two_factor_verify"), {"code": code}).content.decode()
    assert "That code is not right" in body


def test_the_verify_page_never_redirects_off_site(editor):
    device = app_for(editor)
    client = sign_in(editor)
    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_the_session_key_changes_once_the_code_is_entered(editor):
    device = app_for(editor)
    client = sign_in(editor)
    before = client.session.session_key
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert client.session.session_key != before


def test_signing_out_is_open_before_the_code(editor):
    app_for(editor)
    client = sign_in(editor)
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("accessibility")).status_code == 200


# --- Setting it up voluntarily ----------------------------------------------------------


def _setup_page(client):
    response = client.get(reverse("two_factor_setup"))
    assert response.status_code == 200
    return response.content.decode()


def test_anyone_can_set_up_an_app_from_their_security_page(editor):
    client = sign_in(editor)
    page = client.get(reverse("security")).content.decode()
    assert "<title>Sign-in security – sendplan</title>" in page
    assert "Off" in page
    assert f'href="{reverse("two_factor_setup")}"' in page

    body = _setup_page(client)
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    # The secret as text, in groups of four, is the device's key in base32.
    groups = re.search(r'id="secret-key">(.*?)</p>', body, re.S).group(1)
    typed = "".join(re.findall(r"<span>([A-Z2-7]{1,4})</span>", groups))
    assert base64.b32decode(typed + "=" * (-len(typed) % 8)) == device.bin_key

    # The otpauth:// address names the service and carries the same secret.
    url = unescape(re.search(r'id="config-url"[^>]*>([^<]+)</textarea>', body).group(1))
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc) == ("otpauth", "totp")
    assert parts.path == "/sendplan%3Aeditor"
    assert parse_qs(parts.query)["secret"] == [typed]
    assert parse_qs(parts.query)["issuer"] == ["sendplan"]

    # The QR code is drawn here, as SVG in a data: URI, never fetched from elsewhere.
    src = re.search(r'<img src="([^"]+)"[^>]*alt="QR code', body).group(1)
    assert src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(src.split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml") or svg.lstrip().startswith("<svg")
    assert "<path" in svg

    # Reloading the page keeps the same secret: the app already added stays right.
    _setup_page(client)
    assert TOTPDevice.objects.get(user=editor, confirmed=False).key == device.key

    response = client.post(reverse("two_factor_setup"), {"code": code_for(device)})
    assert response["Location"] == reverse("security")
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(reverse("security")).content.decode()
    assert "On" in page and "Two-factor sign-in is on" in page

    # The next sign-in asks for a code.
    again = sign_in(editor)
    assert again.get(reverse("home"))["Location"].startswith(reverse("two_factor_verify"))
    assert (
        again.post(
            reverse("two_factor_verify"), {"code": code_for(device, steps_ahead=1)}
        ).status_code
        == 302
    )
    assert again.get(reverse("home")).status_code == 200


def test_a_wrong_code_at_set_up_leaves_it_off(editor):
    client = sign_in(editor)
    _setup_page(client)
    body = client.post(reverse("two_factor_setup"), {"code": "123 45"}).content.decode()
    assert "<title>Error: Set up two-factor sign-in – sendplan</title>" in body
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert sign_in(editor).get(reverse("home")).status_code == 200


def test_it_can_be_turned_off_with_a_current_code(editor):
    device = app_for(editor)
    client = sign_in(editor)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})

    refused = client.post(reverse("two_factor_turn_off"), {"code": "000000"})
    assert refused.status_code == 400
    assert TOTPDevice.objects.filter(user=editor).exists()

    # A minute later, once django-otp's pause after a wrong code is over:
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - dt.timedelta(minutes=1)
    )
    device.refresh_from_db()
    response = client.post(
        reverse("two_factor_turn_off"), {"code": code_for(device, steps_ahead=1)}
    )
    assert response["Location"] == reverse("security")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert sign_in(editor).get(reverse("home")).status_code == 200


# --- Required for staff and borough admins ----------------------------------------------


def test_when_required_a_borough_admin_without_an_app_must_set_one_up_first(
    required, borough_admin
):
    client = sign_in(borough_admin)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("two_factor_setup") + "?next=/"
    body = _setup_page(client)
    assert "must use two-factor sign-in" in body

    device = TOTPDevice.objects.get(user=borough_admin)
    response = client.post(reverse("two_factor_setup"), {"code": code_for(device), "next": "/"})
    assert response["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_when_required_staff_cannot_reach_the_admin_without_an_app(required, django_user_model):
    staff = django_user_model.objects.create_user(
        username="staff", password=PASSWORD, is_staff=True
    )
    client = sign_in(staff)
    assert client.get("/admin/")["Location"] == reverse("two_factor_setup") + "?next=/admin/"


def test_when_required_a_superuser_must_set_one_up_too(required, superuser):
    client = sign_in(superuser)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_when_required_editors_and_viewers_are_not_asked(required, editor, viewer):
    for user in (editor, viewer):
        assert sign_in(user).get(reverse("home")).status_code == 200


def test_someone_made_a_borough_admin_is_asked_at_their_next_sign_in(required, viewer, borough):
    assert sign_in(viewer).get(reverse("home")).status_code == 200
    Membership.objects.filter(user=viewer).update(role=Role.ADMIN)
    assert sign_in(viewer).get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


def test_when_required_an_admin_cannot_turn_it_off(required, borough_admin):
    device = app_for(borough_admin)
    client = sign_in(borough_admin)
    client.post(reverse("two_factor_verify"), {"code": code_for(device)})
    page = client.get(reverse("security")).content.decode()
    assert "must stay on" in page
    assert reverse("two_factor_turn_off") not in page
    device.refresh_from_db()
    client.post(reverse("two_factor_turn_off"), {"code": code_for(device, steps_ahead=1)})
    assert TOTPDevice.objects.filter(user=borough_admin, confirmed=True).exists()


def test_by_default_nobody_is_required_to_use_it(settings, borough_admin, superuser):
    assert settings.REQUIRE_2FA_FOR_ADMINS is False
    assert sign_in(borough_admin).get(reverse("home")).status_code == 200
    assert sign_in(superuser).get("/admin/").status_code == 200


def test_the_setting_is_read_from_the_environment():
    def read(value):
        env = {"SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "sendplan.settings_test"}
        if value is not None:
            env["REQUIRE_2FA_FOR_ADMINS"] = value
        code = "import django; django.setup(); from django.conf import settings; "
        code += "print(settings.REQUIRE_2FA_FOR_ADMINS)"
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
        )
        return out.stdout.strip().splitlines()[-1] if out.returncode == 0 else out.stderr

    assert read(None) == "False"
    assert read("true") == "True"
    assert "REQUIRE_2FA_FOR_ADMINS must be true or false" in read("sometimes")
