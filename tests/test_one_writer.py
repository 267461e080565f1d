"""One writer: every path that rates an action writes one StatusUpdate, linked to its
history row and naming its source; versions are claimed by imports, the admin and
reverts alike; imports warn rather than invent narratives and keep what blank cells
do not say. (The same races across real connections: tests/ops/test_one_writer_races.py.)
"""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from actions.bulk import ConcurrentEdit
from actions.measure_services import measure_value_add
from actions.models import Action, MeasureValue, StatusUpdate, SuccessMeasure
from actions.services import StaleEdit, action_update, action_update_status
from governance import seeds
from tests.imports.conftest import run, xlsx_bytes
from tests.security.test_history_protection import admin_form_data

HEADER = ["Ref", "Action", "Status", "Narrative", "Next steps"]
Source = StatusUpdate.Source


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def admin_change_data(action, user):
    """The admin's change form for `action` as a browser posts it back, inlines included."""
    data = admin_form_data(Action, action, user)
    for prefix, count in (("milestones", 0), ("updates", action.updates.count())):
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}
    for index, update in enumerate(action.updates.all()):
        data |= {f"updates-{index}-id": update.pk, f"updates-{index}-action": action.pk}
    return data


def the_update_is_linked(update, action):
    """One StatusUpdate, joined to the action's history row that holds its rating."""
    row = update.history_row
    assert row is not None, "the update has no history row"
    assert row.id == action.pk
    assert (row.status, row.status_narrative) == (update.status, update.narrative)
    assert row.history_date == update.created_at
    return row


# --- Every source writes one StatusUpdate linked to its history row ---------------------


def test_a_rating_from_the_status_form_is_linked_to_its_history_row(action, editor):
    update = action_update_status(action=action, user=editor, status="green", narrative="Fine.")

    assert StatusUpdate.objects.get() == update
    assert update.source == Source.FORM
    row = the_update_is_linked(update, action)
    assert row.history_change_reason == "Status update: Green"


def test_a_rating_from_the_bulk_page_records_that_source(action, editor):
    action_update_status(
        action=action, user=editor, status="amber", narrative="Slipping.", source=Source.BULK
    )

    update = StatusUpdate.objects.get()
    assert update.source == Source.BULK
    the_update_is_linked(update, action)


def test_the_bulk_page_keeps_the_narrative_rule(action, editor):
    with pytest.raises(ValidationError):
        action_update_status(action=action, user=editor, status="red", source=Source.BULK)
    assert not StatusUpdate.objects.exists()


def test_a_rating_from_an_import_writes_one_linked_update_per_changed_rating(
    plan, action, borough_admin
):
    rows = [
        ["1-H1", action.description, "Amber", "Two posts vacant.", "Recruit."],
        ["1-H2", "A new action, rated as it arrives.", "Green", "Started well.", ""],
        ["1-H3", "A new action, not rated yet.", "", "", ""],
    ]
    run(xlsx_bytes(HEADER, rows), plan, user=borough_admin)

    updates = StatusUpdate.objects.order_by("action__reference")
    assert [(u.action.reference, u.status, u.source) for u in updates] == [
        ("1-H1", "amber", Source.IMPORT),
        ("1-H2", "green", Source.IMPORT),
    ]
    for update in updates:
        row = the_update_is_linked(update, update.action)
        assert row.history_user == borough_admin
        assert update.author == borough_admin
    assert updates[0].history_row.history_type == "~"
    assert updates[1].history_row.history_type == "+"

    # The same file again changes nothing and writes no update.
    run(xlsx_bytes(HEADER, rows), plan, user=borough_admin)
    assert StatusUpdate.objects.count() == 2


def test_a_rating_changed_in_the_admin_writes_an_admin_update_and_a_new_version(action, superuser):
    rows_before = action.history.count()
    data = admin_change_data(action, superuser)
    data["status"] = "red"
    data["status_narrative"] = "Corrected by the programme office."
    url = reverse("admin:actions_action_change", args=[action.pk])

    response = signed_in(superuser).post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert (action.status, action.version) == ("red", 2)
    update = StatusUpdate.objects.get()
    assert (update.source, update.author) == (Source.ADMIN, superuser)
    row = the_update_is_linked(update, action)
    assert row.history_user == superuser
    assert action.history.count() == rows_before + 1  # one row for the edit


