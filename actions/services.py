"""Writes to plans and actions. Each is one transaction and leaves an audited history row.

These are the only code that changes actions, their ratings, owners, tags, milestones
and measure values: the officers' forms, the bulk page, imports, the seed and demo
loaders and the Django admin all call them. Bulk writes (imports, loaders) are in
actions/bulk.py, which keeps the same rules: versions claimed, one StatusUpdate per
rating change, linked to its history row.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.signals import post_create_historical_record

from actions import ragb
from actions.bulk import BulkAction, actions_bulk_write
from actions.models import (
    RAGB,
    Action,
    StatusUpdate,
)
from boroughs.audit import audited_save
from boroughs.models import Membership, Role

# The longest narrative or next steps: the same as a spreadsheet cell on import
# (actions/spreadsheets/values.py), so what one route accepts the other does too.
MAX_TEXT_CHARS = 10_000


class StaleEdit(Exception):
    """Someone else saved the action after this form was opened."""

    def __init__(self, action, changes):
        self.action = action
        # [(field label, what the form started from, what it is now)]
        self.changes = changes
        super().__init__(f"Action {action.reference} was changed by someone else")


# The fields a conflict message compares, with the words a user sees.
TRACKED_FIELDS = {
    "status": "Status",
    "status_narrative": "Narrative",
    "next_steps": "Next steps",
    "status_date": "Date of rating",
    "description": "Description",
    "timescale": "Timescale",
    "due_date": "Due date",
    "start_date": "Start date",
    "completed_on": "Completed on",
    "lead_agency": "Lead agency",
}


@dataclass(frozen=True)
class StatusChange:
    status: str
    narrative: str = ""
    next_steps: str = ""


def _changes_since(action, version):
    """What changed on `action` after the version the user started from."""
    history = action.history.all()
    seen = history.filter(version=version).order_by("-history_date").first()
    if seen is None:
        return []
    now = history.order_by("-history_date", "-history_id").first()
    diff = now.diff_against(seen, included_fields=list(TRACKED_FIELDS))
    user = now.history_user
    return [
        {
            "field": TRACKED_FIELDS[c.field],
            "old": c.old,
            "new": c.new,
            "by": (user.get_full_name() or user.get_username()) if user else "someone",
            "at": now.history_date,
        }
        for c in diff.changes
    ]


def _claim_version(action, expected_version):
    """Bump the version only if nobody else has, so exactly one concurrent save wins.

    The conditional UPDATE is atomic in the database, so this holds across processes
    and connections, not just threads.
    """
    claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = Action.objects.get(pk=action.pk)
        raise StaleEdit(current, _changes_since(current, expected_version))
    action.version = expected_version + 1


def _claim_next_version(action):
    """Claim the version after whatever is current, with no expectation (admin reverts).

    The row lock makes a concurrent conditional UPDATE wait, then fail: a form opened
    before this write is refused however the two interleave.
    """
    current = (
        Action.objects.select_for_update(no_key=True)
        .filter(pk=action.pk)
        .values_list("version", flat=True)
    )
    action.version = current.get() + 1


def _remember_history_row(sender, instance, history_instance, **kwargs):
    # simple_history does not return the row it writes on save(); keep it on the
    # instance so the service can link the StatusUpdate to it without a query.
    instance._written_history_row = history_instance


post_create_historical_record.connect(
    _remember_history_row, dispatch_uid="actions-services-remember-history-row"
)


def _save_with_history(action, *, user, reason, recorded_at=None):
    """Save with an audited row; returns that history row.

    `recorded_at` back-dates the row (seed and demo loaders): it is written with that
    date, never moved there afterwards.
    """
    action._history_user = user
    action._change_reason = reason
    action._history_date = recorded_at or timezone.now()
    try:
        action.save()
    finally:
        del action._history_date
    return action.__dict__.pop("_written_history_row", None)


# Where officers type a rating the narrative rule (actions.ragb.rating_problems) is
# enforced; the others (import, admin, seed, demo) record what they were given, and
# the import's preview warns.
TYPED_SOURCES = {StatusUpdate.Source.FORM, StatusUpdate.Source.BULK}


@transaction.atomic
def action_update_status(
    *,
    action,
    user,
    status,
    narrative="",
    next_steps="",
    date=None,
    completed_on=None,
    expected_version=None,
    is_illustrative=False,
    source=StatusUpdate.Source.FORM,
    recorded_at=None,
):
    """Rate an action: write a StatusUpdate and the action's current status together.

    The StatusUpdate records its `source` and links to the action's history row
    written here. `recorded_at` back-dates both (seed and demo loaders only).
    """
    if status not in RAGB.values:
        raise ValidationError({"status": "Choose Red, Amber, Green or Blue."})
    date = date or timezone.localdate()
    problems = ragb.rating_problems(
        status=status, previous=action.status, narrative=narrative, completed_on=completed_on
    )
    if source not in TYPED_SOURCES:
        problems.pop("narrative", None)
    if problems:
        raise ValidationError(problems)
    for name, text in (("narrative", narrative), ("next_steps", next_steps)):
        if len(text) > MAX_TEXT_CHARS:
            raise ValidationError({name: f"Keep it to {MAX_TEXT_CHARS:,} characters or fewer."})
    # Without a version from a form, the caller's copy of the action is what it edits.
    _claim_version(action, action.version if expected_version is None else expected_version)

    # The update and its history row carry the same moment, recorded_at or now.
    recorded_at = recorded_at or timezone.now()
    action.status = status
    action.status_narrative = narrative
    action.next_steps = next_steps
    action.status_date = date
    if status == RAGB.BLUE:
        action.completed_on = completed_on
    row = _save_with_history(
        action, user=user, reason=f"Status update: {RAGB(status).label}", recorded_at=recorded_at
    )
    return _write_status_update(
        action=action,
        user=user,
        row=row,
        source=source,
        recorded_at=recorded_at,
        is_illustrative=is_illustrative,
    )


def _write_status_update(*, action, user, row, source, recorded_at=None, is_illustrative=False):
    """The StatusUpdate of the rating `action` now holds, linked to its history `row`."""
    update = StatusUpdate(
        action=action,
        date=action.status_date or timezone.localdate(),
        status=action.status,
        narrative=action.status_narrative,
        next_steps=action.next_steps,
        author=user if getattr(user, "is_authenticated", False) else None,
        is_illustrative=is_illustrative,
        source=source,
        history_row=row,
        created_at=recorded_at or timezone.now(),
        # The completion date a Blue update gave, so a pack for its quarter can say it.
        completed_on=action.completed_on if action.status == RAGB.BLUE else None,
    )
    update._history_user = user
    update._history_date = update.created_at
    # The history row was written just now, in this transaction: no need to look it up.
    update.full_clean(exclude=["history_row"])
    update.save()
    return update


@transaction.atomic
def action_update(
    *,
    action,
    user,
    expected_version=None,
    reason="Edited action",
    recorded_at=None,
    source=StatusUpdate.Source.FORM,
    **fields,
):
    """Edit an action's own fields, refusing a stale form.

    Officers rate through action_update_status; a `status` changed here (the admin,
    a revert) still writes its StatusUpdate, recording `source`.
    """
    unknown = set(fields) - {f.name for f in Action._meta.concrete_fields} - {"owners", "tags"}
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")
    owners = fields.pop("owners", None)
    tags = fields.pop("tags", None)
    fields.pop("version", None)
    # Without a version from a form, the caller's copy of the action is what it edits.
    _claim_version(action, action.version if expected_version is None else expected_version)
    return _apply_edit(
        action, user=user, reason=reason, recorded_at=recorded_at, source=source,
        fields=fields, owners=owners, tags=tags,
    )  # fmt: skip


@transaction.atomic
def action_revert(*, action, user, reason, **fields):
    """Restore an action's fields from its history (the admin's Revert).

    The restored action gets a new, higher version, never the old number, so a form
    opened before the revert is refused as stale.
    """
    owners = fields.pop("owners", None)
    tags = fields.pop("tags", None)
    fields.pop("version", None)
    _claim_next_version(action)
    return _apply_edit(
        action, user=user, reason=reason, recorded_at=None, source=StatusUpdate.Source.ADMIN,
        fields=fields, owners=owners, tags=tags,
    )  # fmt: skip


def _apply_edit(action, *, user, reason, recorded_at, source, fields, owners, tags):
    # The caller's copy may already hold the new status (the admin sets it on the
    # instance), so the rating it replaces is read from the row this edit has claimed.
    previous = action.status
    if "status" in fields:
        previous = Action.objects.filter(pk=action.pk).values_list("status", flat=True).get()
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean(exclude=["version", "owners", "tags"])
    # Owners and tags first, without history of their own, so that the one history
    # row written by the save below already holds them.
    action.skip_history_when_saving = True
    try:
        if owners is not None:
            action.owners.set(owners)
        if tags is not None:
            action.tags.set(tags)
    finally:
        del action.skip_history_when_saving
    rated = action.status != previous and action.status in RAGB.values
    recorded_at = recorded_at or timezone.now()
    if rated:
        action.status_date = action.status_date or timezone.localdate()
        reason = f"{reason}: rated {RAGB(action.status).label}"
    row = _save_with_history(action, user=user, reason=reason, recorded_at=recorded_at)
    if rated:
        _write_status_update(
            action=action, user=user, row=row, source=source, recorded_at=recorded_at
        )
    return action


@transaction.atomic
def action_admin_create(*, action, user, owners=(), tags=(), **fields):
    """An action added in the Django admin: one history row with its owners and tags,
    and a StatusUpdate (source "admin") if it is added with a rating."""
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean(exclude=["owners", "tags"])
    if action.status and action.status_date is None:
        action.status_date = timezone.localdate()
    write = BulkAction(action, owners={o.pk for o in owners}, tags={t.pk for t in tags})
    actions_bulk_write(
        writes=[write], user=user, source=StatusUpdate.Source.ADMIN, reason="Added in the admin"
    )
    return action


@transaction.atomic
def action_set_editor(*, action, user, editor):
    """Choose who keeps `action` up to date (None: nobody); they must be able to edit it."""
    if editor is not None:
        allowed = Membership.objects.filter(
            user=editor, borough_id=action.plan.borough_id, role__in=[Role.EDITOR, Role.ADMIN]
        ).exists()
        if not allowed:
            raise ValidationError(
                {"editor": "Choose an editor or borough admin of this action's borough."}
            )
    return action_update(
        action=action, user=user, reason="Changed who keeps it up to date", editor=editor
    )


# --- Officer-facing edits (pages in actions/views/) -------------------------------


def next_position(queryset):
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def tags_for_names(*, borough, names):
    """`borough`'s Tag for each name, creating any it does not have yet."""
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag = borough.tags.filter(name__iexact=name).first() or borough.tags.create(name=name)
        if tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def action_edit(*, action, user, expected_version, tag_names=None, **fields):
    """Edit an action from the officer's form: tags by name, the rest via action_update.

    One transaction, so a stale form creates no tags either.
    """
    if tag_names is not None:
        fields["tags"] = tags_for_names(borough=action.plan.borough, names=tag_names)
    return action_update(action=action, user=user, expected_version=expected_version, **fields)


@transaction.atomic
def action_create(
    *, plan, priority, user, reference, description, objective=None, owners=(), **fields
):
    """Add an action to a priority of `plan`, at the end of the plan."""
    if priority.plan_id != plan.pk or (
        objective is not None and objective.priority_id != priority.pk
    ):
        raise ValidationError("The priority and objective must belong to this plan.")
    action = Action(
        plan=plan,
        priority=priority,
        objective=objective,
        reference=reference,
        description=description,
        position=next_position(plan.actions.all()),
        **fields,
    )
    audited_save(action, user=user, reason="Added action")
    if owners:
        action.owners.set(owners)
    return action
