"""The web workers' collector tuning (sendplan/collector.py, called by sendplan/wsgi.py)."""

import gc

import pytest
from django.core.exceptions import ImproperlyConfigured

from sendplan import collector


@pytest.fixture
def restore_collector():
    before = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*before)


def test_tuning_freezes_start_up_objects_and_raises_the_thresholds(restore_collector):
    collector.tune({})
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == collector.THRESHOLD


def test_thresholds_can_be_set_from_the_environment(restore_collector):
    collector.tune({"GC_THRESHOLD": "700, 10, 10"})
    assert gc.get_threshold() == (700, 10, 10)


def test_gc_freeze_false_leaves_the_collector_alone(restore_collector):
    gc.set_threshold(700, 10, 10)
    collector.tune({"GC_FREEZE": "false", "GC_THRESHOLD": "5,5,5"})
    assert gc.get_threshold() == (700, 10, 10)


@pytest.mark.parametrize("raw", ["fast", "700,10", "700,10,-1"])
def test_a_malformed_threshold_stops_start_up_with_the_reason(raw, restore_collector):
    with pytest.raises(ImproperlyConfigured, match="GC_THRESHOLD must be three whole numbers"):
        collector.tune({"GC_THRESHOLD": raw})
