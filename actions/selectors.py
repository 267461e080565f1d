"""Reads of plans and actions. Writes live in services.py."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch, Q

from actions import ragb
from actions.models import (
    RAGB,
    Action,
    MeasureValue,
    Milestone,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
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
    return action_queryset().prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "position")),
        Prefetch(
            "updates",
            queryset=StatusUpdate.objects.select_related("author").order_by("-date", "-id"),
        ),
    )


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


def plan_tree(plan):
    """A plan's priorities, each with its objectives and actions, in plan order.

    Five queries whatever the plan's size: priorities with their counts, objectives,
    actions, and the actions' owners and tags.
    """
    priorities = list(
        Priority.objects.filter(plan=plan)
        .annotate(**ragb_count_annotations("actions__"))
        .order_by("position", "id")
    )
    objectives = list(
        Objective.objects.filter(priority__plan=plan).order_by("priority_id", "position", "id")
    )
    actions = list(action_queryset().filter(plan=plan).order_by("position", "reference", "id"))
    by_objective = {}
    for action in actions:
        by_objective.setdefault((action.priority_id, action.objective_id), []).append(action)
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


def my_actions(user):
    """Actions the user looks after: as a named owner, or as the action's editor."""
    mine = Q(editor=user) | Q(
        id__in=Action.owners.through.objects.filter(person__user=user).values("action_id")
    )
    return actions_for_user(user).filter(mine)


def not_rated_since(queryset, day):
    """Actions, not yet completed, with no rating on or after `day`."""
    return queryset.exclude(status=RAGB.BLUE).filter(
        Q(status_date__isnull=True) | Q(status_date__lt=day)
    )


def overdue(queryset, today):
    """Actions past their due date and not completed."""
    return queryset.filter(due_date__lt=today).exclude(status=RAGB.BLUE)


def action_links(action):
    """The risks, inspection findings and success measures shown on an action's page."""
    return {
        "risks": list(action.risks.select_related("owner").order_by("risk_id")),
        "findings": list(action.inspection_findings.order_by("inspection_date", "id")),
        "measures": list(
            SuccessMeasure.objects.filter(priority_id=action.priority_id)
            .prefetch_related(Prefetch("values", queryset=MeasureValue.objects.order_by("-date")))
            .order_by("position")
        ),
    }
