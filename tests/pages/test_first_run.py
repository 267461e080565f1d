"""A new area's admin sees its first steps on home, each linked and ticked when done."""

import re
from html import unescape

from django.urls import reverse

from governance.models import Board, BoardMember
from tests.forms.conftest import client_for


def steps(client):
    html = client.get(reverse("home")).content.decode()
    found = re.findall(
        r'<a class="govuk-link govuk-task-list__link" href="([^"]+)"[^>]*>([^<]+)</a></div>\s*'
        r'<div class="govuk-task-list__status[^"]*"[^>]*>(<strong[^>]*>Done</strong>|Not done yet)',
        html,
    )
    return [(unescape(label), url, "Done" in status) for url, label, status in found]


def test_a_new_areas_admin_sees_the_first_steps_ticked_as_they_are_done(
    borough_admin, borough, plan
):
    client = client_for(borough_admin)
    assert steps(client) == [
        ("Import or build your plan", reverse("borough_import", args=[borough.slug]), True),
        ("Invite people", reverse("borough_members", args=[borough.slug]), False),
        (
            "Link people to the owners named in the plan",
            reverse("borough_members", args=[borough.slug]),
            False,
        ),
        ("Add your board and its meetings", reverse("board_new", args=[borough.slug]), False),
        ("Add the board's members", reverse("board_new", args=[borough.slug]), False),
        ("Open a reporting round", reverse("round_open", args=[borough.slug]), False),
        ("Generate a board pack", reverse("board_list"), False),
    ]
    board = Board.objects.create(borough=borough, slug="b", name="TEST DATA board")
    found = steps(client)
    assert [done for *_, done in found] == [True, False, False, True, False, False, False]
    assert found[4][1] == reverse("board_members", args=[board.pk])
    BoardMember.objects.create(board=board, email="member@example.org")
    assert [done for *_, done in steps(client)] == [True, False, False, True, True, False, False]


def test_an_editor_does_not_see_the_setup_checklist(editor, borough):
    assert steps(client_for(editor)) == []
