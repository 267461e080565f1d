"""Reads for reporting rounds: which round a pack belongs to, and whether it is final."""

from django.db.models import Q

from boroughs.selectors import scope_to_user
from governance.models import ReportingRound, RoundStatus


def round_queryset():
    return ReportingRound.objects.select_related("borough", "board", "meeting", "opened_by")


def rounds_for_user(user, *, role="viewer"):
    return scope_to_user(round_queryset(), user, role=role)


def round_for(*, borough, period, board=None):
    """The round a pack for (borough, board, period) belongs to, or None.

    A board with a round of its own uses it; otherwise the borough's round applies.
    """
    rounds = round_queryset().filter(
        borough=borough, period_year=period.year, period_quarter=period.quarter
    )
    if board is not None:
        rounds = rounds.filter(Q(board=board) | Q(board__isnull=True)).order_by("board_id")
        # NULLs sort first on SQLite and last on PostgreSQL: pick explicitly.
        found = list(rounds)
        return next((r for r in found if r.board_id), found[0] if found else None)
    return rounds.filter(board__isnull=True).first()


def pack_is_draft(borough, period, board=None):
    """A pack is a draft while its quarter's round is still open or in review."""
    reporting_round = round_for(borough=borough, period=period, board=board)
    return reporting_round is not None and reporting_round.status != RoundStatus.FINAL


def recorded_by(reporting_round, now):
    """The instant up to which recorded updates count: the round's close, or now."""
    if reporting_round is not None and reporting_round.status == RoundStatus.FINAL:
        return reporting_round.closed_at
    return now
