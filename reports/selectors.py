"""Reads for board packs: boards, packs and meetings. (Any audited model "as at" an
instant: sendplan.history.rows_as_at.)"""

from governance.models import Board, Meeting
from reports.models import BoardPack


def board_queryset():
    return Board.objects.select_related("borough")


def boards_for_user(user, *, role="viewer"):
    return board_queryset().visible_to(user, role)


def next_meeting_after(board, day):
    """The board's first meeting on or after `day`: when the pack will be presented."""
    return Meeting.objects.filter(board=board, date__gte=day).order_by("date").first()


def upcoming_meetings(board, *, today, limit=3):
    return list(Meeting.objects.filter(board=board, date__gte=today).order_by("date")[:limit])


def pack_queryset():
    return BoardPack.objects.select_related("borough", "board", "requested_by")


def packs_for_user(user, *, role="viewer"):
    return pack_queryset().visible_to(user, role)


def packs_for_board(board):
    return pack_queryset().filter(board=board).order_by("-requested_at", "-id")
