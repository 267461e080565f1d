"""One public world per module for the tests here, instead of one per test.

The world (tests/public_pages/conftest.py build_public_world) is built once inside an
outer transaction that is rolled back after the module's last test. Each test runs in
pytest-django's own transaction nested inside it (a savepoint), so whatever a test
changes is rolled back before the next one: every test sees the world as built. The
fixtures below answer the shared fixtures' names (borough, plan, editor, ...) with the
world's rows, fetched again for each test so no test sees another's unsaved changes.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from actions.models import Plan, Priority
from boroughs.models import Borough, Membership, Person, Role
from tests.public_pages.conftest import build_public_world

User = get_user_model()


def _user(username, borough, role, **extra):
    user = User.objects.create_user(
        username=username, password="correct horse battery staple", **extra
    )
    Membership.objects.create(user=user, borough=borough, role=role)
    return user


def _build():
    """The same rows as the shared fixtures of tests/conftest.py, then the world."""
    borough = Borough.objects.create(
        name="Hammersmith & Fulham", slug="hammersmith-fulham", gss_code="E09000013"
    )
    plan = Plan.objects.create(
        borough=borough,
        slug="send-inspection-2019",
        title="SEND inspection action plan",
        kind=Plan.Kind.INSPECTION_RESPONSE,
        period_start=dt.date(2019, 6, 1),
        period_end=dt.date(2020, 3, 31),
    )
    cast = {
        "borough": borough,
        "plan": plan,
        "priority": Priority.objects.create(plan=plan, number="1", title="Areas for development"),
        "owner": Person.objects.create(
            borough=borough, name="Corina Christos", job_title="Designated Nurse"
        ),
        "editor": _user("editor", borough, Role.EDITOR, first_name="Erin"),
        "borough_admin": _user("boroughadmin", borough, Role.ADMIN, first_name="Ada"),
        "partner": _user("partner", borough, Role.PARTNER, first_name="Pat"),
    }
    world = build_public_world(**cast)
    return {name: (type(obj), obj.pk) for name, obj in cast.items()}, {
        "plan": world["plan"].pk,
        "hidden": world["hidden"].pk,
        "actions": {ref: a.pk for ref, a in world["actions"].items()},
        "q2": world["q2"].pk,
        "q3": world["q3"].pk,
    }


@pytest.fixture(scope="module")
def _shared_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _row(shared, name):
    model, pk = shared[0][name]
    return model.objects.get(pk=pk)


@pytest.fixture
def borough(db, _shared_world):
    return _row(_shared_world, "borough")


@pytest.fixture
def plan(db, _shared_world):
    return _row(_shared_world, "plan")


@pytest.fixture
def priority(db, _shared_world):
    return _row(_shared_world, "priority")


@pytest.fixture
def owner(db, _shared_world):
    return _row(_shared_world, "owner")


@pytest.fixture
def editor(db, _shared_world):
    return _row(_shared_world, "editor")


@pytest.fixture
def borough_admin(db, _shared_world):
    return _row(_shared_world, "borough_admin")


@pytest.fixture
def partner(db, _shared_world):
    return _row(_shared_world, "partner")


@pytest.fixture
def public_world(db, _shared_world):
    from actions.models import Action
    from governance.models import ReportingRound

    ids = _shared_world[1]
    return {
        "plan": Plan.objects.get(pk=ids["plan"]),
        "hidden": Plan.objects.get(pk=ids["hidden"]),
        "actions": {ref: Action.objects.get(pk=pk) for ref, pk in ids["actions"].items()},
        "q2": ReportingRound.objects.get(pk=ids["q2"]),
        "q3": ReportingRound.objects.get(pk=ids["q3"]),
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """The shared world keeps its page versions (ETags) from test to test, so a page one
    test built would be served from the cache to the next: each test starts empty."""
    from django.core.cache import cache

    cache.clear()