def test_an_action_added_in_the_admin_with_a_rating_has_its_update(plan, priority, superuser):
    data = {
        "milestones-TOTAL_FORMS": 0,
        "milestones-INITIAL_FORMS": 0,
        "updates-TOTAL_FORMS": 0,
        "updates-INITIAL_FORMS": 0,
        "plan": plan.pk,
        "priority": priority.pk,
        "reference": "9.9",
        "description": "Added by the programme office.",
        "status": "blue",
        "position": 0,
        "opened_at_version": "",
    }
    response = signed_in(superuser).post(reverse("admin:actions_action_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    action = Action.objects.get(reference="9.9")
    update = StatusUpdate.objects.get()
    assert (update.status, update.source) == ("blue", Source.ADMIN)
    assert the_update_is_linked(update, action).history_type == "+"


def test_seed_ratings_are_recorded_as_seed_updates(db, tmp_path):
    source = next(p for p in seeds.seed_files() if "inspection-2019" in p.name)
    original = source.read_text()
    text = original.replace(
        '            - reference: "1-H1"\n',
        '            - reference: "1-H1"\n              status: green\n',
        1,
    )
    assert text != original, "the seed's first action is written differently now"
    copy = tmp_path / source.name
    copy.write_text(text)

    seeds.load_all(files=[copy])

    update = StatusUpdate.objects.get()
    assert update.source == Source.SEED
    assert the_update_is_linked(update, update.action).history_type == "+"


def test_demo_ratings_are_recorded_as_demo_updates_dated_when_they_were_made_up(action, editor):
    when = dt.datetime(2019, 9, 1, 10, tzinfo=dt.UTC)
    update = action_update_status(
        action=action,
        user=editor,
        status="green",
        narrative="Illustrative: on track.",
        date=when.date(),
        source=Source.DEMO,
        recorded_at=when,
    )

    assert update.source == Source.DEMO
    row = the_update_is_linked(update, action)
    assert row.history_date == when == update.created_at
    assert update.history.get().history_date == when


# --- Versions: imports, the admin and reverts claim a new one ---------------------------


def test_a_revert_yields_a_new_version_and_a_form_from_before_it_is_refused(action, superuser):
    action_update(action=action, user=superuser, description="Reworded once.")
    action_update(action=action, user=superuser, description="Reworded twice.")
    action.refresh_from_db()
    assert action.version == 3
    stale_form_version = action.version
    first = action.history.order_by("history_date", "history_id").first()
    assert first.version == 1

    url = reverse("admin:actions_action_simple_history", args=[action.pk, first.pk])
    response = signed_in(superuser).post(url, admin_form_data(Action, first.instance, superuser))

    assert response.status_code == 302, response.content.decode()[:2000]
    action.refresh_from_db()
    assert action.description == "Clear the backlog of initial health assessments."
    assert action.version == 4  # never back to 1
    with pytest.raises(StaleEdit):
        action_update(
            action=action,
            user=superuser,
            expected_version=stale_form_version,
            description="From a form opened before the revert.",
        )
    action.refresh_from_db()
    assert action.description == "Clear the backlog of initial health assessments."


def test_an_admin_correction_makes_an_officers_open_form_stale(action, editor, superuser):
    officers_version = action.version
    data = admin_change_data(action, superuser)
    data["description"] = "Corrected by the programme office."
    url = reverse("admin:actions_action_change", args=[action.pk])
    assert signed_in(superuser).post(url, data).status_code == 302

    with pytest.raises(StaleEdit) as refused:
        action_update_status(
            action=action,
            user=editor,
            status="green",
            narrative="On track.",
            expected_version=officers_version,
        )
    assert refused.value.changes[0]["field"] == "Description"
    action.refresh_from_db()
    assert action.description == "Corrected by the programme office."
    assert not StatusUpdate.objects.exists()


def test_a_stale_admin_form_is_refused_with_a_message_and_changes_nothing(
    action, editor, superuser
):
    client = signed_in(superuser)
    data = admin_change_data(action, superuser)  # opened at version 1
    action_update_status(action=action, user=editor, status="amber", narrative="Slipping.")
    data["description"] = "An admin's edit from a form opened before the rating."
    url = reverse("admin:actions_action_change", args=[action.pk])

    response = client.post(url, data, follow=True)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Not saved: action 1-H1 was changed by Erin" in text
    action.refresh_from_db()
    assert (action.status, action.version) == ("amber", 2)
    assert action.description == "Clear the backlog of initial health assessments."
    assert not LogEntry.objects.exists()


def test_an_import_checked_before_an_officers_save_is_refused_naming_action_and_officer(
    plan, action, editor, borough_admin
):
    checked = {"1-H1": action.version}  # what the admin's preview showed
    action_update_status(action=action, user=editor, status="amber", narrative="Slipping.")
    rows = [["1-H1", "Reworded by the import.", "Green", "Fine.", ""]]

    with pytest.raises(ConcurrentEdit) as refused:
        from actions.spreadsheets.services import import_plan

        import_plan(
            data=xlsx_bytes(HEADER, rows),
            filename="plan.xlsx",
            borough=plan.borough,
            plan=plan,
            user=borough_admin,
            expected_versions=checked,
        )

    assert "Action 1-H1 was changed by Erin" in refused.value.message
    action.refresh_from_db()
    assert (action.status, action.description, action.version) == (
        "amber",
        "Clear the backlog of initial health assessments.",
        2,
    )
    assert StatusUpdate.objects.count() == 1


# --- Imports: narratives warned about, blank cells kept ---------------------------------


def test_an_imported_red_without_a_narrative_is_a_preview_warning_not_a_silent_narrative(
    plan, action, editor
):
    action_update_status(action=action, user=editor, status="green", narrative="On track.")
    rows = [["1-H1", action.description, "Red", "", ""]]

    result, _ = run(xlsx_bytes(HEADER, rows), plan)

    assert any("rated Red with no narrative" in w for w in result.warnings)
    action.refresh_from_db()
    assert action.status == "red"
    # The old Green narrative is not carried over as if it explained the Red.
    assert action.status_narrative == ""
    latest = action.updates.order_by("-created_at").first()
    assert (latest.status, latest.narrative, latest.source) == ("red", "", Source.IMPORT)


def test_a_blank_import_cell_keeps_the_narrative_unless_the_admin_chose_to_clear(
    plan, action, editor
):
    action_update_status(
        action=action, user=editor, status="amber", narrative="Two posts vacant.",
        next_steps="Recruit.",
    )  # fmt: skip
    rows = [["1-H1", "Reworded by the import.", "Amber", "", ""]]

    run(xlsx_bytes(HEADER, rows), plan)
    action.refresh_from_db()
    assert action.description == "Reworded by the import."
    assert (action.status_narrative, action.next_steps) == ("Two posts vacant.", "Recruit.")

    from actions.spreadsheets.services import import_plan

    import_plan(
        data=xlsx_bytes(HEADER, rows),
        filename="plan.xlsx",
        borough=plan.borough,
        plan=plan,
        clear_blanks=True,
    )
    action.refresh_from_db()
    assert (action.status_narrative, action.next_steps) == ("", "")


def test_a_blank_status_cell_does_not_unrate_an_action(plan, action, editor):
    action_update_status(action=action, user=editor, status="green", narrative="On track.")
    run(xlsx_bytes(HEADER, [["1-H1", action.description, "", "", ""]]), plan)
    action.refresh_from_db()
    assert action.status == "green"


# --- Measure values ---------------------------------------------------------------------


def test_a_second_value_for_the_same_date_is_a_form_error(plan, editor):
    measure = SuccessMeasure.objects.create(plan=plan, description="EHCPs issued in 20 weeks")
    day = dt.date(2024, 3, 31)
    measure_value_add(measure=measure, user=editor, date=day, value=60)
    with pytest.raises(ValidationError) as refused:
        measure_value_add(measure=measure, user=editor, date=day, value=61)
    assert "already a value for this date" in str(refused.value)
    assert MeasureValue.objects.get().value == 60


def test_blank_timescale_and_owner_cells_keep_the_actions_timescale_due_date_and_owners(
    plan, action, owner
):
    header = ["Ref", "Action", "Who", "Timescale"]
    run(xlsx_bytes(header, [["1-H1", "Reworded.", "", ""]]), plan)

    action.refresh_from_db()
    assert action.description == "Reworded."
    assert (action.timescale, action.due_date) == ("Q2", dt.date(2019, 9, 30))
    assert list(action.owners.all()) == [owner]


def test_a_milestone_added_in_the_admin_is_written_by_the_service(action, superuser):
    data = admin_change_data(action, superuser)
    data |= {
        "milestones-TOTAL_FORMS": 1,
        "milestones-0-title": "Workshops held",
        "milestones-0-timescale": "Q2",
        "milestones-0-due_date": "",
        "milestones-0-achieved_on": "",
        "milestones-0-position": 0,
        "milestones-0-action": action.pk,
    }
    url = reverse("admin:actions_action_change", args=[action.pk])

    response = signed_in(superuser).post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    (row,) = action.milestones.get().history.all()
    assert (row.history_user, row.history_change_reason) == (superuser, "Edited in the admin")


def test_a_measure_value_corrected_in_the_admin_is_written_by_the_service(plan, superuser):
    measure = SuccessMeasure.objects.create(plan=plan, description="EHCPs issued in 20 weeks")
    value = measure_value_add(measure=measure, user=superuser, date=dt.date(2024, 3, 31), value=6)
    data = admin_form_data(MeasureValue, value, superuser) | {"value": "60"}
    url = reverse("admin:actions_measurevalue_change", args=[value.pk])

    response = signed_in(superuser).post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    latest = value.history.order_by("-history_id").first()
    assert (latest.value, latest.history_change_reason) == (60, "Edited in the admin")
