"""A lead asks the board for a decision from the action's page, and the pack lists it."""

import pytest
from django.urls import reverse

from actions.models import StatusUpdate
from reports.content import build_pack_content
from sendplan.periods import ReportingPeriod

# pack_world's latest updates report on January 2026: the 2025/26 Q4 pack reads them.
Q4 = ReportingPeriod(2025, 4)


@pytest.fixture
def asked(pack_world, editor, client):
    client.force_login(editor)
    action = pack_world["actions"]["1.2"]
    return client, action, reverse("action_ask_board", args=[action.pk])


def test_an_editor_asks_the_board_and_the_packs_page_one_lists_it(asked, borough):
    client, action, url = asked
    page = client.get(url)
    assert "Ask the board to decide" in page.content.decode()
    done = client.post(url, {"board_decision": "Approve agency cover for two posts."})
    assert done.status_code == 302 and done["Location"] == reverse(
        "action_detail", args=[action.pk]
    )
    latest = StatusUpdate.objects.filter(action=action).order_by("-date", "-created_at").first()
    assert latest.needs_board_decision
    assert latest.history.latest().history_change_reason == "Asked the board for a decision"
    content = build_pack_content(borough=borough, period=Q4)
    [decision] = content["decisions"]
    assert (decision["reference"], decision["decision"]) == ("1.2", latest.board_decision)
    assert decision["owners"] == ["Robert Holman"]

    # An empty wording withdraws it; a wording over 500 characters is refused, unchanged
    refused = client.post(url, {"board_decision": "x" * 501})
    assert "govuk-error-summary" in refused.content.decode()
    assert StatusUpdate.objects.get(pk=latest.pk).board_decision == latest.board_decision
    client.post(url, {"board_decision": ""})
    assert not StatusUpdate.objects.get(pk=latest.pk).needs_board_decision
    assert build_pack_content(borough=borough, period=Q4)["decisions"] == []


def test_a_viewer_cannot_ask_the_board(pack_world, viewer, client):
    client.force_login(viewer)
    url = reverse("action_ask_board", args=[pack_world["actions"]["1.2"].pk])
    assert client.post(url, {"board_decision": "Approve it."}).status_code == 403
