"""What a board oversees (governance.board_selectors.BoardScope): the one rule a pack
narrows its content by and the board's page names the plans left out by."""

import pytest

from actions.models import Plan, Priority
from governance.board_selectors import board_scope
from governance.models import Board


@pytest.fixture
def plans(borough):
    """Three plans, two priorities each: {"A": plan, "A1": priority, ...}."""
    made = {}
    for name in "ABC":
        plan = Plan.objects.create(borough=borough, slug=name.lower(), title=f"Plan {name}")
        made[name] = plan
        for number in "12":
            made[name + number] = Priority.objects.create(
                plan=plan, number=number, title=f"{name}{number}", position=int(number)
            )
    return made


def _board(borough, slug, plans=(), priorities=()):
    board = Board.objects.create(borough=borough, slug=slug, name=slug)
    board.plans.set(plans)
    board.priorities.set(priorities)
    return board


def _readings(scope, plans):
    """(priorities, plans as rows read, plans held now) the scope keeps, by name."""
    priorities = list(Priority.objects.filter(plan__in=[plans[n] for n in "ABC"]))
    plan_ids = [plans[n].pk for n in "ABC"]
    names = {p.pk: p.title for p in Plan.objects.all()}
    return (
        sorted(p.title for p in scope.priorities_in(priorities)),
        sorted(names[i] for i in scope.plan_ids_in(plan_ids, priorities)),
        sorted(p.title for p in scope.plans_held_now(Plan.objects.filter(pk__in=plan_ids))),
    )


def test_a_pack_without_a_board_has_no_scope():
    assert board_scope(None) is None


def test_a_board_that_chose_nothing_oversees_the_whole_borough(borough, plans):
    # Another board's choices are its own.
    _board(borough, "other", plans=[plans["A"]])
    scope = board_scope(_board(borough, "all"))
    assert scope.is_whole_borough
    priorities, as_read, held = _readings(scope, plans)
    assert priorities == ["A1", "A2", "B1", "B2", "C1", "C2"]
    assert as_read == held == ["Plan A", "Plan B", "Plan C"]


def test_a_board_oversees_its_plans_whole_and_its_priorities_with_their_plans(
    borough, plans, django_assert_num_queries
):
    board = _board(borough, "chosen", plans=[plans["A"]], priorities=[plans["B1"]])
    scope = board_scope(board)
    with django_assert_num_queries(0):  # plans_held_now only adds to the query
        held = scope.plans_held_now(Plan.objects.all())
    assert not scope.is_whole_borough and scope.plan_ids == {plans["A"].pk}
    priorities, as_read, held_now = _readings(scope, plans)
    assert priorities == ["A1", "A2", "B1"]
    # Both readings of the rule agree: rows as at a date and plans held now.
    assert as_read == held_now == ["Plan A", "Plan B"]
    assert sorted(p.title for p in held) == ["Plan A", "Plan B"]


def test_a_board_of_one_priority_oversees_that_priority_and_its_plan_only(borough, plans):
    scope = board_scope(_board(borough, "one", priorities=[plans["C2"]]))
    priorities, as_read, held = _readings(scope, plans)
    assert priorities == ["C2"] and as_read == held == ["Plan C"]
