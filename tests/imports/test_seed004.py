"""Seed 004's inspection table, typed into a spreadsheet, imports as the seed describes it."""

import datetime as dt
import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from actions.models import Action, Objective, Plan, Tag
from boroughs.models import Person
from tests.imports.conftest import preview, run

SEED = (
    Path(__file__).resolve().parents[2]
    / "fixtures/seeds/hammersmith-fulham-send-inspection-2019.yaml"
)


def seed_actions():
    plan = yaml.safe_load(SEED.read_text())["plan"]
    for objective in plan["priorities"][0]["objectives"]:
        for action in objective["actions"]:
            yield objective, action


def history_counts():
    return {
        "actions": Action.history.count(),
        "objectives": Objective.history.count(),
        "people": Person.history.count(),
        "owner links": Action.history.model.owners.model.objects.count(),
        "tag links": Action.history.model.tags.model.objects.count(),
    }


def test_the_table_imports_into_23_objectives_and_29_actions(seed004_xlsx, seed_plan):
    result, _ = run(seed004_xlsx, seed_plan, filename="h-and-f-2019.xlsx")

    assert result.counts()["objectives"]["created"] == 23
    assert result.counts()["actions"]["created"] == 29
    assert Objective.objects.filter(priority__plan=seed_plan).count() == 23
    assert Action.objects.filter(plan=seed_plan).count() == 29
    priority = seed_plan.priorities.get()
    assert priority.title == "Area for development"  # the plan's own label for its level


def test_every_action_matches_the_seed_transcription(seed004_xlsx, seed_plan):
    run(seed004_xlsx, seed_plan)

    actions = {a.reference: a for a in Action.objects.filter(plan=seed_plan)}
    expected = list(seed_actions())
    assert set(actions) == {a["reference"] for _, a in expected}
    for objective, wanted in expected:
        action = actions[wanted["reference"]]
        assert action.description == wanted["description"], wanted["reference"]
        assert action.lead_agency == wanted["lead_agency"]
        assert action.timescale == wanted.get("timescale", "")
        assert sorted(p.name for p in action.owners.all()) == sorted(wanted["owners"])
        assert sorted(t.name for t in action.tags.all()) == sorted(wanted.get("tags", []))
        assert action.objective.number == (objective["number"] or "")
        assert action.objective.title == objective["title"]
        assert action.objective.description == objective.get("description", "")


def test_references_owners_and_timescales_are_read_as_the_seed_reads_them(seed004_xlsx, seed_plan):
    run(seed004_xlsx, seed_plan)
    get = Action.objects.filter(plan=seed_plan).get

    # Row 1 has both an Action Health and an Action LA cell, then a continuation row.
    first = get(reference="1-H1")
    assert first.timescale == "26/4/19 (CQG)"
    assert first.due_date == dt.date(2019, 4, 26)
    assert get(reference="1-LA1").lead_agency == "local_authority"
    continued = get(reference="1-H2")
    assert continued.objective == first.objective
    assert sorted(p.name for p in continued.owners.all()) == ["Corina Christos", "Robert Holman"]
    assert continued.due_date is None  # "Timescale dependent on ...": conditional, no date
    # Unnumbered issues take the number above plus a letter.
    assert get(reference="4a-H1").objective.number == ""
    assert get(reference="4b-H2").objective == get(reference="4b-H1").objective
    assert get(reference="14a-H1").objective.title.startswith("Parents could have more")
    # "Q2" in a plan starting June 2019 is the end of September 2019.
    assert get(reference="3-H1").due_date == dt.date(2019, 9, 30)
    assert get(reference="9-H2").due_date == dt.date(2019, 6, 30)  # "End Q1"
    # "Name Role" and "Name, Role" owners become people with job titles, once each.
    daryle = Person.objects.get(name="Daryle Mathurin")
    assert daryle.job_title == "Head of Service EHC Planning"
    assert Person.objects.get(name="Corina Christos").job_title == (
        "Designated Nurse for looked after children"
    )
    assert Person.objects.filter(name="Imogen Fraser-Baxter").count() == 1
    assert {p.name for p in get(reference="16-H1").owners.all()} == {
        "Jan Parnell",
        "John Lillistone",
    }
    assert Person.objects.filter(borough=seed_plan.borough).count() == 40
    # KLOE "1 & 2" and the theme become tags, carried into the continuation row.
    assert {t.name for t in continued.tags.all()} >= {"KLOE 1", "KLOE 2"}
    assert not get(reference="7-H1").tags.exists()


def test_unparsed_timescales_are_kept_with_a_warning_not_an_error(seed004_xlsx, seed_plan):
    result = preview(seed004_xlsx, seed_plan)

    assert result.ok
    warned = {w.split(":")[0] for w in result.warnings}
    assert warned == {"Action 1-H2", "Action 2-H1", "Action 7-H1"}
    assert result.rows[1].outcome == "new"


def test_importing_the_same_file_twice_changes_nothing_and_writes_no_history(
    seed004_xlsx, seed_plan
):
    run(seed004_xlsx, seed_plan)
    before = history_counts()
    tags_before = Tag.objects.count()

    result, _ = run(seed004_xlsx, seed_plan)

    assert {r.outcome for r in result.rows} == {"unchanged"}
    counts = result.counts()
    assert counts["actions"] == {"created": 0, "updated": 0, "unchanged": 29}
    assert counts["objectives"] == {"created": 0, "updated": 0, "unchanged": 23}
    assert counts["people"] == 0
    assert history_counts() == before
    assert Tag.objects.count() == tags_before


@pytest.mark.django_db
def test_the_spreadsheet_matches_the_seeded_plan_exactly(seed004_xlsx):
    call_command("load_seeds", str(SEED), stdout=io.StringIO())
    plan = Plan.objects.get(slug="send-inspection-2019")
    before = history_counts()

    result = preview(seed004_xlsx, plan)

    assert result.ok
    assert {r.outcome for r in result.rows} == {"unchanged"}
    assert result.counts()["actions"]["unchanged"] == 29
    assert result.counts()["objectives"]["unchanged"] == 23
    assert not result.has_changes
    assert history_counts() == before
