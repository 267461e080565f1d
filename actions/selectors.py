"""Reads of plans and actions. Writes live in services.py."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber

from actions.models import Action, Milestone, Plan, StatusUpdate
from boroughs.models import Person
from boroughs.selectors import scope_to_user


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
    return scope_to_user(action_queryset(), user, field="plan__borough", role=role)


def plans_for_user(user, *, role="viewer"):
    return scope_to_user(Plan.objects.select_related("borough"), user, role=role)


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
    ranked = (
        historical.objects.filter(plan_id__in=plan_ids, history_date__lte=when)
        .annotate(
            row=Window(
                RowNumber(),
                partition_by=[F("id")],
                order_by=[F("history_date").desc(), F("history_id").desc()],
            )
        )
        .filter(row=1)
        .exclude(history_type="-")
        .order_by("plan_id", "position", "id")
    )
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
