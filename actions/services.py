"""Writes to plans and actions. Each is one transaction and leaves an audited history row."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actions.models import RAGB, Action, StatusUpdate


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
            "by": user.get_full_name() or user.get_username() if user else "someone",
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


def _save_with_history(action, *, user, reason):
    action._history_user = user
    action._change_reason = reason
    action.save()


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
):
    """Rate an action: write a StatusUpdate and the action's current status together."""
    if status not in RAGB.values:
        raise ValidationError({"status": "Choose Red, Amber, Green or Blue."})
    date = date or timezone.localdate()
    if status in (RAGB.RED, RAGB.AMBER) and not narrative.strip():
        raise ValidationError({"narrative": "Explain the rating: Red and Amber need a narrative."})
    if status != action.status and action.status and not narrative.strip():
        raise ValidationError({"narrative": "Explain why the rating has changed."})
    if status == RAGB.BLUE and completed_on is None:
        raise ValidationError({"completed_on": "Enter the date the action was completed."})
    # Without a version from a form, the caller's copy of the action is what it edits.
    _claim_version(action, action.version if expected_version is None else expected_version)

    update = StatusUpdate(
        action=action,
        date=date,
        status=status,
        narrative=narrative,
        next_steps=next_steps,
        author=user if getattr(user, "is_authenticated", False) else None,
        is_illustrative=is_illustrative,
    )
    update._history_user = user
    update.full_clean()
    update.save()

    action.status = status
    action.status_narrative = narrative
    action.next_steps = next_steps
    action.status_date = date
    if status == RAGB.BLUE:
        action.completed_on = completed_on
    _save_with_history(action, user=user, reason=f"Status update: {RAGB(status).label}")
    return update


@transaction.atomic
def action_update(*, action, user, expected_version=None, reason="Edited action", **fields):
    """Edit an action's own fields (not its rating), refusing a stale form."""
    unknown = set(fields) - {f.name for f in Action._meta.concrete_fields} - {"owners", "tags"}
    if unknown:
        raise TypeError(f"Unknown action fields: {', '.join(sorted(unknown))}")
    owners = fields.pop("owners", None)
    tags = fields.pop("tags", None)
    # Without a version from a form, the caller's copy of the action is what it edits.
    _claim_version(action, action.version if expected_version is None else expected_version)
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean(exclude=["version", "owners", "tags"])
    _save_with_history(action, user=user, reason=reason)
    if owners is not None:
        action.owners.set(owners)
    if tags is not None:
        action.tags.set(tags)
    return action
