"""A lead words a decision and writes the key messages in the app; the chair's pack
opens with both on page one, and after the meeting the outcome is in the next quarter's
pack. Read back from the PDFs with pdftotext."""

from django.urls import reverse

from actions.models import StatusUpdate
from governance.models import KeyMessages
from reports.generation import generate_pack_files
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import pdf_text

# pack_world's latest updates report on January 2026: the 2025/26 Q4 pack reads them.
Q4 = ReportingPeriod(2025, 4)
NEXT = Q4.next()
MESSAGES = (
    "Timeliness of new plans is the board's first concern this quarter.\r\n\r\n"
    "Two posts are vacant; cover is proposed below."
)


def test_decisions_and_key_messages_written_in_the_app_open_the_pack(
    pack_world, borough, editor, client, tmp_path
):
    client.force_login(editor)
    board, action = pack_world["board"], pack_world["actions"]["1.2"]
    # The lead asks the board to decide on action 1.2 and writes the quarter's key messages
    client.post(
        reverse("action_ask_board", args=[action.pk]),
        {
            "board_decision": "Approve agency cover for two posts.",
            "decide_by_day": "15",
            "decide_by_month": "4",
            "decide_by_year": "2026",
        },
    )
    url = reverse("key_messages_edit", args=[board.pk]) + f"?period={Q4.slug}"
    assert "Key messages" in client.get(url).content.decode()
    saved = client.post(url, {"text": MESSAGES})
    assert saved.status_code == 302
    stored = KeyMessages.objects.get(board=board)
    assert (stored.period_year, stored.period_quarter) == (Q4.year, Q4.quarter)
    assert stored.history.latest().history_change_reason == "Wrote the key messages"

    # The chair's pack for the quarter opens with both, on page one
    files = generate_pack_files(borough=borough, period=Q4, board=board)
    assert files.content["key_messages"] == [
        "Timeliness of new plans is the board's first concern this quarter.",
        "Two posts are vacant; cover is proposed below.",
    ]
    first = " ".join(pdf_text(files.pdf, tmp_path).split("\f")[0].split())
    assert first.index("Key messages") < first.index("Summary")
    assert "Two posts are vacant; cover is proposed below." in first
    assert (
        "1.2 (Robert Holman): Approve agency cover for two posts. Decide by 15 April 2026."
    ) in first

    # After the meeting the lead records what the board decided: the next pack says so,
    # and no longer asks for it
    outcome_url = reverse("action_board_outcome", args=[action.pk])
    client.post(outcome_url, {"board_outcome": "Agreed for six months; both posts filled."})
    following = generate_pack_files(borough=borough, period=NEXT, board=board)
    assert following.content["decisions"] == []
    page_one = " ".join(pdf_text(following.pdf, tmp_path).split("\f")[0].split())
    assert "Decisions made last time and what happened" in page_one
    assert (
        "1.2 (Robert Holman): Approve agency cover for two posts. "
        "Outcome: Agreed for six months; both posts filled."
    ) in page_one

    # Too long is refused with a message and changes nothing; empty removes them
    refused = client.post(url, {"text": "x" * 3001})
    assert "govuk-error-summary" in refused.content.decode()
    assert KeyMessages.objects.get(board=board).text == stored.text
    client.post(url, {"text": ""})
    assert not KeyMessages.objects.filter(board=board).exists()
    assert StatusUpdate.objects.filter(action=action, needs_board_decision=True).exists()
