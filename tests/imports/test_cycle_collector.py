"""An import pauses Python's cycle collector while it holds every row, and always resumes it."""

import gc

import pytest

from actions.models import Action
from actions.spreadsheets import services
from actions.spreadsheets.services import ImportRejected, import_plan
from tests.imports.conftest import xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
GOOD = [["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"]]
BAD = [*GOOD, ["1.1", "", "Again", "", "", "Purple"]]


@pytest.fixture
def collector_seen(monkeypatch):
    """Whether the collector was running while the file was parsed, for each parse."""
    seen = []
    build = services.build_import

    def watching(**kwargs):
        seen.append(gc.isenabled())
        return build(**kwargs)

    monkeypatch.setattr(services, "build_import", watching)
    return seen


@pytest.fixture
def collector_running():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_an_import_pauses_the_collector_while_it_reads_and_resumes_it_after(
    plan, collector_seen, collector_running
):
    import_plan(data=xlsx_bytes(HEADER, GOOD), filename="a.xlsx", borough=plan.borough, plan=plan)

    assert collector_seen == [False]
    assert gc.isenabled()
    assert Action.objects.filter(plan=plan, reference="1.1").exists()


def test_a_rejected_import_resumes_the_collector_too(plan, collector_seen, collector_running):
    with pytest.raises(ImportRejected):
        import_plan(
            data=xlsx_bytes(HEADER, BAD), filename="bad.xlsx", borough=plan.borough, plan=plan
        )

    assert collector_seen == [False]
    assert gc.isenabled()


def test_a_collector_someone_else_paused_stays_paused(plan, collector_running):
    gc.disable()
    import_plan(data=xlsx_bytes(HEADER, GOOD), filename="a.xlsx", borough=plan.borough, plan=plan)

    assert not gc.isenabled()
