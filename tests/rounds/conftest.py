"""A borough mid-way through its 2025/26 Q2 round: three actions owned by the editor,
one by a person with no account, and a round that opened after the quarter ended."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import Action, Priority, StatusUpdate
from boroughs.models import Person
from governance.round_services import round_open
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import at, backdate_all_history

Q2 = ReportingPeriod(2025, 2)


@pytest.fixture
def erin(borough, editor):
    return Person.objects.create(borough=borough, name="Erin Editor", user=editor)


@pytest.fixture
def round_world(plan, priority, erin, owner, borough, borough_admin):
    second = Priority.objects.create(
        plan=plan, number="2", title="Preparing for adulthood", position=1
    )
    actions = {}
    for ref, prio, owners in [
        ("1.1", priority, [erin]),
        ("1.2", priority, [erin]),
        ("2.1", second, [erin]),
        ("2.2", second, [owner]),  # Corina has no account
    ]:
        action = Action.objects.create(
            plan=plan,
            priority=prio,
            reference=ref,
            description=f"Action {ref}: improve the local offer.",
            due_date=dt.date(2026, 3, 31),
            position=len(actions),
        )
        action.owners.set(owners)
        actions[ref] = action
    # Everything existed from April 2025, so the Q2 pack has these actions.
    backdate_all_history(at(2025, 4, 1))
    reporting_round = round_open(
        borough=borough,
        period=Q2,
        user=borough_admin,
        update_deadline=dt.date(2025, 10, 20),
        review_deadline=dt.date(2025, 10, 30),
    )
    return {"round": reporting_round, "actions": actions, "priorities": (priority, second)}


@pytest.fixture
def reviewed(round_world, borough, client, editor):
    """Review on; Erin submitted 1.1 (Green) and 1.2 (Red), both waiting."""
    borough.updates_need_review = True
    borough.save()
    client.force_login(editor)
    for ref, status, narrative in [("1.1", "green", ""), ("1.2", "red", "Posts vacant.")]:
        action = Action.objects.get(pk=round_world["actions"][ref].pk)
        url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={action.pk}"
        client.post(url, {"version": action.version, "status": status, "narrative": narrative})
    return {ref: StatusUpdate.objects.get(action__reference=ref) for ref in ("1.1", "1.2")}
