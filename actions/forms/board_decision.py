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


class BoardOutcomeForm(GovukForm):
    board_outcome = text_field(
        "What did the board decide, and what happened?",
        required_error="Say what the board decided",
        hint="The next quarter's board pack prints this under the decision.",
        textarea=True,
        max_length=1000,
    )
