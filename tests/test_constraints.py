"""The database itself refuses impossible values, and full_clean says why in plain words."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, Plan
from governance.models import Risk


def test_the_database_refuses_an_action_status_outside_ragb(action):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(status="purple")
    action.refresh_from_db()
    assert action.status == ""


def test_full_clean_refuses_an_action_status_outside_ragb_with_the_constraints_message(action):
    action.status = "purple"
    with pytest.raises(ValidationError) as raised:
        action.full_clean()
    assert "status" in raised.value.message_dict
    # full_clean reports the field's choices first and then skips constraints on that
    # field; the constraint's own message is what validate_constraints gives.
    with pytest.raises(ValidationError) as raised:
        action.validate_constraints()
    assert raised.value.messages == ["Status must be Red, Amber, Green, Blue or not rated."]


def test_the_database_refuses_a_risk_likelihood_of_seven(borough):
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.create(borough=borough, risk_id="R1", description="Capacity", likelihood=7)
    assert not Risk.objects.exists()


def test_full_clean_refuses_a_risk_likelihood_of_seven(borough):
    risk = Risk(borough=borough, risk_id="R1", description="Capacity", likelihood=7, impact=3)
    with pytest.raises(ValidationError) as raised:
        risk.full_clean()
    assert raised.value.messages == ["Likelihood must be between 1 and 5."]


def _backwards_plan(borough):
    return Plan(
        borough=borough,
        slug="backwards",
        title="A plan that ends before it starts",
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2023, 3, 31),
    )


def test_the_database_refuses_a_plan_that_ends_before_it_starts(borough):
    with pytest.raises(IntegrityError), transaction.atomic():
        _backwards_plan(borough).save()
    assert not Plan.objects.exists()


def test_full_clean_refuses_a_plan_that_ends_before_it_starts(borough):
    with pytest.raises(ValidationError) as raised:
        _backwards_plan(borough).full_clean()
    assert raised.value.messages == ["The plan's period must end after it starts."]
