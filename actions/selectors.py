"""Reads of plans and actions. Writes live in services.py."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.db.models import Count, F, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from actions import ragb
from actions.models import (
    Action,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
)
from actions.rows import action_rows
from boroughs.models import Person
from sendplan.history import as_at


def action_queryset():
    """The one place that decides what an action list loads alongside each action."""
    return Action.objects.select_related(
        "plan", "plan__borough", "priority", "objective", "editor"
    ).prefetch_related(
        Prefetch("owners", queryset=Person.objects.order_by("name")),
        "tags",
    )


def action_detail_queryset():
    # Nothing is prefetched: the action page reads the owners and tags in one query and
    # the milestones in another (actions/detail_reads.py), and the timeline reads the
    # status updates as values (actions.timeline.build_timeline).
    return action_queryset().prefetch_related(None)


def actions_for_user(user, *, role="viewer"):
    return action_queryset().visible_to(user, role)


def plans_for_user(user, *, role="viewer"):
    return Plan.objects.select_related("borough").visible_to(user, role)


@dataclass(frozen=True)
class ActionAsAt:
    """An action as it stood at a moment: the fields a board pack reports."""

    id: int
    reference: str
    description: str
    priority_id: int
    objective_id: int | None
    lead_agency: str
    timescale: str
    due_date: date | None
    completed_on: date | None
    status: str
    status_narrative: str
    next_steps: str
    status_date: date | None
    history_date: datetime
    owner_ids: tuple[int, ...] = field(default=())
    # Set when the rating came from a made-up (demo) status update.
    update_is_illustrative: bool = False


def plan_actions_as_at(*, plan, when):
    """Every action of `plan` as it was at `when`, from the audited history.

    Two queries whatever the plan's size: the latest history row per action at or
    before `when` (a window function, so the database does the picking), then the
    owners recorded on those rows. Actions created after `when`, or deleted before
    it, are left out.
    """
    return actions_as_at(when=when, plan_ids=[plan.pk])


def actions_as_at(*, when, plan_ids):
    historical = Action.history.model
    ranked = as_at(Action, when=when, plan_id__in=plan_ids).order_by("plan_id", "position", "id")
    rows = list(ranked)
    owners = {}
    # simple_history keeps each row's owners in its own table, keyed by history_id.
    owner_rows = historical.owners.model.objects
    for history_id, person_id in owner_rows.filter(
        history_id__in=[r.history_id for r in rows]
    ).values_list("history_id", "person_id"):
        owners.setdefault(history_id, []).append(person_id)
    return [
        ActionAsAt(
            id=r.id,
            reference=r.reference,
            description=r.description,
            priority_id=r.priority_id,
            objective_id=r.objective_id,
            lead_agency=r.lead_agency,
            timescale=r.timescale,
            due_date=r.due_date,
            completed_on=r.completed_on,
            status=r.status,
            status_narrative=r.status_narrative,
            next_steps=r.next_steps,
            status_date=r.status_date,
            history_date=r.history_date,
            owner_ids=tuple(sorted(owners.get(r.history_id, []))),
        )
        for r in rows
    ]


# --- Officer-facing read pages: home, plan, action list, action detail -------------


def ragb_count_annotations(prefix=""):
    """Count(...) expressions, one per RAGB status and "not rated", for annotate/aggregate.

    `prefix` is the path to the actions ("actions__" from a plan or priority).
    """
    return {
        f"count_{ragb.key(status)}": Count(
            f"{prefix}id" if prefix else "id", filter=Q(**{f"{prefix}status": status})
        )
        for status in ragb.ORDER
    }


def ragb_counts_list(obj):
    """[(status, label, count)] from an object annotated by ragb_count_annotations."""
    return [
        (status, ragb.label(status), getattr(obj, f"count_{ragb.key(status)}"))
        for status in ragb.ORDER
    ]


def plans_with_ragb_counts(user, *, borough_ids=None):
    """The user's plans, each annotated with how many of its actions are at each status."""
    plans = plans_for_user(user)
    if borough_ids is not None:
        plans = plans.in_boroughs(borough_ids)
    return plans.annotate(**ragb_count_annotations("actions__")).order_by("borough__name", "title")


