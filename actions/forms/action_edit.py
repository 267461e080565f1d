"""Editing an action's own fields, and adding an action to a priority."""

from django import forms
from django.utils.formats import date_format

from actions.forms.base import VersionedForm, due_date_from, fill_due_date
from actions.models import LeadAgency, Objective
from boroughs.models import Person
from sendplan.forms import GovukDateField, GovukForm, text_field

LEAD_AGENCY_CHOICES = [("", "Not recorded"), *LeadAgency.choices]


class ActionFieldsMixin(forms.Form):
    """The fields an action is described by, shared by editing and adding."""

    description = text_field(
        "Description", required_error="Enter a description of the action", textarea=True
    )
    lead_agency = forms.ChoiceField(
        label="Lead agency", choices=LEAD_AGENCY_CHOICES, required=False
    )
    owners = forms.ModelMultipleChoiceField(
        label="Owners",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    timescale = text_field(
        "Timescale",
        max_length=500,
        hint="As the plan words it, for example “Q2”, “Autumn term 2024” or “Sept 25”.",
    )
    due_date = GovukDateField(
        label="Due date",
        required=False,
        help_text="Leave this blank to work it out from the timescale.",
    )
    start_date = GovukDateField(
        label="Start date", required=False, help_text="For example, 1 4 2024"
    )

    def _setup_action_fields(self, *, plan, borough):
        self.plan = plan
        self.fields["owners"].queryset = Person.objects.in_borough(borough).order_by("name")

    def clean(self):
        data = super().clean()
        fill_due_date(data, plan=self.plan, start_date=data.get("start_date"))
        return data


class ActionEditForm(ActionFieldsMixin, VersionedForm):
    tags = text_field("Tags", hint="Separate tags with commas, for example “KLOE 1, Health”.")

    field_order = [
        "description",
        "lead_agency",
        "owners",
        "timescale",
        "due_date",
        "start_date",
        "tags",
    ]

    def __init__(self, *args, action, **kwargs):
        self.action = action
        derived = due_date_from(action.timescale, plan=action.plan, start_date=action.start_date)
        kwargs.setdefault(
            "initial",
            {
                "description": action.description,
                "lead_agency": action.lead_agency,
                "owners": [p.pk for p in action.owners.all()],
                "timescale": action.timescale,
                # A due date the timescale gives anyway is left blank, so that changing the
                # timescale moves it; one typed in by hand is shown and kept.
                "due_date": None if action.due_date == derived else action.due_date,
                "start_date": action.start_date,
                "tags": ", ".join(t.name for t in action.tags.all()),
                "version": action.version,
            },
        )
        super().__init__(*args, **kwargs)
        self._setup_action_fields(plan=action.plan, borough=action.plan.borough)

    def clean(self):
        data = super().clean()
        start, completed = data.get("start_date"), self.action.completed_on
        if start and completed and start > completed:
            self.add_error(
                "start_date",
                f"Start date must be on or before the date the action was completed "
                f"({date_format(completed, 'j F Y')})",
            )
        data["tag_names"] = [t for t in (data.get("tags") or "").split(",") if t.strip()]
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "description": data["description"],
            "lead_agency": data["lead_agency"],
            "owners": list(data["owners"]),
            "timescale": data["timescale"],
            "due_date": data["due_date"],
            "start_date": data["start_date"],
            "tag_names": data["tag_names"],
        }


class ActionCreateForm(ActionFieldsMixin, GovukForm):
    reference = text_field(
        "Reference",
        required_error="Enter the action's reference",
        max_length=30,
        hint="How the plan numbers this action, for example “1.4” or “2-H3”.",
    )
    objective = forms.ModelChoiceField(
        label="Objective", queryset=Objective.objects.none(), required=False
    )

    field_order = [
        "reference",
        "objective",
        "description",
        "lead_agency",
        "owners",
        "timescale",
        "due_date",
        "start_date",
    ]

    def __init__(self, *args, priority, **kwargs):
        self.priority = priority
        super().__init__(*args, **kwargs)
        plan = priority.plan
        self._setup_action_fields(plan=plan, borough=plan.borough)
        objectives = self.fields["objective"]
        objectives.queryset = priority.objectives.order_by("position")
        objectives.label = plan.objective_label
        objectives.empty_label = f"None: directly under the {plan.priority_label.lower()}"
        if not priority.objectives.exists():
            del self.fields["objective"]

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if self.plan.actions.filter(reference__iexact=reference).exists():
            raise forms.ValidationError(
                f"This plan already has an action {reference}. Enter a different reference"
            )
        return reference
