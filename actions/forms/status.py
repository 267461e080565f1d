"""The status update form: a RAGB rating with its narrative, next steps and dates."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from actions import open_round, ragb
from actions.forms.base import VersionedForm
from actions.models import RAGB
from actions.services import MAX_TEXT_CHARS
from sendplan.forms import GovukDateField, text_field


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
        # While the borough's round is open, an update reports on the round's quarter.
        self.open_round = open_round.open_round(action.plan.borough)
        today = timezone.localdate()
        report_date = self.open_round.report_date if self.open_round else today
        kwargs.setdefault(
            "initial", {"status": action.status, "date": report_date, "version": action.version}
        )
        super().__init__(*args, **kwargs)
        if self.open_round:
            self.fields["date"].help_text = (
                f"Set to {date_format(report_date, 'j F Y')}, the last day of "
                f"{self.open_round.label}, so this update counts for that quarter's "
                "reporting round. Change it only to report on another day."
            )
        self.fields["status"].choice_hints = ragb.MEANINGS
        # Needed only for some ratings, so not labelled "(optional)" either.
        self.fields["narrative"].hide_optional = True
        self.fields["completed_on"].hide_optional = True

    def clean(self):
        data = super().clean()
        status, completed_on = data.get("status"), data.get("completed_on")
        if status:
            problems = ragb.rating_problems(
                status=status,
                previous=self.action.status,
                narrative=data.get("narrative", ""),
                completed_on=completed_on,
            )
            # A date typed wrongly already has its own message.
            if "completed_on" in self.errors:
                problems.pop("completed_on", None)
            for field, message in problems.items():
                self.add_error(field, message)
        start = self.action.start_date
        if status == RAGB.BLUE and completed_on and start and completed_on < start:
            self.add_error(
                "completed_on",
                f"Date completed must be on or after the action started "
                f"({date_format(start, 'j F Y')})",
            )
        return data
