"""The action timeline joins each status update to the history row written with it.

Not by change reason, author or how close together they were written: the same
officer rating twice within a minute, a back-dated rating and an admin's edit each
land on the right entry.
"""

import datetime as dt

from django.test import Client
from django.urls import reverse

from actions.models import Action, StatusUpdate
from actions.selectors import action_detail_queryset
from actions.services import action_update, action_update_status
from actions.timeline import build_timeline
from tests.test_one_writer import admin_change_data


def timeline(action):
    return build_timeline(action_detail_queryset().get(pk=action.pk))


def updates_in(entries):
    return [e for e in entries if e.kind == "update"]


def test_the_same_officer_rating_twice_within_a_minute_gets_two_entries_each_with_its_change(
    action, editor
):
    first = action_update_status(action=action, user=editor, status="amber", narrative="Slow.")
    second = action_update_status(action=action, user=editor, status="red", narrative="Stuck.")
    assert (second.created_at - first.created_at).total_seconds() < 60

    entries = updates_in(timeline(action))

    assert [(e.status, e.narrative) for e in entries] == [("red", "Stuck."), ("amber", "Slow.")]
    assert [(c.label, c.old, c.new) for c in entries[0].changes] == [("Status", "Amber", "Red")]
    assert [(c.label, c.old, c.new) for c in entries[1].changes if c.label == "Status"] == [
        ("Status", "not set", "Amber")
    ]
    assert entries[0].when == second.history_row.history_date
    assert entries[1].when == first.history_row.history_date


def test_a_back_dated_rating_sits_at_its_own_date_with_its_own_history_row(action, editor):
    then = dt.datetime(2019, 9, 30, 16, tzinfo=dt.UTC)
    back_dated = action_update_status(
        action=action,
        user=editor,
        status="green",
        narrative="On track in Q2.",
        date=then.date(),
        recorded_at=then,
    )
    today = action_update_status(action=action, user=editor, status="amber", narrative="Now.")

    entries = updates_in(timeline(action))

    assert [(e.status, e.when) for e in entries] == [
        ("amber", today.history_row.history_date),
        ("green", then),
    ]
    assert entries[1].rated_on == dt.date(2019, 9, 30)
    assert back_dated.history_row.history_date == then


def test_an_admin_edit_is_its_own_entry_and_never_taken_for_the_officers_update(
    action, editor, superuser
):
    update = action_update_status(action=action, user=editor, status="amber", narrative="Slow.")
    client = Client()
    client.force_login(superuser)
    action = Action.objects.get(pk=action.pk)
    data = admin_change_data(action, superuser)
    data["description"] = "Corrected by the programme office."
    url = reverse("admin:actions_action_change", args=[action.pk])
    assert client.post(url, data).status_code == 302

    entries = timeline(action)

    admin_entry = entries[0]
    assert (admin_entry.kind, admin_entry.title, admin_entry.who) == (
        "changed",
        "Edited in the admin",
        "super",
    )
    assert [c.label for c in admin_entry.changes] == ["Description"]
    (officer,) = updates_in(entries)
    assert (officer.status, officer.who, officer.when) == (
        "amber",
        "Erin",
        update.history_row.history_date,
    )


def test_an_admin_rating_is_an_update_entry_of_its_own_source(action, superuser):
    action_update(
        action=action,
        user=superuser,
        status="red",
        status_narrative="Corrected.",
        reason="Edited in the admin",
        source=StatusUpdate.Source.ADMIN,
    )

    (entry,) = updates_in(timeline(action))

    assert (entry.status, entry.narrative, entry.who) == ("red", "Corrected.", "super")
    assert StatusUpdate.objects.get().source == StatusUpdate.Source.ADMIN


def test_an_officer_edit_and_a_rating_within_seconds_stay_two_entries(action, editor):
    action_update(action=action, user=editor, description="Reworded.")
    action_update_status(action=action, user=editor, status="green", narrative="Fine.")

    entries = [e for e in timeline(action) if e.kind != "created"]

    assert [(e.kind, e.title) for e in entries][:2] == [
        ("update", "Status update: Green"),
        ("changed", "Edited action"),
    ]
