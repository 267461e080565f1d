"""An officer's updates for a round: the home panel, "Save and next", the bulk page,
the dashboard, and updates written for owners with no account."""

import datetime as dt

from django.urls import reverse

from actions.models import Action, StatusUpdate
from governance import round_selectors as selectors
from tests.rounds.conftest import Q2


def post_update(client, round_world, action, **data):
    url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={action.pk}"
    action.refresh_from_db()
    return client.post(url, {"version": action.version, "next": "1", **data})


def test_the_home_page_says_how_many_of_the_officers_updates_are_done_and_when_due(
    client, editor, round_world
):
    client.force_login(editor)
    post_update(client, round_world, round_world["actions"]["1.1"], status="green")

    page = client.get(reverse("home")).content.decode()

    assert "Your updates for 2025/26 Q2: 1 of 3 done, due 20 October" in page


def test_save_and_next_walks_through_the_officers_due_updates_in_plan_order(
    client, editor, round_world
):
    a = round_world["actions"]
    client.force_login(editor)

    first = client.get(reverse("round_next", args=[round_world["round"].pk]))
    assert first.url.endswith(f"?action={a['1.1'].pk}")
    page = client.get(first.url).content.decode()
    assert "Your update 1 of 3 for 2025/26 Q2" in page

    saved = post_update(client, round_world, a["1.1"], status="green")
    assert client.get(saved.url).url.endswith(f"?action={a['1.2'].pk}")
    saved = post_update(client, round_world, a["1.2"], status="amber", narrative="Delayed.")
    assert client.get(saved.url).url.endswith(f"?action={a['2.1'].pk}")
    saved = post_update(client, round_world, a["2.1"], status="green")
    done = client.get(saved.url)

    assert done.url == reverse("home")
    update = StatusUpdate.objects.get(action=a["1.2"])
    # It reports on the quarter's last day, whenever it was written.
    assert (update.date, update.status, update.narrative) == (Q2.end, "amber", "Delayed.")
    assert Action.objects.get(pk=a["1.2"].pk).status == "amber"


def test_a_wrong_update_shows_the_error_and_keeps_what_was_typed(client, editor, round_world):
    client.force_login(editor)
    response = post_update(
        client, round_world, round_world["actions"]["1.1"], status="red", next_steps="Chase."
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_narrative"' in page
    assert "Chase." in page
    assert not StatusUpdate.objects.exists()


def test_the_bulk_page_updates_every_action_of_mine_in_one_post(client, editor, round_world):
    a = round_world["actions"]
    url = reverse("round_bulk", args=[round_world["round"].pk]) + "?mine=1"
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Rating for 1.1" in page and "Rating for 2.2" not in page  # 2.2 is Corina's

    data = {}
    for ref, status, narrative in [("1.1", "green", ""), ("1.2", "red", "Posts vacant.")]:
        pk = a[ref].pk
        data.update(
            {
                f"a{pk}-version": a[ref].version,
                f"a{pk}-status": status,
                f"a{pk}-narrative": narrative,
                f"a{pk}-next_steps": "Next.",
            }
        )
    data[f"a{a['2.1'].pk}-version"] = a["2.1"].version  # left blank: skipped
    response = client.post(url, data)

    assert response.status_code == 302
    assert dict(StatusUpdate.objects.values_list("action__reference", "status")) == {
        "1.1": "green",
        "1.2": "red",
    }
    assert Action.objects.get(pk=a["1.2"].pk).status_narrative == "Posts vacant."
    assert Action.history.filter(id=a["1.2"].pk, status="red").get().owners.count() == 1


def test_the_bulk_page_can_take_every_action_of_a_priority(client, editor, round_world):
    _, second = round_world["priorities"]
    url = reverse("round_bulk", args=[round_world["round"].pk]) + f"?priority={second.pk}"
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Rating for 2.1" in page and "Rating for 2.2" in page and "Rating for 1.1" not in page


def test_bulk_errors_are_summarised_with_links_to_the_row_and_nothing_is_saved(
    client, editor, round_world
):
    a = round_world["actions"]
    url = reverse("round_bulk", args=[round_world["round"].pk]) + "?mine=1"
    client.force_login(editor)
    pk1, pk2 = a["1.1"].pk, a["1.2"].pk
    response = client.post(
        url,
        {
            f"a{pk1}-version": 1,
            f"a{pk1}-status": "green",
            f"a{pk2}-version": 1,
            f"a{pk2}-status": "amber",
            f"a{pk2}-next_steps": "Keep this text.",
            f"a{a['2.1'].pk}-version": 1,
        },
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert f'<a href="#id_a{pk2}-narrative">Action 1.2: Enter a narrative' in page
    assert "Keep this text." in page
    assert not StatusUpdate.objects.exists()


def test_a_bulk_save_over_someone_elses_change_saves_nothing_and_names_the_row(
    client, editor, borough_admin, round_world
):
    a = round_world["actions"]
    url = reverse("round_bulk", args=[round_world["round"].pk]) + "?mine=1"
    client.force_login(editor)
    opened_at = {ref: Action.objects.get(pk=a[ref].pk).version for ref in ("1.1", "1.2")}
    from actions.services import action_update_status

    action_update_status(action=a["1.2"], user=borough_admin, status="green")
    pk1, pk2 = a["1.1"].pk, a["1.2"].pk
    response = client.post(
        url,
        {
            f"a{pk1}-version": opened_at["1.1"],
            f"a{pk1}-status": "green",
            f"a{pk2}-version": opened_at["1.2"],
            f"a{pk2}-status": "blue",
            f"a{pk2}-narrative": "Finished early.",
            f"a{pk2}-completed_on_day": "1",
            f"a{pk2}-completed_on_month": "9",
            f"a{pk2}-completed_on_year": "2025",
            f"a{a['2.1'].pk}-version": 1,
        },
    )
    page = response.content.decode()

    assert response.status_code == 400
    assert "changed action 1.2 after you opened this page" in page
    assert f'href="#row-{pk2}"' in page
    assert "Finished early." in page
    assert StatusUpdate.objects.filter(author=editor).count() == 0


def test_an_editor_updating_for_an_owner_with_no_account_is_recorded_as_such(
    client, editor, round_world, owner
):
    client.force_login(editor)
    post_update(client, round_world, round_world["actions"]["2.2"], status="green")

    update = StatusUpdate.objects.get()
    assert (update.author, update.on_behalf_of) == (editor, owner)


def test_the_dashboard_counts_by_owner_and_priority_including_owners_without_an_account(
    client, editor, borough_admin, round_world
):
    client.force_login(editor)
    post_update(client, round_world, round_world["actions"]["1.1"], status="green")

    rows = selectors.round_progress(
        round_world["round"],
        selectors.round_actions(round_world["round"]),
        today=dt.date(2025, 10, 25),
    )
    board = selectors.dashboard(rows)

    owners = {e["label"]: e for e in board["owners"]}
    assert (owners["Erin Editor"]["done"], owners["Erin Editor"]["not_started"]) == (1, 2)
    assert owners["Erin Editor"]["late"] == 2  # past 20 October
    assert owners["Corina Christos"]["has_account"] is False
    assert owners["Corina Christos"]["not_started"] == 1
    client.force_login(borough_admin)
    page = client.get(reverse("round_detail", args=[round_world["round"].pk])).content.decode()
    assert "Corina Christos" in page and "(no account)" in page
    assert "an editor writes their updates for them" in page
