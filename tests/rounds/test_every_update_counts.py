"""While a round is open, every way of updating an action reports on the round's
quarter by default and says so, and the action page shows where the action stands."""

from django.urls import reverse

from actions.models import Action, StatusUpdate
from tests.imports.conftest import run, xlsx_bytes
from tests.rounds.conftest import Q2


def status_page_post(client, action, **data):
    """The action page's status form as a browser sends it: the date left as offered."""
    action.refresh_from_db()
    form = client.get(reverse("action_update_status", args=[action.pk])).context["form"]
    day = form.initial["date"]
    return client.post(
        reverse("action_update_status", args=[action.pk]),
        {
            "version": action.version,
            "date_day": day.day,
            "date_month": day.month,
            "date_year": day.year,
            **data,
        },
    )


def test_updates_made_from_the_action_page_count_for_the_open_round_on_home(
    client, editor, round_world
):
    a = round_world["actions"]
    client.force_login(editor)

    status_page_post(client, a["1.1"], status="green")
    status_page_post(client, a["1.2"], status="amber", narrative="Two schools left.")

    home = client.get(reverse("home")).content.decode()
    assert "Your updates for 2025/26 Q2: 2 of 3 done" in home
    assert set(StatusUpdate.objects.values_list("date", flat=True)) == {Q2.end}


def test_the_status_page_says_which_rounds_quarter_it_reports_on(client, editor, round_world):
    client.force_login(editor)
    action = round_world["actions"]["1.1"]

    page = client.get(reverse("action_update_status", args=[action.pk])).content.decode()

    assert "This update counts for the 2025/26 Q2 reporting round" in page
    assert "it reports on 30 September 2025" in page


def test_the_action_page_shows_the_actions_round_state_and_the_route_to_finish_it(
    client, editor, round_world
):
    client.force_login(editor)
    action = round_world["actions"]["1.1"]
    url = reverse("action_detail", args=[action.pk])

    before = client.get(url).content.decode()
    status_page_post(client, action, status="green")
    after = client.get(url).content.decode()

    # The round's deadline (20 October 2025) has passed.
    assert "2025/26 Q2 update: <strong" in before
    assert ">Late</strong>" in before
    update_url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={action.pk}"
    assert f'href="{update_url}"' in before
    assert ">Done</strong>" in after
    assert f'href="{update_url}"' not in after


def test_a_returned_update_shows_on_the_action_page_with_the_reviewers_comment(
    client, editor, borough_admin, borough, round_world
):
    borough.updates_need_review = True
    borough.save()
    action = round_world["actions"]["1.1"]
    client.force_login(editor)
    status_page_post(client, action, status="red", narrative="Stalled.")
    client.force_login(borough_admin)
    update = StatusUpdate.objects.get()
    assert (
        ">Submitted, waiting for review</strong>"
        in client.get(reverse("action_detail", args=[action.pk])).content.decode()
    )
    client.post(
        reverse("update_review", args=[update.pk]), {"decision": "return", "comment": "Why?"}
    )
    client.force_login(editor)

    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()

    assert "Returned for changes, late" in page
    assert "“Why?”" in page
    assert "Change the returned update" in page


def test_an_import_rates_undated_rows_on_the_open_rounds_quarter_and_says_so(
    plan, editor, round_world
):
    header = ["Ref", "Action", "Status", "Narrative"]
    action = round_world["actions"]["1.2"]

    result, _ = run(
        xlsx_bytes(header, [["1.2", action.description, "Amber", "Late starts."]]),
        plan,
        user=editor,
    )

    said = "report on 30 September 2025, the last day of 2025/26 Q2"
    assert any(said in notice for notice in result.notices)
    assert Action.objects.get(pk=action.pk).status_date == Q2.end
    assert StatusUpdate.objects.get(action=action).date == Q2.end
