"""Milestones (add, tick off) and success-measure values."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from actions.models import MeasureValue, Milestone

TODAY = timezone.localdate()


def test_an_editor_adds_a_milestone_whose_due_date_comes_from_its_timescale(
    editor_client, editor, action
):
    response = editor_client.post(
        reverse("milestone_add", args=[action.pk]),
        {"title": "Recovery plan signed off", "timescale": "Q3"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[action.pk])
    milestone = Milestone.objects.get()
    assert (milestone.title, milestone.due_date) == (
        "Recovery plan signed off",
        dt.date(2019, 12, 31),
    )
    assert milestone.history.get().history_user == editor


def test_a_milestone_without_a_title_is_refused(editor_client, action):
    response = editor_client.post(
        reverse("milestone_add", args=[action.pk]), {"title": "", "timescale": "Kept Q4"}
    )
    html = response.content.decode()
    assert '<a href="#id_title">Enter the milestone</a>' in html
    assert 'value="Kept Q4"' in html
    assert not Milestone.objects.exists()


def test_ticking_off_a_milestone_records_today_and_who(editor_client, editor, milestone):
    response = editor_client.post(reverse("milestone_achieve", args=[milestone.pk]), follow=True)
    assert "Milestone achieved: Recovery plan agreed with CLCH" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.achieved_on == TODAY
    row = milestone.history.order_by("-history_date").first()
    assert (row.history_user, row.history_change_reason) == (editor, "Milestone achieved")


def test_ticking_off_an_achieved_milestone_again_keeps_its_first_date(editor_client, milestone):
    milestone.achieved_on = dt.date(2019, 7, 1)
    milestone.save()
    editor_client.post(reverse("milestone_achieve", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.achieved_on == dt.date(2019, 7, 1)


def _value(day, value="61.5", note=""):
    return {
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "value": value,
        "note": note,
    }


def test_an_editor_records_a_measure_value(editor_client, editor, measure):
    response = editor_client.post(
        reverse("measure_value_add", args=[measure.pk]), _value(dt.date(2019, 12, 31))
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("measure_detail", args=[measure.pk])
    value = MeasureValue.objects.get()
    assert (value.date, str(value.value)) == (dt.date(2019, 12, 31), "61.50")
    assert value.history.get().history_user == editor


def test_a_second_value_for_the_same_date_is_refused(editor_client, measure):
    url = reverse("measure_value_add", args=[measure.pk])
    editor_client.post(url, _value(dt.date(2019, 12, 31)))
    response = editor_client.post(url, _value(dt.date(2019, 12, 31), value="70", note="Kept note"))
    html = response.content.decode()
    assert "There is already a value for this date. Choose another date." in html
    assert "Kept note" in html
    assert MeasureValue.objects.count() == 1


def test_a_value_that_is_not_a_number_or_is_dated_in_the_future_is_refused(editor_client, measure):
    future = TODAY + dt.timedelta(days=7)
    response = editor_client.post(
        reverse("measure_value_add", args=[measure.pk]), _value(future, value="sixty")
    )
    html = response.content.decode()
    assert '<a href="#id_date_day">Date measured must be today or in the past</a>' in html
    assert '<a href="#id_value">Value must be a number, like 42 or 12.5</a>' in html
    assert 'value="sixty"' in html
    assert not MeasureValue.objects.exists()


def test_the_milestone_page_offers_a_mark_achieved_button_for_each_open_milestone(
    editor_client, action, milestone
):
    html = editor_client.get(reverse("milestone_add", args=[action.pk])).content.decode()
    assert f'action="{reverse("milestone_achieve", args=[milestone.pk])}"' in html
    assert "Mark achieved" in html
