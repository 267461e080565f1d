"""Writes for quarterly updates: many actions in one go, submitted, approved or returned.

`updates_record` is the one writer behind the single "Save and next" page and the bulk
page. Whatever the number of rows it makes a fixed number of queries: one conditional
UPDATE claims every action's version (so a stale row refuses the whole save and nothing
is lost), then bulk inserts of the updates and of the audited history rows.

Where the borough reviews updates, a saved update is *submitted*: the action keeps its
approved rating until a priority lead or borough admin approves it (`update_approve`),
or returns it with a comment (`update_return`). Each step leaves a history row.
"""

from dataclasses import dataclass
from datetime import date as Date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.bulk import lock_actions
from actions.models import RAGB, Action, ReviewState, StatusUpdate
from actions.ragb import rating_problems
from actions.services import StaleEdit, _changes_since
from boroughs.models import Person, Role
from boroughs.selectors import has_role

STATUS_FIELDS = ["status", "status_narrative", "next_steps", "status_date", "completed_on"]


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


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _execute_many(sql, params):
    """Run one statement for each parameter row; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        return cursor.rowcount


def _claim_versions(rows):
    """Bump every row's action version, only where nobody else has.

    The actions are locked first in primary-key order, as every writer of many actions
    locks them (actions.bulk.lock_actions), so a bulk page and an import wait for each
    other instead of deadlocking; the read under the lock names the row someone else
    changed, and the conditional UPDATE still guarantees it.
    """
    if not rows:
        return
    versions = lock_actions(pks=[r.action.pk for r in rows])
    stale = next((r for r in rows if versions.get(r.action.pk) != r.expected_version), None)
    in_key_order = sorted(rows, key=lambda row: row.action.pk)
    if stale is None and _execute_many(
        # Table and column names come from the model and are quoted; values are parameters.
        f"UPDATE {_table(Action)} SET version = version + 1 WHERE id = %s AND version = %s",  # noqa: S608
        [(row.action.pk, row.expected_version) for row in in_key_order],
    ) != len(rows):
        # Changed in the instant between the read and the write: the exception rolls
        # the whole save back.
        stale = rows[0]
    if stale is not None:
        current = Action.objects.get(pk=stale.action.pk)
        raise StaleEdit(current, _changes_since(current, stale.expected_version))
    for row in rows:
        row.action.version = row.expected_version + 1


def _apply_to_actions(pairs, *, user, reason, when):
    """Set each action's current rating from its update, with history rows (bulk)."""
    actions = []
    for action, update in pairs:
        action.status = update.status
        action.status_narrative = update.narrative
        action.next_steps = update.next_steps
        action.status_date = update.date
        if update.status == RAGB.BLUE:
            action.completed_on = update.completed_on
        action.updated_at = when
        actions.append(action)
    if not actions:
        return {}
    # One statement run for every row (executemany): Django's bulk_update builds a CASE
    # per column per row, which took over half a second for 50 actions.
    columns = [*STATUS_FIELDS, "updated_at"]
    fields = [Action._meta.get_field(name) for name in columns]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    _execute_many(
        f"UPDATE {_table(Action)} SET {assignments} WHERE id = %s",  # noqa: S608
        [
            [f.get_db_prep_save(getattr(a, f.attname), connection) for f in fields] + [a.pk]
            for a in actions
        ],
    )
    return _bulk_action_history(actions, user=user, reason=reason, when=when)


def _bulk_action_history(actions, *, user, reason, when):
    """History rows for `actions`, with their owners and tags, as save() would write."""
    historical = Action.history.model
    rows = historical.objects.bulk_create(
        [
            historical(
                history_date=when,
                history_user=user,
                history_change_reason=reason,
                history_type="~",
                **{f.attname: getattr(a, f.attname) for f in historical.tracked_fields},
            )
            for a in actions
        ]
    )
    by_action = {r.id: r for r in rows}
    owners = Action.owners.through.objects.filter(action__in=actions)
    tags = Action.tags.through.objects.filter(action__in=actions)
    historical.owners.model.objects.bulk_create(
        [
            historical.owners.model(
                id=o.id,
                history_id=by_action[o.action_id].pk,
                action_id=o.action_id,
                person_id=o.person_id,
            )
            for o in owners
        ]
    )
    historical.tags.model.objects.bulk_create(
        [
            historical.tags.model(
                id=t.id,
                history_id=by_action[t.action_id].pk,
                action_id=t.action_id,
                tag_id=t.tag_id,
            )
            for t in tags
        ]
    )
    return by_action


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
    _claim_versions(rows)
    now = recorded_at or timezone.now()
    author = user if getattr(user, "is_authenticated", False) else None
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
            review_state=ReviewState.SUBMITTED if review else ReviewState.NOT_REVIEWED,
            is_illustrative=is_illustrative,
        )
        for row in rows
    ]
    if not review:
        # The actions' history rows first, so each update links to its own (history_row).
        rows_by_action = _apply_to_actions(
            [(row.action, u) for row, u in zip(rows, updates, strict=True)],
            user=author,
            reason="Status update",
            when=now,
        )
        for update in updates:
            update.history_row_id = rows_by_action[update.action_id].pk
    reason = "Submitted for review" if review else "Quarterly update"
    return bulk_create_with_history(
        updates, StatusUpdate, default_user=author, default_change_reason=reason, default_date=now
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
    action = Action.objects.select_for_update().get(pk=update.action_id)
    # A newer approved update reporting on a later day keeps the action's current rating.
    if action.status_date and action.status_date > update.date:
        return update
    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
    action.version += 1
    rows = _apply_to_actions(
        [(action, update)], user=user, reason="Status update approved", when=update.reviewed_at
    )
    # The rating change's history row is the approval's, so the update links to it.
    StatusUpdate.objects.filter(pk=update.pk).update(history_row=rows[action.pk])
    return update


@transaction.atomic
def update_return(*, update, user, comment, at=None):
    """Send an update back to its author with what to change (`at`: as update_approve)."""
    if not comment.strip():
        raise ValidationError({"comment": "Enter what needs to change"})
    return _review(update, user=user, state=ReviewState.RETURNED, comment=comment, at=at)
