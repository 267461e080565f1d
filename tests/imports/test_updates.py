"""Changed rows update their actions, with history that says which file did it."""

from django.utils import timezone

from actions.models import Action
from actions.selectors import plan_actions_as_at
from boroughs.models import Person
from tests.imports.conftest import run, xlsx_bytes

HEADER = ["Ref", "Action", "Who", "Timescale", "Status", "Narrative"]


def test_a_changed_row_updates_its_action_and_history_names_the_file(plan, action, owner, editor):
    row = [
        "1-H1",
        "Clear the backlog by June.",
        "Jo Baty",
        "Q3",
        "Amber",
        "Clinics added",
    ]

    result, _ = run(xlsx_bytes(HEADER, [row]), plan, filename="march-update.xlsx", user=editor)

    assert result.rows[0].outcome == "update"
    assert result.rows[0].messages == [
        "Updates action 1-H1: status, narrative, description, timescale, due date, owners."
    ]
    action.refresh_from_db()
    assert (action.description, action.status, action.timescale) == (
        "Clear the backlog by June.",
        "amber",
        "Q3",
    )
    assert action.version == 2  # a form opened before the import is now stale
    assert [p.name for p in action.owners.all()] == ["Jo Baty"]
    latest = action.history.latest("history_date")
    assert latest.history_change_reason == "Imported from march-update.xlsx"
    assert latest.history_user == editor
    assert latest.history_type == "~"


def test_owner_changes_are_in_the_history_so_the_past_is_still_true(plan, action, owner):
    before = timezone.now()
    row = ["1-H1", action.description, "Jo Baty", "Q2", "", ""]

    run(xlsx_bytes(HEADER, [row]), plan)

    jo = Person.objects.get(name="Jo Baty")
    then = plan_actions_as_at(plan=plan, when=before)
    now = plan_actions_as_at(plan=plan, when=timezone.now())
    assert [a.owner_ids for a in then] == [(owner.pk,)]
    assert [a.owner_ids for a in now] == [(jo.pk,)]


def test_a_new_action_has_its_owners_and_tags_in_its_first_history_row(plan):
    header = ["Ref", "Objective", "Action", "Who", "Tags"]
    rows = [["2.1", "Transition", "Agree the pathway", "Jo Baty; Amric Sangha", "KLOE 2; PfA"]]

    run(xlsx_bytes(header, rows), plan)

    created = Action.history.get(reference="2.1")
    assert created.history_type == "+"
    assert sorted(o.person.name for o in created.owners.all()) == ["Amric Sangha", "Jo Baty"]
    assert sorted(t.tag.name for t in created.tags.all()) == ["KLOE 2", "PfA"]


def test_columns_the_file_lacks_are_left_alone(plan, action, owner):
    action.status_narrative = "Written by an officer"
    action.save()
    header = ["Ref", "Action", "Status"]

    run(xlsx_bytes(header, [["1-H1", "New words", ""]]), plan)

    action.refresh_from_db()
    assert action.description == "New words"
    assert action.status_narrative == "Written by an officer"
    assert list(action.owners.all()) == [owner]
    assert action.timescale == "Q2"
