"""load_seeds is idempotent and refuses malformed files without writing anything."""

import shutil

import pytest
from django.apps import apps
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from actions.models import Action, Plan
from boroughs.models import Borough
from governance import seeds

HISTORY_APPS = ("boroughs", "actions", "governance")


def history_rows():
    return {
        model._meta.label: model.history.count()
        for label in HISTORY_APPS
        for model in apps.get_app_config(label).get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    }


def test_loading_the_seeds_twice_changes_nothing_and_writes_no_history(db):
    first = seeds.load_all()
    assert all(r.changed for r in first)
    before = history_rows()
    stamps = dict(Action.objects.values_list("pk", "updated_at"))

    second = seeds.load_all()

    assert [r.changed for r in second] == [False] * len(second)
    assert history_rows() == before
    assert dict(Action.objects.values_list("pk", "updated_at")) == stamps


def test_every_history_row_the_loader_writes_names_its_seed_file(db):
    seeds.load_all()
    action = Action.objects.get(plan__slug="send-inspection-2019", reference="1-H1")
    (row,) = action.history.all()  # one row, already holding the owners and tags
    assert (
        row.history_change_reason == "Loaded from seed hammersmith-fulham-send-inspection-2019.yaml"
    )
    assert row.history_type == "+"
    assert "Corina Christos" in set(row.owners.values_list("person__name", flat=True))
    assert (
        Borough.history.filter(history_change_reason="Loaded from seed boroughs.yaml").count() == 4
    )


def test_a_changed_seed_updates_only_what_changed_with_one_history_row(db, tmp_path):
    source = seeds.SEEDS_DIR / "hampshire-sen-strategy-2020.yaml"
    copy = tmp_path / source.name
    shutil.copy(source, copy)
    seeds.load_all(files=[copy])
    copy.write_text(
        copy.read_text().replace("Publish the Joint Commissioning Strategy", "Publish it")
    )

    (_, report) = seeds.load_all(files=[copy])

    assert report.total("updated") == 1
    action = Action.objects.get(plan__slug="sen-strategy-2020", reference="5.5")
    assert action.description == "Publish it"
    assert action.history.count() == 2
    assert action.version == 2  # an officer's form opened before the reload is now stale


def broken_seed(tmp_path):
    boroughs = tmp_path / "boroughs.yaml"
    shutil.copy(seeds.BOROUGHS_FILE, boroughs)
    good = tmp_path / "hampshire.yaml"
    shutil.copy(seeds.SEEDS_DIR / "hampshire-sen-strategy-2020.yaml", good)
    bad = tmp_path / "broken.yaml"
    bad.write_text(
        """\
borough: hackney
plan:
  slug: broken
  title: A plan with mistakes
  kind: strategy
  period_start: 2024-04-01
  priorities:
    - title: First
      actions:
        - reference: 1.10
          description: Unquoted reference
          owners: [Nobody We Know]
          timescale: Q2
          colour: red
"""
    )
    return boroughs, good, bad


def test_a_malformed_seed_names_file_path_and_problem_and_writes_nothing(db, tmp_path):
    boroughs, good, bad = broken_seed(tmp_path)

    with pytest.raises(CommandError) as raised:
        call_command("load_seeds", str(good), str(bad), boroughs=str(boroughs))

    message = str(raised.value)
    assert "nothing was changed" in message
    action_path = "broken.yaml: plan.priorities[0].actions[0]"
    assert f"{action_path}.reference: must be quoted text" in message
    assert f"{action_path}.owners[0]: person 'Nobody We Know' is not defined" in message
    assert f"{action_path}.colour: unknown key" in message
    # The good file is not loaded either, and neither are the boroughs.
    assert Borough.objects.count() == 0
    assert Plan.objects.count() == 0


def test_invalid_yaml_reports_the_line_and_the_command_exits_non_zero(
    db, tmp_path, capsys, monkeypatch
):
    # run_from_argv closes every connection on the way out, the test's own included.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    boroughs, _, bad = broken_seed(tmp_path)
    bad.write_text("borough: hackney\nplan: [unclosed\n")
    utility = ManagementUtility(["manage.py", "load_seeds", "--boroughs", str(boroughs), str(bad)])

    with pytest.raises(SystemExit) as exited:
        utility.execute()

    assert exited.value.code == 1
    assert "broken.yaml: line 3, column 1: not valid YAML" in capsys.readouterr().err
    assert Borough.objects.count() == 0


def test_a_plan_that_ends_before_it_starts_is_refused(db, tmp_path):
    boroughs, good, bad = broken_seed(tmp_path)
    text = good.read_text().replace("period_end: 2023-03-31", "period_end: 2019-03-31")
    good.write_text(text)

    with pytest.raises(seeds.SeedError, match="plan.period_end: 2019-03-31 is before"):
        seeds.load_all(boroughs_file=boroughs, files=[good])
