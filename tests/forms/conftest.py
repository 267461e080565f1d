"""Fixtures for the officer forms: a measure, a milestone, and signed-in clients."""

import datetime as dt

import pytest
from django.test import Client

from actions.models import Milestone, Objective, SuccessMeasure
from boroughs.models import Membership


@pytest.fixture
def measure(plan, priority):
    return SuccessMeasure.objects.create(
        plan=plan,
        priority=priority,
        description="Initial health assessments completed within 20 working days",
        unit="%",
        baseline=55,
        target=90,
    )


@pytest.fixture
def milestone(action):
    return Milestone.objects.create(
        action=action, title="Recovery plan agreed with CLCH", due_date=dt.date(2019, 7, 31)
    )


@pytest.fixture
def objective(priority):
    return Objective.objects.create(
        priority=priority, number="1.1", title="Health assessments", position=0
    )


@pytest.fixture
def admin_membership(borough_admin, borough):
    return Membership.objects.get(user=borough_admin, borough=borough)


@pytest.fixture
def viewer_membership(viewer, borough):
    return Membership.objects.get(user=viewer, borough=borough)


def client_for(user):
    """A fresh browser-like client, signed in as `user` (or anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def admin_client_(borough_admin):
    return client_for(borough_admin)
