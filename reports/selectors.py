"""Reads for board packs: boards, packs, and any audited model "as at" an instant."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from boroughs.models import Borough
from boroughs.selectors import borough_ids_for_user, scope_to_user
from governance.models import Board, Meeting
from reports.models import BoardPack, CrossBoroughPack


def rows_as_at(model, *, when, **filters):
    """The latest history row of each `model` object at or before `when`.

    The same window-function pick as actions.selectors.actions_as_at, for the other
    audited models a pack reads (plans, priorities, people, milestones, measures,
    measure values, risks). Objects created after `when` or deleted before it are left
    out. Returns historical rows, so `history_id` is there for m2m history lookups.
    """
    historical = model.history.model
    return list(
        historical.objects.filter(history_date__lte=when, **filters)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(row=1)
        .exclude(history_type="-")
        .order_by("id")
    )


def board_queryset():
    return Board.objects.select_related("borough")


def boards_for_user(user, *, role="viewer"):
    return scope_to_user(board_queryset(), user, role=role)


def next_meeting_after(board, day):
    """The board's first meeting on or after `day`: when the pack will be presented."""
    return Meeting.objects.filter(board=board, date__gte=day).order_by("date").first()


def upcoming_meetings(board, *, today, limit=3):
    return list(Meeting.objects.filter(board=board, date__gte=today).order_by("date")[:limit])


def pack_queryset():
    return BoardPack.objects.select_related("borough", "board", "requested_by")


def packs_for_user(user, *, role="viewer"):
    return scope_to_user(pack_queryset(), user, role=role)


def packs_for_board(board):
    return pack_queryset().filter(board=board).order_by("-requested_at", "-id")


def cross_pack_queryset():
    return CrossBoroughPack.objects.select_related("requested_by").prefetch_related("boroughs")


def cross_packs_for_user(user):
    """Cross-borough packs whose every borough the user belongs to (superusers: all)."""
    ids = borough_ids_for_user(user)
    if ids is None:
        return cross_pack_queryset()
    return cross_pack_queryset().exclude(boroughs__in=Borough.objects.exclude(pk__in=ids))
