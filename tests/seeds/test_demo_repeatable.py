"""load_demo is repeatable: the same on two fresh databases, and a rerun changes nothing.

These tests need empty databases of their own, so they live apart from test_demo.py,
whose tests share one loaded demo.
"""

import datetime as dt
import hashlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Action, MeasureValue, Plan, StatusUpdate
from governance.demo import load_demo
from governance.models import Meeting

TODAY = dt.date(2025, 5, 20)


def fingerprint():
    """Everything the demo decides, without database ids."""
    updates = StatusUpdate.objects.values_list(
        "action__plan__borough__slug", "action__plan__slug", "action__reference", "date",
        "status", "narrative", "next_steps", "author__username", "is_illustrative",
    )  # fmt: skip
    history = StatusUpdate.history.values_list("action__reference", "history_date", "status")
    actions = Action.objects.values_list(
        "plan__slug", "reference", "status", "status_date", "completed_on", "editor__username"
    )
    meetings = Meeting.objects.values_list("board__slug", "date", "is_illustrative")
    values = MeasureValue.objects.values_list("measure__description", "date", "value")
    parts = [sorted(map(repr, q)) for q in (updates, history, actions, meetings, values)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def history_rows():
    return sum(
        model.history.count()
        for label in ("boroughs", "actions", "governance")
        for model in apps.get_app_config(label).get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_is_the_same_on_two_fresh_databases_and_a_rerun_changes_nothing():
    load_demo(today=TODAY)
    first = fingerprint()
    rows = history_rows()

    load_demo(today=TODAY)
    assert fingerprint() == first
    assert history_rows() == rows

    call_command("flush", interactive=False, verbosity=0)
    load_demo(today=TODAY)
    assert fingerprint() == first


@pytest.mark.django_db(transaction=True)
def test_load_demo_refuses_to_run_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", today=TODAY)
    assert not get_user_model().objects.exists()
    assert not Plan.objects.exists()
