"""Writes to plans and actions. Each is one transaction and leaves an audited history row."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actions import ragb
from actions.models import (
    RAGB,
    Action,
    MeasureValue,
    Milestone,
    Objective,
    Priority,
    StatusUpdate,
    Tag,
)


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
    problems = ragb.rating_problems(
        status=status, previous=action.status, narrative=narrative, completed_on=completed_on
    )
    if problems:
        raise ValidationError(problems)
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
    # A back-dated save (seed and demo loaders set action._history_date) dates the
    # status update's history row the same way as the action's.
    if hasattr(action, "_history_date"):
        update._history_date = action._history_date
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


# --- Officer-facing edits (pages in actions/views/) -------------------------------


def _save(obj, *, user, reason):
    """Validate and save any audited model, recording who and why."""
    obj.full_clean()
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj


def _next_position(queryset):
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def tags_for_names(*, names):
    """The Tag for each name, creating any that do not exist yet (tags are shared)."""
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def action_edit(*, action, user, expected_version, tag_names=None, **fields):
    """Edit an action from the officer's form: tags by name, the rest via action_update.

    One transaction, so a stale form creates no tags either.
    """
    if tag_names is not None:
        fields["tags"] = tags_for_names(names=tag_names)
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
        position=_next_position(plan.actions.all()),
        **fields,
    )
    _save(action, user=user, reason="Added action")
    if owners:
        action.owners.set(owners)
    return action


@transaction.atomic
def milestone_create(*, action, user, title, timescale="", due_date=None):
    milestone = Milestone(
        action=action,
        title=title,
        timescale=timescale,
        due_date=due_date,
        position=_next_position(action.milestones.all()),
    )
    return _save(milestone, user=user, reason="Added milestone")


@transaction.atomic
def milestone_achieve(*, milestone, user, achieved_on=None):
    """Tick a milestone off. Ticking an achieved one again keeps its first date."""
    if milestone.achieved_on is None:
        milestone.achieved_on = achieved_on or timezone.localdate()
        _save(milestone, user=user, reason="Milestone achieved")
    return milestone


@transaction.atomic
def measure_value_add(*, measure, user, date, value, note=""):
    if MeasureValue.objects.filter(measure=measure, date=date).exists():
        raise ValidationError(
            {"date": "There is already a value for this date. Choose another date."}
        )
    value = MeasureValue(measure=measure, date=date, value=value, note=note)
    return _save(value, user=user, reason="Added measure value")


def _add_level(model, *, siblings, position, user, reason, **fields):
    """A new priority or objective, placed last among `siblings` unless given a position."""
    if position is None:
        position = _next_position(siblings)
    return _save(model(position=position, **fields), user=user, reason=reason)


def _edit(obj, *, user, reason, fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return _save(obj, user=user, reason=reason)


@transaction.atomic
def priority_create(*, plan, user, title, number="", description="", position=None):
    return _add_level(
        Priority,
        siblings=plan.priorities.all(),
        position=position,
        user=user,
        reason="Added priority",
        plan=plan,
        title=title,
        number=number,
        description=description,
    )


@transaction.atomic
def priority_update(*, priority, user, **fields):
    return _edit(priority, user=user, reason="Edited priority", fields=fields)


@transaction.atomic
def objective_create(*, priority, user, title, number="", description="", position=None):
    return _add_level(
        Objective,
        siblings=priority.objectives.all(),
        position=position,
        user=user,
        reason="Added objective",
        priority=priority,
        title=title,
        number=number,
        description=description,
    )


@transaction.atomic
def objective_update(*, objective, user, **fields):
    return _edit(objective, user=user, reason="Edited objective", fields=fields)
