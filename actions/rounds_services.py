"""Writes for quarterly updates: many actions in one go, submitted, approved or returned.

`updates_record` is the writer behind the single "Save and next" page, the bulk page
and the status page where updates are reviewed. It goes through the one bulk writer,
actions.bulk (`claim_versions` refuses the whole save if any row is stale, so nothing
is lost; `actions_bulk_write` writes the actions, their history rows and one linked
StatusUpdate per row), in a fixed number of queries whatever the number of rows.

Where the borough reviews updates, a saved update is *submitted*: the action keeps its
approved rating until a priority lead or borough admin approves it (`update_approve`),
or returns it with a comment (`update_return`). Each step leaves a history row.
"""

import copy
from dataclasses import dataclass
from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.bulk import BulkAction, ConcurrentEdit, actions_bulk_write, claim_versions
from actions.models import RAGB, Action, ReviewState, StatusUpdate
from actions.ragb import rating_problems
from actions.services import StaleEdit, _changes_since
from boroughs.models import Person, Role
from boroughs.selectors import has_role

STATUS_FIELDS = frozenset(
    ["status", "status_narrative", "next_steps", "status_date", "completed_on"]
)


@dataclass
class UpdateRow:
    """One action's update as typed: what it becomes, and the version it was opened at."""

    action: Action
    expected_version: int
    status: str
    narrative: str = ""
    next_steps: str = ""
    completed_on: Date | None = None
    on_behalf_of: Person | None = None


def row_errors(row):
    """{field: message} for one row: the rating rules (actions.ragb), naming the action."""
    if row.status not in RAGB.values:
        return {"status": f"Action {row.action.reference}: choose a rating"}
    problems = rating_problems(
        status=row.status,
        previous=row.action.status,
        narrative=row.narrative,
        completed_on=row.completed_on,
    )
    return {field: f"Action {row.action.reference}: {msg}" for field, msg in problems.items()}


def _stale(rows, error):
    """The StaleEdit for the first row someone else changed (what changed, and who)."""
    stale = next(row for row in rows if row.action.pk in error.pks)
    current = Action.objects.get(pk=stale.action.pk)
    return StaleEdit(current, _changes_since(current, stale.expected_version))


def _as_rated(row, date):
    """A copy of the row's action holding its update (the caller's stays as it was read)."""
    action = copy.copy(row.action)
    action.status = row.status
    action.status_narrative = row.narrative
    action.next_steps = row.next_steps
    action.status_date = date
    if row.status == RAGB.BLUE:
        action.completed_on = row.completed_on or action.completed_on
    return action


def _refuse_invalid(rows, date):
    """Refuse the whole save (ValidationError) if `date` is in the future or any row
    breaks the rating rules (row_errors: every row's message)."""
    errors = {}
    for row in rows:
        for field, message in row_errors(row).items():
            errors.setdefault(row.action.pk, {})[field] = message
    if date > timezone.localdate():
        raise ValidationError({"date": "The date of an update cannot be in the future."})
    if errors:
        raise ValidationError(
            [message for fields in errors.values() for message in fields.values()]
        )


@transaction.atomic
def updates_record(
    *,
    user,
    rows,
    date,
    review,
    source=StatusUpdate.Source.BULK,
    recorded_at=None,
    is_illustrative=False,
):
    """Record one update per row, reporting on `date`; returns the StatusUpdates.

    With `review`, each is submitted and the actions are left as they are until approval.
    Refuses the whole save (ValidationError, or StaleEdit for the first row someone else
    changed meanwhile) rather than saving part of it. `recorded_at` back-dates the
    updates and their history rows (the demo loader only).
    """
    _refuse_invalid(rows, date)
    now = recorded_at or timezone.now()
    author = user if getattr(user, "is_authenticated", False) else None
    written = {"date": date, "author": author, "source": source, "now": now}
    try:
        if review:
            return _submit(rows, **written, is_illustrative=is_illustrative)
        history = _rate(rows, **written, is_illustrative=is_illustrative)
    except ConcurrentEdit as error:
        raise _stale(rows, error) from None
    for row in rows:
        row.action.version = row.expected_version + 1
    return list(StatusUpdate.objects.filter(history_row_id__in=list(history.values())))


