"""Borough admins make boards in the app: name, scope, meetings (issue 27)."""

import datetime as dt

from django.urls import reverse

from governance.board_services import meeting_dates
from governance.models import Board
from tests.forms.conftest import client_for


def test_an_admin_adds_a_board_with_its_scope_then_its_repeating_meetings(
    borough_admin, borough, plan, priority
):
    client = client_for(borough_admin)
    response = client.post(
        reverse("board_new", args=[borough.slug]),
        {
            "name": "SEND Partnership Board",
            "kind": "partnership_board",
            "chair": "TEST DATA: a chair",
            "priorities": [priority.pk],
        },
    )
    board = Board.objects.get(borough=borough, name="SEND Partnership Board")
    assert response["Location"] == reverse("board_meetings", args=[board.pk])
    assert list(board.priorities.all()) == [priority] and not board.plans.exists()
    assert board.history.get().history_user == borough_admin

    first = dt.date.today() + dt.timedelta(days=10)
    response = client.post(
        reverse("board_meetings", args=[board.pk]),
        {
            "first_day": first.day,
            "first_month": first.month,
            "first_year": first.year,
            "repeat": "quarterly",
            "count": "4",
        },
        follow=True,
    )
    assert list(board.meetings.values_list("date", flat=True)) == meeting_dates(
        first, "quarterly", 4
    )
    assert "4 meetings added" in response.content.decode()

    listing = client.get(reverse("board_list")).content.decode()
    assert f"for the meeting on {first:%-d %B %Y}" in listing
    assert "Next pack due: " in listing


def test_repeating_meetings_fall_on_a_shorter_months_last_day():
    assert meeting_dates(dt.date(2027, 1, 31), "monthly", 3) == [
        dt.date(2027, 1, 31),
        dt.date(2027, 2, 28),
        dt.date(2027, 3, 31),
    ]
    assert meeting_dates(dt.date(2027, 1, 31), "once", 3) == [dt.date(2027, 1, 31)]


def test_a_board_name_used_already_is_refused_with_a_message(borough_admin, borough):
    Board.objects.create(borough=borough, slug="spb", name="SEND Partnership Board")
    page = client_for(borough_admin).post(
        reverse("board_new", args=[borough.slug]),
        {"name": "send partnership board", "kind": "partnership_board"},
    )
    assert page.status_code == 400
    assert "There is already a board called send partnership board." in page.content.decode()


def test_an_editor_cannot_add_a_board(editor, borough):
    response = client_for(editor).get(reverse("board_new", args=[borough.slug]))
    assert response.status_code == 403
