"""Reads for boards: who sits on one (governance/models.py BoardMember), and what it
oversees (its scope).

A seat is an account, or an email address invited to the borough: it counts for
whoever signs in with that address, once they have accepted the invitation.
"""

import operator
from functools import reduce

from django.contrib.auth import get_user_model
from django.db.models import Exists, Q
from django.db.models.functions import Lower

from governance.models import Board, BoardMember

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


class BoardScope:
    """What a board oversees: the rule, written once (packs and the board's page).

    A board that chose no plans and no priorities oversees the whole borough. Otherwise
    a priority is in scope when it or its plan was chosen, and a plan when it was chosen
    or holds a priority in scope. Read two ways: `plans_held_now` filters the plans the
    borough holds now in SQL (no query of its own); `priorities_in` and `plan_ids_in`
    apply it to rows as at a date (a pack's history rows), after reading the board's
    choices (two queries, once).
    """

    def __init__(self, board):
        self.board = board
        self._chosen = None

    def _choices(self):
        if self._chosen is None:
            self._chosen = (
                set(self.board.plans.values_list("id", flat=True)),
                set(self.board.priorities.values_list("id", flat=True)),
            )
        return self._chosen

    @property
    def plan_ids(self):
        """The plans the board chose (whole)."""
        return self._choices()[0]

    @property
    def is_whole_borough(self):
        plan_ids, priority_ids = self._choices()
        return not plan_ids and not priority_ids

    def _has(self, priority):
        plan_ids, priority_ids = self._choices()
        return self.is_whole_borough or priority.plan_id in plan_ids or priority.id in priority_ids

    def priorities_in(self, priorities):
        """Those of `priorities` (anything with id and plan_id) the board oversees."""
        return [p for p in priorities if self._has(p)]

    def plan_ids_in(self, plan_ids, priorities):
        """Those of `plan_ids` the board oversees, given the plans' `priorities`."""
        if self.is_whole_borough:
            return set(plan_ids)
        kept = self.plan_ids | {p.plan_id for p in priorities if self._has(p)}
        return set(plan_ids) & kept

    def plans_held_now(self, plans):
        """The plans of the queryset `plans` the board oversees, as they are now."""
        board = self.board
        chose = Exists(Board.plans.through.objects.filter(board=board)) | Exists(
            Board.priorities.through.objects.filter(board=board)
        )
        return plans.filter(Q(boards=board) | Q(priorities__boards=board) | ~chose).distinct()


def board_scope(board):
    """The BoardScope of `board`; None for a pack of the whole borough (no board)."""
    return None if board is None else BoardScope(board)
