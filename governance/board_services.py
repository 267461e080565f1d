"""Writes to boards and their meetings (borough admins, in the app). Audited.

A board oversees whole plans, single priorities, or (neither chosen) every plan of its
borough; its packs contain only that scope (reports/pack/snapshot.py). Meetings are
one-off dates or a repeating pattern, each a Meeting row.
"""

import calendar
import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from boroughs.audit import audited_save
from boroughs.invitations import invitation_send
from boroughs.models import Role
from boroughs.selectors import has_role
from governance.models import Board, BoardMember, Meeting
from sendplan.slugs import unique_slug

User = get_user_model()

# Months between meetings for each repeating pattern.
REPEATS = {"once": 0, "monthly": 1, "every_2_months": 2, "quarterly": 3}
MOST_MEETINGS = 24


def _require_admin(user, borough):
    if not has_role(user, borough, Role.ADMIN):
        raise PermissionDenied("Only a borough admin can change its boards.")


def _check_scope(borough, plans, priorities):
    if any(p.borough_id != borough.pk for p in plans) or any(
        p.plan.borough_id != borough.pk for p in priorities
    ):
        raise ValidationError({"plans": "Choose plans and priorities from this borough."})


@transaction.atomic
def board_save(*, borough, user, name, kind, chair="", plans=(), priorities=(), board=None):
    """Create a board (`board` None) or change one: its name, kind, chair and scope."""
    _require_admin(user, borough)
    _check_scope(borough, plans, priorities)
    reason = "Added board" if board is None else "Changed board"
    if board is None:
        board = Board(borough=borough)
    elif board.borough_id != borough.pk:
        raise PermissionDenied("That board belongs to another borough.")
    if Board.objects.filter(borough=borough, name__iexact=name).exclude(pk=board.pk).exists():
        raise ValidationError({"name": f"There is already a board called {name}."})
    board.name, board.kind, board.chair = name, kind, chair
    others = Board.objects.filter(borough=borough).exclude(pk=board.pk)
    board.slug = unique_slug(name, others, fallback="board")
    audited_save(board, user=user, reason=reason)
    board.plans.set(plans)
    board.priorities.set(priorities)
    return board


def meeting_dates(first, repeat, count):
    """The dates of `count` meetings from `first`, `repeat` (REPEATS) months apart; a day
    of the month a shorter month lacks falls on its last day."""
    months = REPEATS[repeat]
    if months == 0:
        return [first]
    dates = []
    for n in range(count):
        month0 = first.month - 1 + n * months
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = min(first.day, calendar.monthrange(year, month)[1])
        dates.append(dt.date(year, month, day))
    return dates


@transaction.atomic
def meetings_add(*, board, user, first, repeat="once", count=1):
    """Add meetings: one on `first`, or `count` repeating. Dates it has already are kept.
    Returns the new Meeting rows."""
    _require_admin(user, board.borough)
    if repeat not in REPEATS:
        raise ValidationError({"repeat": "Choose how often the board meets."})
    if not 1 <= count <= MOST_MEETINGS:
        raise ValidationError({"count": f"Enter a number of meetings from 1 to {MOST_MEETINGS}."})
    held = set(board.meetings.values_list("date", flat=True))
    added = []
    for date in meeting_dates(first, repeat, count):
        if date not in held:
            added.append(
                audited_save(Meeting(board=board, date=date), user=user, reason="Added meeting")
            )
    return added


def _seat(board, by, **who):
    return audited_save(BoardMember(board=board, **who), user=by, reason="Added board member")


@transaction.atomic
def board_member_add(*, board, user, member=None, email="", accept_url=None):
    """Seat `member` (an account in the board's borough) on `board`, or the person at
    `email`: their account if they have one in the borough, else an invitation to the
    borough as a viewer, sent now, with their seat waiting for whoever accepts it.
    Returns (the BoardMember, the Invitation or None)."""
    borough = board.borough
    _require_admin(user, borough)
    email = email.strip()
    if member is None and email:
        member = User.objects.filter(
            email__iexact=email, memberships__borough=borough, is_active=True
        ).first()
    if member is not None:
        if not has_role(member, borough, Role.VIEWER):
            raise ValidationError({"member": f"Choose someone who reads {borough}'s plans."})
        if board.members.filter(user=member).exists():
            raise ValidationError({"member": "They are already on this board."})
        return _seat(board, user, user=member), None
    if not email:
        raise ValidationError({"member": "Choose someone, or enter an email address."})
    if board.members.filter(user__isnull=True, email__iexact=email).exists():
        raise ValidationError({"email": "That address has already been invited to this board."})
    invitation = invitation_send(
        borough=borough, user=user, email=email, role=Role.VIEWER, accept_url=accept_url
    )
    return _seat(board, user, email=email), invitation


@transaction.atomic
def board_member_remove(*, board_member, user):
    """Take someone off a board (their borough membership stays). Audited."""
    _require_admin(user, board_member.board.borough)
    board_member._history_user = user
    board_member._change_reason = "Removed board member"
    board_member.delete()
