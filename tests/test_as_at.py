"""The audited history can say what was true of a plan at any past moment."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.selectors import plan_actions_as_at
from actions.services import action_update, action_update_status
from boroughs.models import Person

LONDON = ZoneInfo("Europe/London")


def at(y, m, d, hh=12):
    return dt.datetime(y, m, d, hh, tzinfo=LONDON)


def _rate(action, user, when, status, narrative, **extra):
    # Back-date the history row, as if the officer had saved on that day.
    action_update_status(
        action=action,
        user=user,
        status=status,
        narrative=narrative,
        date=when.date(),
        recorded_at=when,
        **extra,
    )


@pytest.fixture
def rated_action(action, editor, borough):
    """One action rated on three dates, with its owners and due date changed in between."""
    Action = type(action)
    # The creation row must predate the ratings for the story to hold.
    action.history.update(history_date=at(2019, 6, 1))
    _rate(action, editor, at(2019, 7, 10), "amber", "Backlog being cleared.")
    action.refresh_from_db()
    second = Person.objects.create(borough=borough, name="Robert Holman")
    action_update(
        action=action,
        user=editor,
        owners=[second],
        due_date=dt.date(2019, 12, 31),
        recorded_at=at(2019, 8, 1),
    )
    action = Action.objects.get(pk=action.pk)
    _rate(action, editor, at(2019, 10, 15), "red", "Capacity gap at Cheyne CDS.")
    action = Action.objects.get(pk=action.pk)
    _rate(
        action,
        editor,
        at(2020, 1, 20),
        "blue",
        "All IHAs now in timescale.",
        completed_on=dt.date(2020, 1, 17),
    )
    return Action.objects.get(pk=action.pk), second


def test_before_the_action_existed_the_plan_had_no_actions(rated_action, plan):
    assert plan_actions_as_at(plan=plan, when=at(2019, 5, 1)) == []


@pytest.mark.parametrize(
    "when, status, narrative, due",
    [
        (at(2019, 6, 30), "", "", dt.date(2019, 9, 30)),
        (at(2019, 7, 31), "amber", "Backlog being cleared.", dt.date(2019, 9, 30)),
        (at(2019, 9, 30), "amber", "Backlog being cleared.", dt.date(2019, 12, 31)),
        (at(2019, 12, 31), "red", "Capacity gap at Cheyne CDS.", dt.date(2019, 12, 31)),
        (at(2020, 3, 31), "blue", "All IHAs now in timescale.", dt.date(2019, 12, 31)),
    ],
)
def test_each_past_state_reads_back_as_it_was(rated_action, plan, when, status, narrative, due):
    [state] = plan_actions_as_at(plan=plan, when=when)
    assert (state.status, state.status_narrative, state.due_date) == (status, narrative, due)


def test_owners_read_back_as_they_were(rated_action, plan, owner):
    _, second = rated_action
    [before] = plan_actions_as_at(plan=plan, when=at(2019, 7, 31))
    [after] = plan_actions_as_at(plan=plan, when=at(2019, 9, 30))
    assert before.owner_ids == (owner.pk,)
    assert after.owner_ids == (second.pk,)


def test_a_later_edit_does_not_change_the_past(rated_action, plan, editor):
    action, _ = rated_action
    past = plan_actions_as_at(plan=plan, when=at(2019, 12, 31))
    action_update(action=action, user=editor, description="Rewritten later.")
    assert plan_actions_as_at(plan=plan, when=at(2019, 12, 31)) == past


def test_history_records_who_changed_it_and_why(rated_action):
    action, _ = rated_action
    latest = action.history.first()
    assert latest.history_user.username == "editor"
    assert latest.history_change_reason == "Status update: Blue"


def test_as_at_runs_two_queries_however_many_actions(rated_action, plan, priority, editor):
    Action = type(rated_action[0])
    for n in range(30):
        Action.objects.create(plan=plan, priority=priority, reference=f"X{n}", description="x")
    with CaptureQueriesContext(connection) as queries:
        states = plan_actions_as_at(plan=plan, when=at(2030, 1, 1))
    assert len(states) == 31
    assert len(queries) == 2


def test_a_back_dated_rating_dates_its_status_update_history_too(rated_action):
    action, _ = rated_action
    update = action.updates.get(status="red")
    assert update.history.get().history_date == at(2019, 10, 15)


def test_an_action_deleted_before_the_moment_is_gone_then_and_there_before(rated_action, plan):
    action, _ = rated_action
    # Deleted on 1 February 2020 (the admin's delete, which history records as "-").
    action.delete()
    type(action).history.filter(history_type="-").update(history_date=at(2020, 2, 1))
    assert plan_actions_as_at(plan=plan, when=at(2020, 3, 31)) == []
    [state] = plan_actions_as_at(plan=plan, when=at(2020, 1, 31))
    assert state.status == "blue"
