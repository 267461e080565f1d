"""Editing an action's own fields: timescale and due date, owners, tags."""

import datetime as dt

from django.urls import reverse

from actions.models import Action
from boroughs.models import Person
from tests.forms.test_conflicts import edit_data


def test_changing_the_timescale_recomputes_the_due_date(editor_client, editor, action):
    url = reverse("action_edit", args=[action.pk])
    response = editor_client.post(url, edit_data(action, 1, timescale="Autumn term 2019"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.timescale, action.due_date) == ("Autumn term 2019", dt.date(2019, 12, 31))
    row = action.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (editor, "Edited action")


def test_a_due_date_typed_in_wins_over_the_timescale(editor_client, action):
    data = edit_data(
        action, 1, timescale="Q2", due_date_day="15", due_date_month="8", due_date_year="2019"
    )
    editor_client.post(reverse("action_edit", args=[action.pk]), data)
    action.refresh_from_db()
    assert action.due_date == dt.date(2019, 8, 15)


def test_a_due_date_the_timescale_gives_anyway_is_left_blank_so_the_timescale_can_move_it(
    editor_client, action
):
    html = editor_client.get(reverse("action_edit", args=[action.pk])).content.decode()
    assert 'name="due_date_day" type="text" inputmode="numeric" value=""' in html


def test_owners_and_tags_are_saved_and_tags_are_created_by_name(editor_client, borough, action):
    named = Person.objects.create(borough=borough, name="Jan Parnell")
    data = edit_data(action, 1, owners=[str(named.pk)], tags="KLOE 1, Health ,KLOE 1")
    editor_client.post(reverse("action_edit", args=[action.pk]), data)
    action = Action.objects.get(pk=action.pk)
    assert [p.name for p in action.owners.all()] == ["Jan Parnell"]
    assert sorted(t.name for t in action.tags.all()) == ["Health", "KLOE 1"]


def test_an_owner_from_another_borough_cannot_be_chosen(editor_client, other_borough, action):
    stranger = Person.objects.create(borough=other_borough, name="Someone in Hackney")
    before = action.history.count()
    response = editor_client.post(
        reverse("action_edit", args=[action.pk]), edit_data(action, 1, owners=[str(stranger.pk)])
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert action.history.count() == before


def test_an_empty_description_is_refused_and_nothing_changes(editor_client, action):
    before = action.history.count()
    response = editor_client.post(
        reverse("action_edit", args=[action.pk]),
        edit_data(action, 1, description="", timescale="Typed but not saved"),
    )
    html = response.content.decode()
    assert '<a href="#id_description">Enter a description of the action</a>' in html
    assert 'value="Typed but not saved"' in html
    assert action.history.count() == before
