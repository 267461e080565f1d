"""Overdue, "not rated since", "looked after by", rating order and risk score: each
defined once, and the database and Python forms of a rule give the same answer."""

import datetime as dt

import pytest
from django.template import Context, Template

from actions import ragb
from actions.models import Action
from boroughs.models import Person
from governance.models import Risk, risk_score

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 11, 12)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


@pytest.fixture
def make(plan, priority):
    def make(reference, **fields):
        return Action.objects.create(plan=plan, priority=priority, reference=reference, **fields)

    return make


# (reference, due date, status, overdue today?)
OVERDUE_CASES = [
    ("due-yesterday", YESTERDAY, "green", True),
    ("due-yesterday-red", YESTERDAY, "red", True),
    ("due-yesterday-not-rated", YESTERDAY, "", True),
    ("due-today", TODAY, "amber", False),
    ("due-tomorrow", TOMORROW, "red", False),
    ("due-yesterday-completed", YESTERDAY, "blue", False),
    ("no-due-date", None, "red", False),
]


def test_overdue_means_past_its_due_date_and_not_completed(make):
    for reference, due, status, _ in OVERDUE_CASES:
        make(reference, due_date=due, status=status)
    expected = {ref for ref, *_, late in OVERDUE_CASES if late}
    assert set(Action.objects.overdue(TODAY).values_list("reference", flat=True)) == expected


@pytest.mark.parametrize(("reference", "due", "status", "late"), OVERDUE_CASES)
def test_the_python_rule_agrees_with_the_database(make, reference, due, status, late):
    action = make(reference, due_date=due, status=status)
    assert ragb.is_overdue(due_date=due, status=status, on=TODAY) is late
    assert action.is_overdue(TODAY) is late
    assert Action.objects.overdue(TODAY).filter(pk=action.pk).exists() is late


def test_the_due_date_template_marks_overdue_with_the_same_rule(make):
    template = Template('{% include "actions/_due.html" %}')
    for reference, due, status, late in OVERDUE_CASES:
        if due is None:
            continue
        action = make(reference, due_date=due, status=status)
        html = template.render(Context({"action": action, "today": TODAY}))
        assert ("Overdue" in html) is late, reference


def test_not_rated_since_counts_never_rated_and_rated_before_the_day(make):
    start = dt.date(2025, 10, 1)
    make("never", status="")
    make("before", status="green", status_date=start - dt.timedelta(days=1))
    make("on-the-day", status="green", status_date=start)
    make("after", status="red", status_date=TODAY)
    make("completed-long-ago", status="blue", status_date=dt.date(2024, 1, 1))
    found = set(Action.objects.not_rated_since(start).values_list("reference", flat=True))
    assert found == {"never", "before"}


def test_looked_after_by_means_a_named_owner_or_the_editor(make, editor, viewer, borough):
    person = Person.objects.create(borough=borough, name="Ed Itor", user=editor)
    owned = make("owned")
    owned.owners.add(person)
    make("edited", editor=editor)
    make("someone-elses", editor=viewer)
    found = set(Action.objects.looked_after_by(editor).values_list("reference", flat=True))
    assert found == {"owned", "edited"}


def test_by_rating_runs_worst_first_then_completed_then_not_rated(make):
    for status in ["", "blue", "green", "red", "amber"]:
        make(f"s-{status or 'none'}", status=status)
    assert [a.status for a in Action.objects.by_rating()] == list(ragb.ORDER)
    assert [a.status for a in Action.objects.by_rating(descending=True)] == list(
        reversed(ragb.ORDER)
    )


def test_a_risk_score_is_likelihood_times_impact_or_none_while_either_is_unknown(borough):
    assert risk_score(4, 5) == 20
    assert risk_score(None, 5) is None
    assert risk_score(3, None) is None
    risk = Risk(borough=borough, risk_id="R1", likelihood=2, impact=3)
    assert risk.score == 6