def plan_tree(plan, *, today=None):
    """A plan's priorities, each with its objectives and action rows, in plan order.

    Four queries whatever the plan's size: priorities with their counts, objectives,
    the actions' rows and their owners' names (action_rows).
    """
    priorities = list(
        Priority.objects.filter(plan=plan)
        .annotate(**ragb_count_annotations("actions__"))
        .order_by("position", "id")
    )
    objectives = list(
        Objective.objects.filter(priority__plan=plan).order_by("priority_id", "position", "id")
    )
    actions = action_rows(
        Action.objects.filter(plan=plan).order_by("position", "reference", "id"),
        today=today or timezone.localdate(),
    )
    by_objective = {}
    for action in actions:
        by_objective.setdefault((action["priority_id"], action["objective_id"]), []).append(action)
    objectives_by_priority = {}
    for objective in objectives:
        objective.plan_actions = by_objective.get((objective.priority_id, objective.id), [])
        objectives_by_priority.setdefault(objective.priority_id, []).append(objective)
    for priority in priorities:
        priority.ragb_counts = ragb_counts_list(priority)
        priority.plan_objectives = objectives_by_priority.get(priority.id, [])
        # Actions filed straight under the priority, with no objective.
        priority.direct_actions = by_objective.get((priority.id, None), [])
    return priorities


# --- The state *for* a quarter: two kinds of time ----------------------------------


def latest_updates_reporting_on(*, plan_ids, on_or_before, recorded_by):
    """{action_id: StatusUpdate}: each action's latest update reporting on or before the
    day `on_or_before`, among those recorded by the instant `recorded_by`.

    "Latest" is by the day it reports on, then by when it was recorded. Where the
    borough reviews updates, only those approved by `recorded_by` count. One query.
    """
    updates = StatusUpdate.objects.filter(
        StatusUpdate.counted_in_packs_by(recorded_by),
        action__plan_id__in=plan_ids,
        date__lte=on_or_before,
        created_at__lte=recorded_by,
    )
    ranked = updates.annotate(
        row=Window(
            RowNumber(),
            partition_by=[F("action_id")],
            order_by=[F("date").desc(), F("created_at").desc(), F("id").desc()],
        )
    ).filter(row=1)
    return {u.action_id: u for u in ranked}


def actions_for_quarter(*, plan_ids, period_end, structure_at, recorded_by):
    """Every action as the board should see it for the quarter ending on `period_end`.

    The plan's structure (which actions, their owners and due dates) is as recorded at
    `structure_at`, the quarter's end. Each rating, narrative and next steps come from
    the action's latest update reporting on or before `period_end` and recorded by
    `recorded_by` (the round's close, or now while it is open), so a Q2 update written
    in October reaches the Q2 pack. An action with no such update keeps the rating its
    audited history had at the quarter's end (ratings imported without an update),
    unless that rating is about a later day (an imported plan's current rating, its
    history dated from its first day): then it is not rated for this quarter.
    """
    actions = actions_as_at(when=structure_at, plan_ids=plan_ids)
    updates = latest_updates_reporting_on(
        plan_ids=plan_ids,
        on_or_before=period_end,
        recorded_by=recorded_by,
    )
    result = []
    for action in actions:
        update = updates.get(action.id)
        if update is not None:
            action = replace(
                action,
                status=update.status,
                status_narrative=update.narrative,
                next_steps=update.next_steps,
                status_date=update.date,
                completed_on=(
                    (update.completed_on or action.completed_on or update.date)
                    if update.status == ragb.RAGB.BLUE
                    else action.completed_on
                ),
                update_is_illustrative=update.is_illustrative,
            )
        elif action.status_date is not None and action.status_date > period_end:
            action = replace(
                action, status="", status_narrative="", next_steps="", status_date=None
            )
        result.append(action)
    return result


def kept_row_name(request, prefix):
    """ "Action 1.2" for a bulk form's row prefix "a<pk>" the user may see, else None
    (sendplan.errors.shown_fields: a kept or refused form, read back)."""
    if request is None or not prefix.startswith("a") or not prefix[1:].isdigit():
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    reference = (
        actions_for_user(user).filter(pk=int(prefix[1:])).values_list("reference", flat=True)
    ).first()
    return f"Action {reference}" if reference else None