def _rate(rows, *, date, author, source, now, is_illustrative):
    """Not reviewed: the actions rated, each with its history row and linked update
    (actions_bulk_write). Returns {action id: history row id}."""
    return actions_bulk_write(
        writes=[
            BulkAction(
                _as_rated(row, date),
                fields=STATUS_FIELDS,
                expected_version=row.expected_version,
                rate=True,
                update={
                    "on_behalf_of_id": row.on_behalf_of.pk if row.on_behalf_of else None,
                    "is_illustrative": is_illustrative,
                },
            )
            for row in rows
        ],
        user=author,
        source=source,
        reason="Quarterly update",
        recorded_at=now,
    )


def _submit(rows, *, date, author, source, now, is_illustrative):
    """Submitted for review: the actions' versions claimed, the actions left as they are."""
    claim_versions({row.action.pk: row.expected_version for row in rows})
    for row in rows:
        row.action.version = row.expected_version + 1
    updates = [
        StatusUpdate(
            action=row.action,
            date=date,
            status=row.status,
            narrative=row.narrative,
            next_steps=row.next_steps,
            completed_on=row.completed_on if row.status == RAGB.BLUE else None,
            author=author,
            on_behalf_of=row.on_behalf_of,
            created_at=now,
            source=source,
            review_state=ReviewState.SUBMITTED,
            is_illustrative=is_illustrative,
        )
        for row in rows
    ]
    return bulk_create_with_history(
        updates,
        StatusUpdate,
        default_user=author,
        default_change_reason="Submitted for review",
        default_date=now,
    )


def can_review(user, update):
    """The priority's lead or a borough admin may approve or return an update."""
    action = update.action
    return action.priority.lead_id == user.pk or has_role(user, action.plan.borough, Role.ADMIN)


def _review(update, *, user, state, comment, at=None):
    if not can_review(user, update):
        raise PermissionDenied("Only the priority lead or a borough admin can review updates.")
    update = StatusUpdate.objects.select_for_update().get(pk=update.pk)
    if update.review_state != ReviewState.SUBMITTED:
        raise ValidationError("This update has already been reviewed.")
    update.review_state = state
    update.reviewed_by = user
    update.reviewed_at = at or timezone.now()
    update.review_comment = comment
    update._history_date = update.reviewed_at
    update._history_user = user
    update._change_reason = ReviewState(state).label
    update.save()
    return update


@transaction.atomic
def update_approve(*, update, user, comment="", at=None):
    """Approve a submitted update: it becomes the action's rating and reaches packs.

    `at` back-dates the review (the demo loader only), as `recorded_at` does elsewhere.
    """
    update = _review(update, user=user, state=ReviewState.APPROVED, comment=comment, at=at)
    action = Action.objects.select_for_update(no_key=True).get(pk=update.action_id)
    # A newer approved update reporting on a later day keeps the action's current rating.
    if action.status_date and action.status_date > update.date:
        return update
    row = UpdateRow(
        action=action,
        expected_version=action.version,
        status=update.status,
        narrative=update.narrative,
        next_steps=update.next_steps,
        completed_on=update.completed_on,
    )
    history = actions_bulk_write(
        writes=[BulkAction(_as_rated(row, update.date), fields=STATUS_FIELDS, rate=False)],
        user=user,
        source=StatusUpdate.Source.FORM,
        reason="Status update approved",
        recorded_at=update.reviewed_at,
    )
    # The rating change's history row is the approval's, so the update links to it.
    StatusUpdate.objects.filter(pk=update.pk).update(history_row=history[action.pk])
    return update


@transaction.atomic
def update_return(*, update, user, comment, at=None):
    """Send an update back to its author with what to change (`at`: as update_approve)."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter what needs to change"})
    return _review(update, user=user, state=ReviewState.RETURNED, comment=comment, at=at)
