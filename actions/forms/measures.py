"""Adding and editing a success measure: its wording, baseline, target and indicator."""

from django import forms

from actions.forms.govuk import GovukDateField, GovukForm, text_field
from actions.models import SuccessMeasure
from boroughs.models import Indicator


def _number(label):
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=14,
        decimal_places=2,
        error_messages={
            "invalid": f"{label} must be a number, like 42 or 12.5",
            "max_decimal_places": f"{label} must have no more than 2 decimal places",
            "max_digits": f"{label} must be less than a trillion",
        },
    )


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.topic})"


class MeasureForm(GovukForm):
    description = text_field(
        "Measure", required_error="Enter the measure", textarea=True, hint="As the plan words it."
    )
    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=None,
        required=False,
        empty_label="The whole plan",
        help_text="The priority this measure shows progress on, or the whole plan.",
    )
    indicator = IndicatorChoiceField(
        label="National indicator",
        queryset=Indicator.objects.order_by("topic", "name"),
        required=False,
        empty_label="Not a national indicator",
        help_text="Link a national indicator to take its values from the DfE's published "
        "figures for this borough, with England and similar areas alongside.",
    )
    unit = text_field("Unit", max_length=30, hint="For example %, days or pupils.")
    baseline = _number("Baseline")
    target = _number("Target")
    target_date = GovukDateField(label="Target date", required=False)
    direction = forms.ChoiceField(
        label="Which way is better?",
        required=False,
        choices=[("", "Not stated"), *SuccessMeasure.Direction.choices],
        widget=forms.RadioSelect,
    )
    data_source = text_field("Data source", max_length=300)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = plan.priorities.order_by("position")
        self.fields["priority"].label = plan.priority_label
