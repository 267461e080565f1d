"""The status update form: a RAGB rating with its narrative, next steps and dates."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from actions.forms.base import VersionedForm
from actions.forms.govuk import GovukDateField, text_field
from actions.models import RAGB, RAGB_MEANINGS
from actions.services import MAX_TEXT_CHARS


class StatusUpdateForm(VersionedForm):
    status = forms.ChoiceField(
        label="Rating",
        choices=RAGB.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a rating: Red, Amber, Green or Blue"},
    )
    # Not revealed under "Blue" with GOV.UK's conditional reveal: that puts aria-expanded
    # on a radio, which ARIA does not allow (axe: aria-allowed-attr).
    completed_on = GovukDateField(
        label="Date completed",
        required=False,
        not_in_future=True,
        help_text="Only for Blue (completed). For example, 27 3 2026",
    )
    narrative = text_field(
        "Narrative",
        textarea=True,
        hint="What has happened since the last update. Needed for Red and Amber, "
        "and whenever the rating changes.",
        max_length=MAX_TEXT_CHARS,
    )
    next_steps = text_field("Next steps", textarea=True, max_length=MAX_TEXT_CHARS)
    date = GovukDateField(
        label="Date of this update",
        not_in_future=True,
        help_text="For example, 27 3 2026. It cannot be in the future.",
        error_messages={"required": "Enter the date of this update"},
    )

    def __init__(self, *args, action, **kwargs):
        self.action = action
        kwargs.setdefault(
            "initial",
            {"status": action.status, "date": timezone.localdate(), "version": action.version},
        )
        super().__init__(*args, **kwargs)
        self.fields["status"].choice_hints = RAGB_MEANINGS
        # Needed only for some ratings, so not labelled "(optional)" either.
        self.fields["narrative"].hide_optional = True
        self.fields["completed_on"].hide_optional = True

    def clean(self):
        data = super().clean()
        status, narrative = data.get("status"), data.get("narrative", "").strip()
        current = self.action.status
        if status in (RAGB.RED, RAGB.AMBER) and not narrative:
            self.add_error(
                "narrative",
                f"Enter a narrative to explain the {RAGB(status).label} rating",
            )
        elif status and current and status != current and not narrative:
            self.add_error(
                "narrative",
                f"Enter a narrative saying why the rating has changed from "
                f"{RAGB(current).label} to {RAGB(status).label}",
            )
        completed_on = data.get("completed_on")
        if status == RAGB.BLUE and not completed_on and "completed_on" not in self.errors:
            self.add_error("completed_on", "Enter the date the action was completed")
        start = self.action.start_date
        if status == RAGB.BLUE and completed_on and start and completed_on < start:
            self.add_error(
                "completed_on",
                f"Date completed must be on or after the action started "
                f"({date_format(start, 'j F Y')})",
            )
        return data
