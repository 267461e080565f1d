"""The benchmark's large borough: 300 actions rated every quarter for two years.

Built by bench/pack_bench.py (how long its pack takes) and by
tests/packs/test_large_pack.py (its page one fits one page). Needs Django set up.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.models import Action, MeasureValue, Milestone, Plan, Priority, SuccessMeasure
from boroughs.models import Borough, Person
from governance.models import Board, Risk

LONDON = ZoneInfo("Europe/London")
ACTIONS = 300
PRIORITIES = 6
STATUSES = ["red", "amber", "amber", "green", "green", "green", "blue"]


def stamp(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)


@transaction.atomic
def build_borough(last, *, count=ACTIONS):
    """A borough with `count` actions (300 by default) rated every quarter for the eight
    quarters up to `last`."""
    quarters = [last]
    while len(quarters) < 8:
        quarters.insert(0, quarters[0].previous())
    start = stamp(quarters[0].start - dt.timedelta(days=1))

    borough = Borough.objects.create(name="Benchshire", slug="benchshire", gss_code="E06999999")
    [plan] = bulk_create_with_history(
        [Plan(borough=borough, slug="strategy", title="SEND Strategy 2024-2029")],
        Plan,
        default_date=start,
    )
    priorities = bulk_create_with_history(
        [
            Priority(
                plan=plan,
                number=str(i + 1),
                title=f"Priority {i + 1}: a long title for the SEND partnership's work",
                position=i,
            )
            for i in range(PRIORITIES)
        ],
        Priority,
        default_date=start,
    )
    people = bulk_create_with_history(
        [Person(borough=borough, name=f"Officer {i:02d}") for i in range(30)],
        Person,
        default_date=start,
    )
    actions = bulk_create_with_history(
        [
            Action(
                plan=plan,
                priority=priorities[i % PRIORITIES],
                reference=f"{i % PRIORITIES + 1}.{i}",
                description=f"Action {i}: improve how families find and use the local offer "
                "across education, health and care.",
                due_date=quarters[i % 8].end + dt.timedelta(days=30),
                position=i,
            )
            for i in range(count)
        ],
        Action,
        default_date=start,
    )
    Owners = Action.owners.through
    Owners.objects.bulk_create(
        [Owners(action=a, person=people[i % 30]) for i, a in enumerate(actions)]
    )
    for q, quarter in enumerate(quarters):
        for i, action in enumerate(actions):
            action.status = STATUSES[(i + q) % len(STATUSES)]
            action.status_narrative = (
                f"Quarter {quarter.label}: progress as reported, with "
                "the risks and what the partnership is doing about them."
            )
            action.next_steps = "Report back to the board next quarter."
            action.status_date = quarter.end - dt.timedelta(days=10)
            action.completed_on = action.status_date if action.status == "blue" else None
        bulk_update_with_history(
            actions,
            Action,
            ["status", "status_narrative", "next_steps", "status_date", "completed_on"],
            default_date=stamp(quarter.end - dt.timedelta(days=10)),
        )
    # Every history row records the action's owner, as simple_history does for m2m fields.
    HistoricalOwners = Action.history.model.owners.model
    owner_of = {a.pk: people[i % 30].pk for i, a in enumerate(actions)}
    through_id = dict(Owners.objects.values_list("action_id", "id"))
    HistoricalOwners.objects.bulk_create(
        [
            HistoricalOwners(id=through_id[a], history_id=h, action_id=a, person_id=owner_of[a])
            for h, a in Action.history.values_list("history_id", "id")
        ]
    )
    bulk_create_with_history(
        [
            Milestone(
                action=a,
                title=f"Milestone for {a.reference}",
                due_date=quarters[-1].next().start + dt.timedelta(days=i % 80),
            )
            for i, a in enumerate(actions)
        ],
        Milestone,
        default_date=start,
    )
    measures = bulk_create_with_history(
        [
            SuccessMeasure(
                plan=plan,
                priority=priorities[i % PRIORITIES],
                description=f"Measure {i}",
                unit="%",
                baseline=40,
                target=70,
                direction="up",
                position=i,
            )
            for i in range(12)
        ],
        SuccessMeasure,
        default_date=start,
    )
    bulk_create_with_history(
        [
            MeasureValue(measure=m, date=quarter.end, value=40 + q * 3 + i % 5)
            for i, m in enumerate(measures)
            for q, quarter in enumerate(quarters)
        ],
        MeasureValue,
        default_date=start,
    )
    risks = bulk_create_with_history(
        [
            Risk(
                borough=borough,
                risk_id=f"R{i + 1}",
                description=f"Risk {i + 1}",
                likelihood=1 + i % 5,
                impact=1 + (i * 2) % 5,
            )
            for i in range(20)
        ],
        Risk,
        default_date=start,
    )
    Links = Risk.actions.through
    Links.objects.bulk_create([Links(risk=r, action=actions[i]) for i, r in enumerate(risks)])
    link_ids = dict(Links.objects.values_list("risk_id", "id"))
    HistoricalLinks = Risk.history.model.actions.model
    history_ids = dict(Risk.history.values_list("id", "history_id"))
    HistoricalLinks.objects.bulk_create(
        [
            HistoricalLinks(
                id=link_ids[r.pk],
                history_id=history_ids[r.pk],
                risk_id=r.pk,
                action_id=actions[i].pk,
            )
            for i, r in enumerate(risks)
        ]
    )
    board = Board.objects.create(borough=borough, slug="board", name="SEND Partnership Board")
    return borough, board
