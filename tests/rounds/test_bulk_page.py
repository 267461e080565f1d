"""The bulk page starts where each action stands: its current rating, its last
narrative beside it, completion dates only for Blue, and an error summary for a save
with nothing chosen."""

import re

from django.urls import reverse

from actions.models import Action, StatusUpdate


def bulk_url(round_world):
    return reverse("round_bulk", args=[round_world["round"].pk]) + "?mine=1"


def test_each_row_starts_at_the_current_rating_with_the_last_narrative_beside_it(
    client, editor, round_world
):
    a = round_world["actions"]
    Action.objects.filter(pk=a["1.2"].pk).update(status="amber", status_narrative="Two left.")
    client.force_login(editor)

    response = client.get(bulk_url(round_world))
    forms = {row["action"].reference: row["form"] for row in response.context["rows"]}
    page = response.content.decode()

    assert forms["1.2"]["status"].value() == "amber"
    assert forms["1.1"]["status"].value() in ("", None)  # never rated: nothing to start at
    assert "<strong>Last narrative</strong>" in page and "Two left." in page
    assert page.count("data-bulk-completed") == 3  # hidden by script until Blue
    assert 'class="sp-save-bar"' in page


def test_a_row_already_updated_starts_at_leave_as_it_is(client, editor, round_world):
    a = round_world["actions"]
    client.force_login(editor)
    url = reverse("round_update", args=[round_world["round"].pk]) + f"?action={a['1.1'].pk}"
    client.post(url, {"version": a["1.1"].version, "status": "green"})

    response = client.get(bulk_url(round_world))
    forms = {row["action"].reference: row["form"] for row in response.context["rows"]}

    assert forms["1.1"]["status"].value() in ("", None)
    # The row's drawn select has its blank choice, "Leave as it is for now", selected,
    # not the Green the action now holds.
    select = re.search(
        rf'<select[^>]*id="id_a{a["1.1"].pk}-status".*?</select>',
        response.content.decode(),
        re.S,
    ).group(0)
    assert re.search(r'<option value=""[^>]*selected[^>]*>\s*Leave as it is for now', select)
    assert not re.search(r'value="green"[^>]*selected', select)


def test_saving_with_nothing_chosen_shows_an_error_summary_and_saves_nothing(
    client, editor, round_world
):
    a = round_world["actions"]
    client.force_login(editor)
    data = {f"a{action.pk}-version": action.version for action in a.values()}

    response = client.post(bulk_url(round_world), data)
    page = response.content.decode()

    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert f'<a href="#id_a{a["1.1"].pk}-status">Choose a rating for at least one action' in page
    assert not StatusUpdate.objects.exists()
