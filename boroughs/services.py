"""Writes of the boroughs app: borough memberships, and people's sign-in settings.

Memberships are audited like every user-editable model (who and why on each history row).
django-otp's TOTPDevice keeps no history of its own; adding or removing a device is
logged here so the event is on record beside the sign-in log.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from boroughs.audit import audited_save
from boroughs.invitations import invitations_revoke_sent_by
from boroughs.models import Membership, Person, Role
from boroughs.sso_models import SsoGrant

log = logging.getLogger(__name__)

# --- Memberships (borough admins) ---------------------------------------------------


_save = audited_save


def _lock_admins(membership):
    """Lock the borough's admin rows so two admins demoting each other cannot both win."""
    list(
        Membership.objects.select_for_update().filter(
            borough_id=membership.borough_id, role=Role.ADMIN
        )
    )


def _is_last_admin(membership):
    if membership.role != Role.ADMIN:
        return False
    others = Membership.objects.filter(borough_id=membership.borough_id, role=Role.ADMIN)
    return not others.exclude(pk=membership.pk).exists()


@transaction.atomic
def membership_add(*, borough, user, member, role):
    if Membership.objects.filter(borough=borough, user=member).exists():
        raise ValidationError(
            {"username": f"{member.get_username()} is already a member of {borough}."}
        )
    membership = Membership(borough=borough, user=member, role=role)
    return _save(membership, user=user, reason="Added member")


@transaction.atomic
def membership_change_role(*, membership, user, role):
    _lock_admins(membership)
    if role != Role.ADMIN and _is_last_admin(membership):
        raise ValidationError(
            {
                "role": f"{membership.borough} needs at least one borough admin. "
                "Make someone else an admin first."
            }
        )
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        # No longer an admin here: the invitations they sent here stop working.
        invitations_revoke_sent_by(sender=membership.user, by=user, borough=membership.borough)
    membership.role = role
    # A role a single sign-on rule gave is now the admin's choice: sign-in keeps it.
    SsoGrant.objects.filter(membership=membership).update(role_kept=True)
    return _save(membership, user=user, reason="Changed role")


@transaction.atomic
def person_link_account(*, borough, member, person, user):
    """Make `person` (or nobody) the named owner record of `member`'s account in `borough`.

    One person per account per borough: any other record of theirs in the borough is
    unlinked. Each change is a history row naming who made it.
    """
    if person is not None and person.borough_id != borough.pk:
        raise ValidationError({"person": "Choose a person from this borough."})
    if person is not None and person.is_role:
        raise ValidationError(
            {"person": f"{person.name} is a role or team, not a person: choose a named person."}
        )
    current = Person.objects.select_for_update().filter(borough=borough, user=member)
    for other in current:
        if person is None or other.pk != person.pk:
            other.user = None
            other._history_user = user
            other._change_reason = "Unlinked from account"
            other.save()
    if person is not None and person.user_id != member.pk:
        if person.user_id is not None:
            raise ValidationError(
                {"person": f"{person.name} is already linked to another account."}
            )
        person.user = member
        person._history_user = user
        person._change_reason = "Linked to account"
        person.save()
    return person


@transaction.atomic
def membership_remove(*, membership, user):
    _lock_admins(membership)
    if _is_last_admin(membership):
        raise ValidationError(
            f"{membership.user.get_username()} is the last borough admin of {membership.borough}. "
            "Make someone else an admin first."
        )
    invitations_revoke_sent_by(sender=membership.user, by=user, borough=membership.borough)
    membership._history_user = user
    membership._change_reason = "Removed member"
    membership.delete()


# --- Two-factor sign-in (each person's own) -------------------------------------------

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
