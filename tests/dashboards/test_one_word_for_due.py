"""One word for each kind of "due": overdue (past an action's due date), an update due by
the round's deadline (late after it), and not rated since the quarter began."""

import datetime as dt

from django.urls import reverse

from actions.models import Action
from tests.rounds import conftest as rounds

# The rounds fixtures: Erin (the editor) owns 1.1, 1.2 and 2.1; Corina owns 2.2.
erin = rounds.erin
round_world = rounds.round_world


def test_while_a_round_is_open_home_lists_its_quarters_updates_still_to_write(
    client, editor, round_world
):
    client.force_login(editor)

    page = client.get(reverse("home")).content.decode()

    assert "2025/26 Q2 updates still to write" in page
    assert "with no 2025/26 Q2 update yet, or one returned for changes: 4." in page
    assert "Not rated since" not in page  # no second meaning of "due" beside the round's


def test_home_and_dashboard_never_say_a_bare_nothing_is_overdue_when_due_dates_are_missing(
    client, editor, borough, round_world
):
    Action.objects.filter(reference__in=["2.1", "2.2"]).update(due_date=None)
    client.force_login(editor)

    home = client.get(reverse("home")).content.decode()
    dashboard = client.get(reverse("borough_dashboard", args=[borough.slug])).content.decode()

    assert "2 open actions have no due date, so whether they are overdue cannot be told" in home
    assert "(2 with no due date, so not checked)" in dashboard


def test_the_dashboard_shows_the_rounds_progress_per_priority(client, editor, borough, round_world):
    client.force_login(editor)
    a = round_world["actions"]["1.1"]
    url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={a.pk}"
    client.post(url, {"version": a.version, "status": "green"})

    response = client.get(reverse("borough_dashboard", args=[borough.slug]))
    page = response.content.decode()

    assert "1 of 4</span> 2025/26 Q2 updates done" in page
    assert "2025/26 Q2 updates by priority" in page
    priorities = {
        e["label"].split(": ")[-1]: e["done"] for e in response.context["round_priorities"]
    }
    assert list(priorities.values()) == [1, 0]
    assert dt.date(2025, 10, 20) == response.context["round"].update_deadline
