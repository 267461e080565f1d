"""Milestones managed from the action page: achieved on a date, edited, deleted, flagged overdue.

Every change goes through actions.services and leaves a history row naming who and why.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Milestone
from tests.forms.conftest import client_for

TODAY = timezone.localdate()


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


def _date(prefix, day):
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def test_the_action_page_flags_an_overdue_milestone_and_links_to_manage_it(
    editor_client, action, milestone
):
    html = editor_client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Overdue</strong>" in html
    assert reverse("milestone_achieve", args=[milestone.pk]) in html
    assert reverse("milestone_edit", args=[milestone.pk]) in html
    assert reverse("milestone_delete", args=[milestone.pk]) in html


def test_an_achieved_milestone_is_not_flagged_overdue(editor_client, action, milestone):
    milestone.achieved_on = dt.date(2019, 8, 2)
    milestone.save()
    html = editor_client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Overdue</strong>" not in html.split('id="milestones-heading"')[1].split("<h2")[0]
    assert "2 Aug 2019" in html


def test_a_viewer_sees_milestones_without_the_links_to_change_them(
    viewer_client, action, milestone
):
    html = viewer_client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert milestone.title in html
    assert reverse("milestone_edit", args=[milestone.pk]) not in html


def test_an_editor_marks_a_milestone_achieved_on_the_date_it_happened(
    editor_client, editor, milestone
):
    url = reverse("milestone_achieve", args=[milestone.pk])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, _date("achieved_on", dt.date(2019, 8, 2)))
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.achieved_on == dt.date(2019, 8, 2)
    row = milestone.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (editor, "Milestone achieved")


def test_an_achieved_date_in_the_future_is_refused_and_changes_nothing(editor_client, milestone):
    url = reverse("milestone_achieve", args=[milestone.pk])
    response = editor_client.post(url, _date("achieved_on", TODAY + dt.timedelta(days=3)))
    assert response.status_code == 200
    assert "Date achieved must be today or in the past" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.achieved_on is None


def test_an_editor_changes_a_milestone_and_the_history_says_who(editor_client, editor, milestone):
    url = reverse("milestone_edit", args=[milestone.pk])
    assert "Recovery plan agreed with CLCH" in editor_client.get(url).content.decode()
    data = {
        "title": "Recovery plan signed off",
        "timescale": "",
        **_date("due_date", dt.date(2019, 10, 31)),
    }
    data.update({"achieved_on_day": "", "achieved_on_month": "", "achieved_on_year": ""})
    response = editor_client.post(url, data)
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date) == (
        "Recovery plan signed off",
        dt.date(2019, 10, 31),
    )
    row = milestone.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (editor, "Edited milestone")


def test_an_editor_deletes_a_milestone_after_confirming_and_the_history_keeps_it(
    editor_client, editor, milestone
):
    url = reverse("milestone_delete", args=[milestone.pk])
    assert "Delete this milestone?" in editor_client.get(url).content.decode()
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # asking deletes nothing
    response = editor_client.post(url)
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()
    row = Milestone.history.filter(id=milestone.pk).order_by("-history_date").first()
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "-",
        editor,
        "Deleted milestone",
    )


def test_a_viewer_cannot_delete_a_milestone(viewer_client, milestone):
    response = viewer_client.post(reverse("milestone_delete", args=[milestone.pk]))
    assert response.status_code == 403
    assert Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_narrative_longer_than_an_import_cell_is_refused_and_nothing_is_saved(
    editor_client, action
):
    response = editor_client.post(
        reverse("action_update_status", args=[action.pk]),
        {
            "version": str(action.version),
            "status": "amber",
            "narrative": "x" * 10_001,
            **_date("date", TODAY),
        },
    )
    assert "Narrative must be 10,000 characters or fewer" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ""
