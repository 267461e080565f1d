"""Issue 20: a spreadsheet is read in a child process whose limits the OS enforces, so
what gets past the shape check still cannot take the web or worker process down."""

import os
import resource
import time

import pytest

from actions.spreadsheets.isolated import read_workbook_isolated, run_in_child
from actions.spreadsheets.reader import UnreadableFile
from sendplan.isolation import IsolationFailed, run_isolated
from tests.imports.conftest import xlsx_bytes


def _allocate(megabytes):
    return len(bytearray(megabytes * 1024 * 1024))


def _spin():
    while True:
        pass


def _sleep():
    time.sleep(60)


def _abort():
    os.abort()  # as a native library does: "memory allocation of N bytes failed"


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_child_that_asks_for_more_memory_than_its_limit_is_refused_and_the_parent_is_untouched():
    before = _peak_mb()

    with pytest.raises(IsolationFailed) as failed:
        run_isolated(_allocate, 2048, memory_mb=100)

    assert failed.value.reason == "memory"
    assert _peak_mb() - before < 50


def test_a_child_that_spins_is_stopped_by_its_cpu_limit():
    started = time.monotonic()
    with pytest.raises(IsolationFailed) as failed:
        run_isolated(_spin, cpu_seconds=1, wall_seconds=20)
    assert failed.value.reason == "cpu"
    assert time.monotonic() - started < 10


def test_a_child_that_waits_is_stopped_by_the_wall_clock():
    started = time.monotonic()
    with pytest.raises(IsolationFailed) as failed:
        run_isolated(_sleep, wall_seconds=1)
    assert failed.value.reason == "time"
    assert time.monotonic() - started < 5


def test_a_child_that_aborts_becomes_a_plain_refusal():
    with pytest.raises(UnreadableFile, match="far more memory"):
        run_in_child(_abort)


def test_a_child_within_its_limits_answers_and_a_deliberate_refusal_comes_back_as_itself():
    assert run_isolated(_allocate, 10, memory_mb=100) == 10 * 1024 * 1024
    with pytest.raises(UnreadableFile, match="The file is empty"):
        read_workbook_isolated(b"")


def test_a_plan_is_read_in_the_child_and_its_rows_come_back():
    data = xlsx_bytes(["Ref", "Action"], [["1.1", "Publish the local offer"]])

    workbook = read_workbook_isolated(data)

    assert [cells for _, cells in workbook.sheets[0].rows] == [["1.1", "Publish the local offer"]]


def test_an_answer_may_carry_only_the_classes_the_caller_allows():
    with pytest.raises(IsolationFailed, match="not an allowed answer"):
        run_isolated(IsolationFailed, "x")  # an object of a class not on the list
