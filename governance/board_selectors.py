"""Reads for who sits on a board (governance/models.py BoardMember).

A seat is an account, or an email address invited to the borough: it counts for
whoever signs in with that address, once they have accepted the invitation.
"""

import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.db.models.functions import Lower

from governance.models import BoardMember

User = get_user_model()


def board_members(board):
    """The board's seats, accounts first (by name), then addresses waiting to accept.
    A seat held by an address whose invitation has been accepted shows that account."""
    seats = list(board.members.select_related("user"))
    waiting = {s.email.lower(): s for s in seats if s.user is None}
    if waiting:
        joined = User.objects.filter(memberships__borough=board.borough_id, is_active=True)
        addresses = reduce(operator.or_, (Q(email__iexact=e) for e in waiting))
        for user in joined.filter(addresses):
            seat = waiting.pop(user.email.lower(), None)
            if seat is not None:
                seat.user = user
    return sorted(seats, key=lambda s: (s.user is None, s.name.lower()))


def seats_of(user):
    """The seats `user` holds: on their account, or on their email address."""
    if not user.is_authenticated:
        return BoardMember.objects.none()
    return seats_of_account(user.pk, user.email.lower())


def seats_of_account(user_id, email):
    """seats_of for the account `user_id` whose email address, in lower case, is `email`
    ("" for none): for a query compiled once with these as its parameters."""
    mine = Q(user_id=user_id)
    if email:
        # Addresses match whatever their case, as iexact would; lowered here by the
        # caller so the address is the parameter itself (sendplan/fixed_sql.py).
        mine |= Q(user__isnull=True, email_lower=email)
    return BoardMember.objects.alias(email_lower=Lower("email")).filter(mine)
