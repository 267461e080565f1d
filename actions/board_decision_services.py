"""Writes to a status update's board decision: the question asked and what was decided."""

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.models import BoardDecisionDetail
from boroughs.audit import audited_save


@transaction.atomic
def status_update_ask_board(*, update, user, decision, decide_by=None):
    """Flag a status update as needing a board decision, in the lead's words; "" unflags.

    The board pack's first page lists each flagged latest update as "a decision the
    board is asked to make", so the wording is required and kept to a sentence or two.
    """
    decision = (decision or "").strip()
    if len(decision) > 500:
        raise ValidationError(
            {"board_decision": "Say what the board must decide in 500 characters or fewer."}
        )
    update.needs_board_decision = bool(decision)
    update.board_decision = decision
    reason = "Asked the board for a decision" if decision else "Withdrew the board decision"
    _board_detail_save(update, user=user, reason=reason, decide_by=decide_by if decision else None)
    return audited_save(update, user=user, reason=reason)


def _board_detail_save(update, *, user, reason, **fields):
    detail = BoardDecisionDetail.objects.filter(update=update).first()
    if detail is None:
        if not any(fields.values()):
            return None
        detail = BoardDecisionDetail(update=update)
    for name, value in fields.items():
        setattr(detail, name, value)
    return audited_save(detail, user=user, reason=reason)


@transaction.atomic
def status_update_record_outcome(*, update, user, outcome):
    """What the board decided on a flagged update, and what happened, after its meeting."""
    outcome = (outcome or "").strip()
    if not update.needs_board_decision:
        raise ValidationError({"board_outcome": "The board was not asked to decide on this."})
    if len(outcome) > 1000:
        raise ValidationError(
            {"board_outcome": "Say what the board decided in 1,000 characters or fewer."}
        )
    return _board_detail_save(
        update, user=user, reason="Recorded the board's decision", outcome=outcome
    )
