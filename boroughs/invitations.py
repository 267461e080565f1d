"""Invitations to join a borough: sending one, finding one by its token, accepting it.

The writes for boroughs.models.Invitation (kept beside, not in, services.py so the
membership writes stay short). Accepting creates the Membership through the same
audited save as an admin's changes, with the invitee as its author.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from boroughs.models import Invitation, Membership, Role
from boroughs.selectors import has_role
from boroughs.services import _save

# A week: long enough for someone on leave, short enough that old emails go stale.
VALID_FOR = timedelta(days=7)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(*, borough, user, email, role, accept_url):
    """Email `email` an invitation to `borough` as `role`; `accept_url(token)` makes the link.

    The email goes out inside the transaction: if it cannot be sent, nothing is saved.
    """
    if not has_role(user, borough, Role.ADMIN):
        raise PermissionDenied("Only borough admins invite members.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        borough=borough,
        email=email.strip(),
        role=role,
        token_hash=_hash(token),
        invited_by=user,
        expires_at=timezone.now() + VALID_FOR,
    )
    context = {
        "invitation": invitation,
        "inviter": user.get_full_name() or user.get_username(),
        "url": accept_url(token),
        "days": VALID_FOR.days,
    }
    send_mail(
        subject=f"You are invited to join {borough} on sendplan",
        message=render_to_string("boroughs/invitations/email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    return invitation


def invitation_for_token(token):
    """The pending, unexpired invitation the token belongs to, or None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("borough", "invited_by")
        .filter(token_hash=_hash(token), accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def pending_invitations(borough):
    return borough.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


@transaction.atomic
def invitation_accept(*, invitation, user):
    """`user` takes up the invitation: they join its borough with its role.

    Someone already a member keeps the role they have: an invitation never changes an
    existing role behind its holder's back. Returns the membership; None if the
    invitation was used or expired meanwhile.
    """
    locked = (
        Invitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if locked is None:
        return None
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    existing = Membership.objects.filter(borough_id=locked.borough_id, user=user).first()
    if existing:
        return existing
    membership = Membership(borough_id=locked.borough_id, user=user, role=locked.role)
    return _save(membership, user=user, reason="Accepted an invitation")


@transaction.atomic
def invitation_accept_with_new_account(*, invitation, username, full_name, password):
    """Make an account for someone invited who has none, then accept for them."""
    first, _, last = full_name.strip().partition(" ")
    user = get_user_model().objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=first[:150],
        last_name=last[:150],
    )
    membership = invitation_accept(invitation=invitation, user=user)
    if membership is None:
        # Used or expired while the form was filled in: make no account either.
        transaction.set_rollback(True)
        return None, None
    return user, membership
