"""Adding a milestone to an action, and a value to a success measure."""

from decimal import Decimal

from django import forms

from actions.forms.base import fill_due_date
from sendplan.forms import GovukDateField, GovukForm, text_field


class MilestoneForm(GovukForm):
    title = text_field("Milestone", required_error="Enter the milestone", textarea=True)
    timescale = text_field(
        "Timescale", max_length=200, hint="As written, for example “Autumn 2024”."
    )
    due_date = GovukDateField(
        label="Due date",
        required=False,
        help_text="Leave this blank to work it out from the timescale.",
    )

    def __init__(self, *args, action, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        fill_due_date(data, plan=self.action.plan, start_date=self.action.start_date)
        return data


class MilestoneEditForm(MilestoneForm):
    achieved_on = GovukDateField(
        label="Date achieved",
        required=False,
        not_in_future=True,
        help_text="Leave this blank if the milestone has not been achieved yet.",
    )


class MilestoneAchieveForm(GovukForm):
    achieved_on = GovukDateField(
        label="Date achieved",
        not_in_future=True,
        help_text="For example, 27 3 2026.",
        error_messages={"required": "Enter the date the milestone was achieved"},
    )


class MeasureValueForm(GovukForm):
    date = GovukDateField(
        label="Date measured",
        not_in_future=True,
        help_text="The date the value was measured, or the end of the period it covers.",
        error_messages={"required": "Enter the date the value was measured"},
    )
    value = forms.DecimalField(
        label="Value",
        max_digits=14,
        decimal_places=2,
        error_messages={
            "required": "Enter the value",
            "invalid": "Value must be a number, like 42 or 12.5",
            "max_decimal_places": "Value must have no more than 2 decimal places",
            "max_digits": "Value must be less than a trillion",
        },
    )
    note = text_field(
        "Note", textarea=True, hint="Optional. Where the figure comes from or caveats."
    )

    def __init__(self, *args, measure, **kwargs):
        self.measure = measure
        super().__init__(*args, **kwargs)
        if measure.unit:
            self.fields["value"].help_text = f"In {measure.unit}."

    def clean_value(self):
        value = self.cleaned_data["value"]
        return value.quantize(Decimal("0.01")) if value is not None else value
