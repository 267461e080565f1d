"""Rating an action in the browser form: what it writes, and what it refuses."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services
from actions.models import Action, StatusUpdate

TODAY = timezone.localdate()


def status_data(version=1, when=TODAY, **fields):
    data = {
        "version": str(version),
        "status": "red",
        "narrative": "Backlog of 40 assessments; two paediatricians on long-term leave.",
        "next_steps": "Agency cover agreed from next month.",
        "date_day": str(when.day),
        "date_month": str(when.month),
        "date_year": str(when.year),
    }
    data.update(fields)
    return data


def counts():
    return StatusUpdate.objects.count(), Action.history.count()


def test_the_form_opens_with_today_as_the_date_and_the_current_version(editor_client, action):
    html = editor_client.get(reverse("action_update_status", args=[action.pk])).content.decode()
    assert f'name="date_day" type="text" inputmode="numeric" value="{TODAY.day}"' in html
    assert f'name="date_year" type="text" inputmode="numeric" value="{TODAY.year}"' in html
    assert 'name="version" value="1"' in html


def test_each_rating_shows_its_word_and_its_meaning(editor_client, action):
    html = editor_client.get(reverse("action_update_status", args=[action.pk])).content.decode()
    for word, meaning in [
        ("Red", "Major risks and barriers to achieving – requires urgent attention"),
        ("Amber", "In progress – some risks and barriers to completion"),
        ("Green", "On track"),
        ("Blue", "Completed"),
    ]:
        assert re.search(rf">{word}</label>\s*<div [^>]*govuk-radios__hint\">{meaning}<", html)


def test_rating_an_action_red_writes_one_status_update_and_one_audited_history_row(
    editor_client, editor, action
):
    before = counts()
    response = editor_client.post(reverse("action_update_status", args=[action.pk]), status_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("action_detail", args=[action.pk])
    assert counts() == (before[0] + 1, before[1] + 1)
    update = StatusUpdate.objects.get()
    assert (update.status, update.author, update.date) == ("red", editor, TODAY)
    assert update.next_steps == "Agency cover agreed from next month."
    row = action.history.order_by("-history_date").first()
    assert row.history_user == editor
    assert row.history_change_reason == "Status update: Red"
    assert (row.status, row.version) == ("red", 2)


def test_after_saving_the_action_page_shows_a_status_updated_banner(editor_client, action):
    response = editor_client.post(
        reverse("action_update_status", args=[action.pk]), status_data(), follow=True
    )
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Status updated" in html


def test_rating_an_action_blue_records_the_date_it_was_completed(editor_client, action):
    done = TODAY - dt.timedelta(days=3)
    data = status_data(
        status="blue",
        completed_on_day=str(done.day),
        completed_on_month=str(done.month),
        completed_on_year=str(done.year),
    )
    response = editor_client.post(reverse("action_update_status", args=[action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.completed_on) == ("blue", done)


def _rate(action, editor, status):
    services.action_update_status(action=action, user=editor, status=status, narrative="Earlier.")


FUTURE = TODAY + dt.timedelta(days=1)
INVALID = [
    pytest.param(
        "",
        {"narrative": ""},
        "narrative",
        "Enter a narrative to explain the Red rating",
        id="red-without-narrative",
    ),
    pytest.param(
        "",
        {"status": "amber", "narrative": "  "},
        "narrative",
        "Enter a narrative to explain the Amber rating",
        id="amber-without-narrative",
    ),
    pytest.param(
        "red",
        {"status": "green", "narrative": ""},
        "narrative",
        "Enter a narrative saying why the rating has changed from Red to Green",
        id="change-of-rating-without-narrative",
    ),
    pytest.param(
        "",
        {"status": "blue"},
        "completed_on",
        "Enter the date the action was completed",
        id="blue-without-completion-date",
    ),
    pytest.param(
        "",
        {
            "date_day": str(FUTURE.day),
            "date_month": str(FUTURE.month),
            "date_year": str(FUTURE.year),
        },
        "date",
        "Date of this update must be today or in the past",
        id="date-in-the-future",
    ),
    pytest.param(
        "",
        {"date_day": "31", "date_month": "2", "date_year": "2024"},
        "date",
        "Date of this update must be a real date, like 27 3 2026",
        id="date-that-does-not-exist",
    ),
    pytest.param(
        "", {"status": ""}, "status", "Choose a rating: Red, Amber, Green or Blue", id="no-rating"
    ),
]


@pytest.mark.parametrize(("current", "fields", "field", "message"), INVALID)
def test_a_bad_status_update_shows_the_error_keeps_the_input_and_changes_nothing(
    editor_client, editor, action, current, fields, field, message
):
    if current:
        _rate(action, editor, current)
    action.refresh_from_db()
    before = counts()
    data = status_data(version=action.version, **fields)
    data["next_steps"] = "Escalate to the SEND board in March."

    response = editor_client.post(reverse("action_update_status", args=[action.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: " in html
    anchor = {"status": "id_status_0", "completed_on": "id_completed_on_day"}.get(
        field, f"id_{field}"
    )
    if field == "date":
        anchor = "id_date_day"
    # In the error summary, linking to the field...
    assert f'<a href="#{anchor}">{message}</a>' in html
    # ...and beside the field itself.
    assert re.search(
        rf'id="id_{field}-error" class="govuk-error-message">.*{re.escape(message)}', html
    )
    assert "Escalate to the SEND board in March." in html
    assert counts() == before
    action.refresh_from_db()
    assert action.status == (current or "")


def test_a_partly_typed_date_says_which_part_is_missing(editor_client, action):
    data = status_data(date_month="", date_year="")
    response = editor_client.post(reverse("action_update_status", args=[action.pk]), data)
    assert "Date of this update must include a month and a year" in response.content.decode()
    assert StatusUpdate.objects.count() == 0
