"""What the pack is: borough, board, period, plans, and whether it is a draft."""

from django.utils import timezone

from actions.models import StatusUpdate
from reports.pack.snapshot import iso
from reports.selectors import next_meeting_after


def board(snap):
    if snap.board is None:
        return None
    meeting = next_meeting_after(snap.board, snap.period.end)
    return {
        "name": snap.board.name,
        "slug": snap.board.slug,
        "chair": snap.board.chair,
        "meeting_date": iso(meeting.date) if meeting else None,
    }


def period(snap):
    p = snap.period
    return {
        "label": p.label,
        "slug": p.slug,
        "start": iso(p.start),
        "end": iso(p.end),
        "previous": p.previous().label,
        "next": p.next().label,
    }


def is_draft(snap, asked_for_draft):
    """A draft while the quarter's round is open or in review, or when asked for as one."""
    return bool(asked_for_draft) or (snap.round is not None and not snap.round.is_final)


def round_closed(snap):
    """The day the round closed, for a final pack: its ratings are as recorded by then."""
    if snap.round is None or not snap.round.is_final:
        return None
    return iso(timezone.localdate(snap.round.closed_at))


def pending_review(snap):
    """Updates for the quarter waiting for review at the cutoff: not in the pack, but counted."""
    return StatusUpdate.objects.filter(
        StatusUpdate.waiting_for_review_at(snap.recorded_by),
        action_id__in=list(snap.action_by_id),
        date__lte=snap.period.end,
        date__gte=snap.period.start,
    ).count()
