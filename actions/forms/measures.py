"""Adding and editing a success measure: its wording, baseline, target and indicator."""

from django import forms

from actions.models import SuccessMeasure
from boroughs.models import Area, Indicator
from sendplan.forms import GovukDateField, GovukForm, text_field


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


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.region})" if obj.region else obj.name


class MeasureSettingsForm(GovukForm):
    amber_margin = forms.IntegerField(
        label="Amber margin (%)",
        min_value=0,
        max_value=100,
        help_text="A measure short of its target but within this percentage of it is Amber.",
        error_messages={
            "required": "Enter the Amber margin",
            "invalid": "The Amber margin must be a whole number, like 10",
            "min_value": "The Amber margin must be 0 or more",
            "max_value": "The Amber margin must be 100 or less",
        },
    )
    amber_when_improving = forms.TypedChoiceField(
        label="Is a measure that is improving, but short of its target, Amber?",
        choices=[("yes", "Yes, Amber"), ("no", "No, Red")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    comparators = AreaChoiceField(
        label="Comparator areas",
        queryset=Area.objects.filter(kind=Area.Kind.LOCAL_AUTHORITY).order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Similar local areas, such as statistical neighbours, shown beside England "
        "and the region on every national indicator.",
    )
