"""Asking the board for a decision on an action's latest update."""

from sendplan.forms import GovukDateField, GovukForm, text_field


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
    decide_by = GovukDateField(
        label="Decide by (optional)",
        required=False,
        help_text="The date the board must decide by, for example its next meeting: 15 10 2026.",
    )


class BoardOutcomeForm(GovukForm):
    board_outcome = text_field(
        "What did the board decide, and what happened?",
        required_error="Say what the board decided",
        hint="The next quarter's board pack prints this under the decision.",
        textarea=True,
        max_length=1000,
    )
