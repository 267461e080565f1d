"""Asking the board for a decision on an action's latest update."""

from sendplan.forms import GovukForm, text_field


class BoardDecisionForm(GovukForm):
    board_decision = text_field(
        "What must the board decide?",
        hint=(
            "One or two sentences, as the board pack will print them on page one. "
            "Leave this empty to withdraw the request."
        ),
        textarea=True,
        max_length=500,
    )
