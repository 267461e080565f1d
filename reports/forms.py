from django import forms

from reports.content import period_choices
from sendplan.periods import ReportingPeriod


class PackRequestForm(forms.Form):
    """Choose the quarter a pack reports on: one that has ended, from the last two years."""

    period = forms.ChoiceField(
        label="Reporting period",
        help_text="The pack shows everything as it stood at the end of this quarter.",
        error_messages={"required": "Choose a reporting period"},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        periods = period_choices(today=today)
        self.fields["period"].choices = [(p.slug, p.label) for p in periods]
        self.fields["period"].error_messages["invalid_choice"] = (
            "Choose a reporting period from the list"
        )
        # The most recent finished quarter is what a board meeting normally reviews.
        self.fields["period"].initial = periods[0].slug

    def clean_period(self):
        return ReportingPeriod.parse(self.cleaned_data["period"])
