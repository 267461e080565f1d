"""load_demo refuses to run on a real installation (its repeatability is in test_demo.py)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from actions.models import Plan

TODAY = dt.date(2025, 5, 20)


@pytest.mark.django_db(transaction=True)
def test_load_demo_refuses_to_run_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", today=TODAY)
    assert not get_user_model().objects.exists()
    assert not Plan.objects.exists()
