"""Invitations to join a borough: sending, finding by token, accepting, withdrawing, revoking.

The writes for boroughs.models.Invitation (kept beside, not in, services.py so the
membership writes stay short). Accepting creates the Membership through the same
audited save as an admin's changes, with the invitee as its author. Every change to an
invitation (sent, accepted, withdrawn, revoked) is a history row naming who and why.

An invitation is for the address it was sent to: only an account with that email
address (or a new account made from the link, which takes that address) may accept it.
It lasts only while its sender may still invite: boroughs.services revokes a sender's
waiting invitations when they stop being an admin there, boroughs.accounts when they
are deactivated, and accepting checks the sender again (for changes made in the admin).
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

from boroughs.audit import audited_save as _save
from boroughs.models import Invitation, InvitationEnd, Membership, Role
from boroughs.selectors import has_role

# A week: long enough for someone on leave, short enough that old emails go stale.
VALID_FOR = timedelta(days=7)


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(*, borough, user, email, role, accept_url):
    """Email `email` an invitation to `borough` as `role`; `accept_url(token)` makes the link.

    The email goes out inside the transaction: if it cannot be sent, nothing is saved.
    """
    if not may_invite(user, borough):
        raise PermissionDenied("Only borough admins invite members.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        borough=borough,
        email=email.strip(),
        role=role,
        token_hash=_hash(token),
        invited_by=user,
        expires_at=timezone.now() + VALID_FOR,
    )
    _save(invitation, user=user, reason="Sent an invitation")
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


def _waiting(queryset):
    """Invitations still open: not accepted, withdrawn, revoked or expired."""
    return queryset.filter(
        accepted_at__isnull=True, ended_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_for_token(token):
    """The pending, unexpired invitation the token belongs to, or None."""
    if not isinstance(token, str) or len(token) > 100:
        return None
    queryset = Invitation.objects.select_related("borough", "invited_by")
    return _waiting(queryset.filter(token_hash=_hash(token))).first()


def invitations_waiting_for(email):
    """Open invitations sent to `email` (any borough): single sign-on accepts them."""
    return list(_waiting(Invitation.objects.filter(email__iexact=email.strip())))


def pending_invitations(borough):
    return _waiting(borough.invitations.select_related("invited_by"))


def is_addressed_to(invitation, user):
    """Whether `user`'s account has the address the invitation was sent to."""
    email = (user.email or "").strip().casefold()
    return bool(email) and email == invitation.email.strip().casefold()


def may_invite(user, borough):
    """A borough admin invites members; a service admin names a new area's first admin."""
    return has_role(user, borough, Role.ADMIN) or user.has_perm("boroughs.run_service")


def sender_may_still_invite(invitation):
    sender = invitation.invited_by
    return sender.is_active and may_invite(sender, invitation.borough)


@transaction.atomic
def invitation_accept(*, invitation, user):
    """`user` takes up the invitation: they join its borough with its role.

    Only the account the invitation was addressed to may (PermissionDenied otherwise).
    Someone already a member keeps the role they have: an invitation never changes an
    existing role behind its holder's back. Returns the membership; None if the
    invitation was used, withdrawn, revoked or expired meanwhile, or its sender may no
    longer invite (it is revoked then).
    """
    if not is_addressed_to(invitation, user):
        raise PermissionDenied("This invitation was sent to another email address.")
    locked = _waiting(Invitation.objects.select_for_update().filter(pk=invitation.pk)).first()
    if locked is None:
        return None
    if not sender_may_still_invite(locked):
        _end(locked, how=InvitationEnd.REVOKED, user=None, reason=REVOKED_REASON)
        return None
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    _save(locked, user=user, reason="Accepted the invitation")
    existing = Membership.objects.filter(borough_id=locked.borough_id, user=user).first()
    if existing:
        return existing
    membership = Membership(borough_id=locked.borough_id, user=user, role=locked.role)
    return _save(membership, user=user, reason="Accepted an invitation")


REVOKED_REASON = "Revoked: its sender is no longer an admin of the borough"


def _end(invitation, *, how, user, reason):
    invitation.ended_at = timezone.now()
    invitation.ended_how = how
    _save(invitation, user=user, reason=reason)


@transaction.atomic
def invitation_withdraw(*, invitation, user):
    """A borough admin withdraws a waiting invitation: its link stops working.

    Returns False if it was no longer waiting (accepted, expired or ended meanwhile)."""
    if not has_role(user, invitation.borough, Role.ADMIN):
        raise PermissionDenied("Only borough admins withdraw invitations.")
    locked = _waiting(Invitation.objects.select_for_update().filter(pk=invitation.pk)).first()
    if locked is None:
        return False
    _end(locked, how=InvitationEnd.WITHDRAWN, user=user, reason="Withdrew the invitation")
    return True


@transaction.atomic
def invitations_revoke_sent_by(*, sender, by, borough=None):
    """Revoke the waiting invitations `sender` sent (in `borough`, or everywhere).

    Called by the services that take admin rights away or deactivate someone; `by` is
    who made that change. Returns how many were revoked."""
    queryset = Invitation.objects.select_for_update().filter(invited_by=sender)
    if borough is not None:
        queryset = queryset.filter(borough=borough)
    revoked = list(_waiting(queryset).order_by("pk"))
    for invitation in revoked:
        _end(invitation, how=InvitationEnd.REVOKED, user=by, reason=REVOKED_REASON)
    return len(revoked)


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
