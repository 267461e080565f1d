"""No lost updates: when two people save the same action, the second save is refused.

Proved at the service level and through two separate Django clients (two people, two
sessions), for both the status update and the edit-action forms.
"""

import re

import pytest
from django.urls import reverse

from actions import services
from actions.models import Action, StatusUpdate
from boroughs.models import Membership, Person, Role
from tests.forms.conftest import client_for
from tests.forms.test_status_update import status_data


@pytest.fixture
def second_editor(django_user_model, borough):
    user = django_user_model.objects.create_user(
        username="priya",
        password="correct horse battery staple",
        first_name="Priya",
        last_name="Shah",
    )
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    return user


def _version_in(html):
    return int(re.search(r'name="version" value="(\d+)"', html)[1])


def test_a_status_update_from_a_stale_copy_raises_stale_edit_listing_the_changes(
    editor, second_editor, action
):
    first, second = Action.objects.get(pk=action.pk), Action.objects.get(pk=action.pk)
    services.action_update_status(
        action=first, user=editor, status="red", narrative="Backlog growing.", expected_version=1
    )

    with pytest.raises(services.StaleEdit) as refused:
        services.action_update_status(
            action=second, user=second_editor, status="green", narrative="Fine.", expected_version=1
        )

    changes = {c["field"]: (c["old"], c["new"], c["by"]) for c in refused.value.changes}
    assert changes["Status"] == ("", "red", "Erin")
    assert changes["Narrative"] == ("", "Backlog growing.", "Erin")
    assert refused.value.action.version == 2
    assert StatusUpdate.objects.count() == 1
    action.refresh_from_db()
    assert (action.status, action.status_narrative) == ("red", "Backlog growing.")


def test_the_second_person_to_save_a_status_update_is_refused_and_keeps_what_they_typed(
    editor, second_editor, action
):
    erin, priya = client_for(editor), client_for(second_editor)
    url = reverse("action_update_status", args=[action.pk])
    # Both open the form on the same version.
    assert _version_in(erin.get(url).content.decode()) == 1
    assert _version_in(priya.get(url).content.decode()) == 1

    erin_saves = erin.post(url, status_data(narrative="Backlog of 40 assessments."))
    assert erin_saves.status_code == 302

    priya_typed = "Clinic capacity restored; waiting list now 12."
    refused = priya.post(
        url, status_data(status="amber", narrative=priya_typed, next_steps="Audit")
    )

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "<title>Error: Update the status of action 1-H1" in html
    assert "Your changes have not been saved" in html
    assert "Erin changed this action at" in html
    assert "Status changed from blank to Red</a>" in html
    assert "Narrative changed from blank to “Backlog of 40 assessments.”</a>" in html
    # What Priya typed is still there, and the form now carries the new version.
    assert f">\n{priya_typed}</textarea>" in html
    assert 'value="amber" checked' in html
    assert _version_in(html) == 2
    # The database holds Erin's save only.
    assert StatusUpdate.objects.count() == 1
    action.refresh_from_db()
    assert (action.status, action.status_narrative, action.version) == (
        "red",
        "Backlog of 40 assessments.",
        2,
    )

    # Saving again, having seen Erin's change, is a deliberate choice and goes through.
    again = priya.post(url, status_data(version=2, status="amber", narrative=priya_typed))
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.status_narrative, action.version) == ("amber", priya_typed, 3)
    assert StatusUpdate.objects.count() == 2


def edit_data(action, version, **fields):
    data = {
        "version": str(version),
        "description": action.description,
        "lead_agency": action.lead_agency,
        "owners": [str(p.pk) for p in action.owners.all()],
        "timescale": action.timescale,
        "tags": "",
    }
    data.update(fields)
    return data


def test_the_second_person_to_edit_an_action_is_refused_and_keeps_what_they_typed(
    editor, second_editor, action
):
    erin, priya = client_for(editor), client_for(second_editor)
    url = reverse("action_edit", args=[action.pk])
    assert _version_in(erin.get(url).content.decode()) == 1
    assert _version_in(priya.get(url).content.decode()) == 1

    assert erin.post(url, edit_data(action, 1, timescale="Q3")).status_code == 302
    refused = priya.post(url, edit_data(action, 1, description="Priya's clearer wording."))

    html = refused.content.decode()
    assert refused.status_code == 200
    assert "Your changes have not been saved" in html
    assert "Erin changed this action" in html
    assert '<a href="#id_timescale">Timescale changed from “Q2” to “Q3”</a>' in html
    assert "Priya&#x27;s clearer wording." in html
    assert _version_in(html) == 2
    action.refresh_from_db()
    assert (action.description, action.timescale) == (
        "Clear the backlog of initial health assessments.",
        "Q3",
    )


def test_a_conflict_over_owners_alone_still_names_who_changed_the_action(
    editor, second_editor, borough, action
):
    erin, priya = client_for(editor), client_for(second_editor)
    url = reverse("action_edit", args=[action.pk])
    named = Person.objects.create(borough=borough, name="Jan Parnell")
    assert erin.post(url, edit_data(action, 1, owners=[str(named.pk)])).status_code == 302

    refused = priya.post(url, edit_data(action, 1, description="Priya's wording."))

    html = refused.content.decode()
    assert "Your changes have not been saved" in html
    assert "Erin changed this action at" in html
    action.refresh_from_db()
    assert action.description == "Clear the backlog of initial health assessments."
