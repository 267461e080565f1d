"""Writes for people's own sign-in settings: their authenticator app (TOTP device).

django-otp's TOTPDevice keeps no history of its own; adding or removing a device is
logged here so the event is on record beside the sign-in log.
"""

import logging

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

log = logging.getLogger(__name__)

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def totp_device_start(*, user):
    """The unconfirmed device being set up, kept across page loads so the secret holds."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device, user):
    """The person entered a right code from the new app: it now guards their sign-in."""
    assert device.user_id == user.pk
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # One app per person: any other half-finished set-up is dropped.
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    log.info("Two-factor sign-in turned on for user %s", user.pk)
    return device


@transaction.atomic
def totp_devices_remove(*, user, by):
    """Turn two-factor sign-in off for `user` (by themselves, or an admin)."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    log.info("Two-factor sign-in turned off for user %s by user %s", user.pk, by.pk)
    return deleted
