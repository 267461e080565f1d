"""Writes for reporting rounds. Each is one transaction and leaves an audited history row.

A round moves open → in review → final and never back: final is what the board saw.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from boroughs.models import Borough, Role
from boroughs.selectors import has_role
from governance.models import Meeting, ReportingRound, RoundStatus
from sendplan.periods import ReportingPeriod

# Owners have this long after the quarter's end to write their updates (30 Sep → 20 Oct),
# and leads this long after that to review them.
UPDATE_DAYS = 20
REVIEW_DAYS = 10
NEXT_STATUS = {RoundStatus.OPEN: RoundStatus.IN_REVIEW, RoundStatus.IN_REVIEW: RoundStatus.FINAL}


def _require_admin(user, borough):
    # The scheduled task opens rounds with no user; people need to be borough admins.
    if user is not None and not has_role(user, borough, Role.ADMIN):
        raise PermissionDenied("Only borough admins can run reporting rounds.")


def _save(reporting_round, *, user, reason):
    reporting_round.full_clean()
    reporting_round._history_user = user
    reporting_round._change_reason = reason
    reporting_round.save()
    return reporting_round


def _first_meeting_after(borough, board, day):
    meetings = Meeting.objects.filter(date__gt=day).order_by("date", "id")
    meetings = meetings.filter(board=board) if board else meetings.filter(board__borough=borough)
    return meetings.first()


def proposed_deadlines(period, today, update_deadline=None):
    """(updates due by, reviews due by) for a round opened `today`: UPDATE_DAYS after the
    quarter ends, or UPDATE_DAYS from today when that would leave less than a week (a
    quarter that ended weeks ago); reviews REVIEW_DAYS after updates."""
    if update_deadline is None:
        update_deadline = period.end + dt.timedelta(days=UPDATE_DAYS)
        if update_deadline < today + dt.timedelta(days=7):
            update_deadline = today + dt.timedelta(days=UPDATE_DAYS)
    return update_deadline, update_deadline + dt.timedelta(days=REVIEW_DAYS)


@transaction.atomic
def round_open(
    *,
    borough,
    period,
    user,
    board=None,
    update_deadline=None,
    review_deadline=None,
    meeting=None,
    opened_at=None,
    is_illustrative=False,
    today=None,
):
    """Open the quarter's round, once the quarter has ended."""
    _require_admin(user, borough)
    today = today or timezone.localdate()
    if period.end >= today:
        raise ValidationError({"period": f"{period.label} has not ended yet."})
    if board is not None and board.borough_id != borough.pk:
        raise ValidationError({"board": "That board belongs to another borough."})
    update_deadline, proposed_review = proposed_deadlines(period, today, update_deadline)
    review_deadline = review_deadline or proposed_review
    reporting_round = ReportingRound(
        borough=borough,
        board=board,
        period_year=period.year,
        period_quarter=period.quarter,
        update_deadline=update_deadline,
        review_deadline=review_deadline,
        meeting=meeting or _first_meeting_after(borough, board, review_deadline),
        opened_at=opened_at or timezone.now(),
        opened_by=user,
        is_illustrative=is_illustrative,
    )
    try:
        with transaction.atomic():
            return _save(reporting_round, user=user, reason=f"Opened the {period.label} round")
    except IntegrityError:
        raise ValidationError({"period": f"There is already a round for {period.label}."}) from None


@transaction.atomic
def round_extend(*, reporting_round, user, update_deadline, review_deadline=None):
    """Move a round's deadlines later (never earlier: people may have planned on them)."""
    _require_admin(user, reporting_round.borough)
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if reporting_round.is_final:
        raise ValidationError("A final round cannot be changed.")
    if update_deadline < reporting_round.update_deadline:
        raise ValidationError({"update_deadline": "A new deadline must be later, not earlier."})
    reporting_round.update_deadline = update_deadline
    reporting_round.review_deadline = max(
        review_deadline or reporting_round.review_deadline, update_deadline
    )
    return _save(
        reporting_round, user=user, reason=f"Extended the deadline to {update_deadline:%-d %B %Y}"
    )


@transaction.atomic
def round_advance(*, reporting_round, user, to_status, at=None):
    """open → in review → final. Finalising fixes the instant the quarter's pack closes."""
    _require_admin(user, reporting_round.borough)
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if NEXT_STATUS.get(reporting_round.status) != to_status and not (
        to_status == RoundStatus.FINAL and reporting_round.status == RoundStatus.OPEN
    ):
        raise ValidationError(
            f"A round that is {reporting_round.get_status_display().lower()} cannot become "
            f"{RoundStatus(to_status).label.lower()}."
        )
    reporting_round.status = to_status
    if to_status == RoundStatus.FINAL:
        reporting_round.closed_at = at or timezone.now()
        reporting_round.closed_by = user
    return _save(reporting_round, user=user, reason=f"Round {RoundStatus(to_status).label.lower()}")


def round_start_review(*, reporting_round, user):
    return round_advance(
        reporting_round=reporting_round, user=user, to_status=RoundStatus.IN_REVIEW
    )


def round_finalise(*, reporting_round, user, at=None):
    return round_advance(
        reporting_round=reporting_round, user=user, to_status=RoundStatus.FINAL, at=at
    )


def rounds_open_for_ended_quarters(*, today=None):
    """Open each borough's round for the quarter that has just ended, where none exists.

    Run daily by the worker (governance.tasks); the day after a quarter ends it opens
    that quarter's round. Returns the rounds it opened.
    """
    today = today or timezone.localdate()
    period = ReportingPeriod.containing(today).previous()
    opened = []
    has_round = ReportingRound.objects.filter(
        period_year=period.year, period_quarter=period.quarter, board__isnull=True
    ).values("borough_id")
    for borough in Borough.objects.exclude(id__in=has_round).order_by("name"):
        opened.append(round_open(borough=borough, period=period, user=None, today=today))
    return opened


@transaction.atomic
def borough_review_set(*, borough, user, updates_need_review, at=None):
    """Turn review of quarterly updates on or off for the borough (borough admins).

    Updates already written keep their state: turning review on affects updates saved
    from now on, which are submitted and wait for the priority lead or an admin. `at`
    back-dates the history row (the demo loader only).
    """
    _require_admin(user, borough)
    if borough.updates_need_review == updates_need_review:
        return borough
    borough.updates_need_review = updates_need_review
    borough._history_user = user
    borough._history_date = at or timezone.now()
    borough._change_reason = "Turned review of updates " + ("on" if updates_need_review else "off")
    borough.save(update_fields=["updates_need_review"])
    return borough
