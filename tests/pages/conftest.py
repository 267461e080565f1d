"""Fixtures for the read pages: another borough's plan, and a large plan built in bulk."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.test import Client
from simple_history.utils import bulk_create_with_history

from actions.models import (
    Action,
    MeasureValue,
    Milestone,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
    Tag,
)
from actions.services import action_update, action_update_status
from boroughs.models import Person


def client_for(user):
    """A fresh browser-like client, signed in as `user` (or anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def their_plan(other_borough):
    return Plan.objects.create(borough=other_borough, slug="hackney-send", title="Hackney plan")


@pytest.fixture
def their_action(their_plan):
    priority = Priority.objects.create(plan=their_plan, number="1", title="Their priority")
    return Action.objects.create(
        plan=their_plan,
        priority=priority,
        reference="HK-1",
        description="Hackney's own action, never shown to Hammersmith & Fulham.",
    )


@dataclass
class Dataset:
    plan: Plan
    actions: list
    busy_action: Action


STATUSES = ["red", "amber", "green", "blue", ""]


def build_dataset(*, borough, editor, size, edits):
    """A plan of `size` actions, each with two owners, a tag, a milestone, a status
    update and a history row, and two success measures per priority, all written with
    bulk_create; plus one action edited `edits` times through the services, so its
    timeline has a long audited history."""
    plan = Plan.objects.create(borough=borough, slug=f"big-{size}", title=f"Big plan {size}")
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, number=str(i + 1), title=f"Priority {i + 1}", position=i)
        for i in range(4)
    )
    objectives = Objective.objects.bulk_create(
        Objective(priority=p, number=f"{p.number}.{j + 1}", title=f"Objective {j + 1}", position=j)
        for p in priorities
        for j in range(2)
    )
    people = Person.objects.bulk_create(
        Person(borough=borough, name=f"Owner {size}-{i}", job_title="Officer") for i in range(10)
    )
    tags = Tag.objects.bulk_create(Tag(borough=borough, name=f"Theme {size}-{i}") for i in range(3))
    base = dt.date(2025, 4, 30)
    actions = bulk_create_with_history(
        [
            Action(
                plan=plan,
                priority=objectives[i % 8].priority,
                objective=objectives[i % 8],
                reference=f"A{i:04d}",
                description=f"Action number {i}",
                status=STATUSES[i % 5],
                status_date=base if STATUSES[i % 5] else None,
                completed_on=base if STATUSES[i % 5] == "blue" else None,
                due_date=base + dt.timedelta(days=30 * (i % 12)),
                position=i,
            )
            for i in range(size)
        ],
        Action,
    )
    actions = list(Action.objects.filter(plan=plan).order_by("position"))
    through = Action.owners.through
    through.objects.bulk_create(
        through(action=a, person=people[(i + k) % 10])
        for i, a in enumerate(actions)
        for k in range(2)
    )
    Action.tags.through.objects.bulk_create(
        Action.tags.through(action=a, tag=tags[i % 3]) for i, a in enumerate(actions)
    )
    Milestone.objects.bulk_create(
        Milestone(action=a, title=f"Milestone for {a.reference}", due_date=base) for a in actions
    )
    StatusUpdate.objects.bulk_create(
        StatusUpdate(action=a, date=base, status=a.status, narrative="Bulk update")
        for a in actions
        if a.status
    )
    measures = SuccessMeasure.objects.bulk_create(
        SuccessMeasure(plan=plan, priority=p, description=f"Measure {p.number}.{k}", position=k)
        for p in priorities
        for k in range(2)
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(measure=m, date=base + dt.timedelta(days=k), value=50 + k)
        for m in measures
        for k in range(2)
    )
    busy = actions[0]
    for n in range(edits):
        busy.refresh_from_db()
        if n % 2:
            action_update(action=busy, user=editor, description=f"Reworded {n}", owners=people[:2])
        else:
            action_update_status(
                action=busy, user=editor, status="amber" if n % 4 else "red", narrative=f"N{n}"
            )
    return Dataset(plan=plan, actions=actions, busy_action=busy)


@pytest.fixture
def make_dataset(borough, editor):
    def make(size, edits):
        return build_dataset(borough=borough, editor=editor, size=size, edits=edits)

    return make
