"""Writes to a plan's levels: its priorities and their objectives, each audited."""

from django.db import transaction

from actions.models import Objective, Priority
from actions.services import next_position
from boroughs.audit import audited_save


def _add_level(model, *, siblings, position, user, reason, **fields):
    """A new priority or objective, placed last among `siblings` unless given a position."""
    if position is None:
        position = next_position(siblings)
    return audited_save(model(position=position, **fields), user=user, reason=reason)


def edit_fields(obj, *, user, reason, fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    return audited_save(obj, user=user, reason=reason)


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
    return edit_fields(priority, user=user, reason="Edited priority", fields=fields)


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
    return edit_fields(objective, user=user, reason="Edited objective", fields=fields)
