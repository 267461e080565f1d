"""A plan's structure: adding and editing its priorities and objectives."""

from django import forms

from actions.models import Objective, Priority
from sendplan.forms import GovukForm, text_field


class _LevelForm(GovukForm):
    """A priority or an objective: both have a number, a title, a description and an order."""

    number = text_field("Number", max_length=20, hint="As the plan numbers it, for example “2”.")
    title = text_field("Title", required_error="Enter the title", textarea=True)
    description = text_field("Description", textarea=True)
    # People count from 1; the stored position counts from 0 (clean_position converts).
    position = forms.IntegerField(
        label="Position in the list",
        required=False,
        min_value=1,
        help_text="1 puts it first. Leave this blank to put it last, or to leave it where it is.",
        error_messages={
            "invalid": "Position must be a whole number, like 3",
            "min_value": "Position must be 1 or more",
        },
    )

    def __init__(self, *args, instance=None, label="Priority", **kwargs):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": instance.number,
                    "title": instance.title,
                    "description": instance.description,
                    "position": instance.position + 1,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = f"Enter the {label.lower()}'s title"
        self.level_label = label

    def siblings(self):
        raise NotImplementedError

    def clean_position(self):
        shown = self.cleaned_data["position"]
        if shown is None:
            return None
        position = shown - 1
        taken = self.siblings().filter(position=position)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        other = taken.first()
        if other:
            raise forms.ValidationError(
                f"Position {shown} is already taken by {self.level_label.lower()} “{other}”. "
                "Choose another number"
            )
        return position


class PriorityForm(_LevelForm):
    def __init__(self, *args, plan, **kwargs):
        self.plan = plan
        super().__init__(*args, label=plan.priority_label, **kwargs)

    def siblings(self):
        return Priority.objects.filter(plan=self.plan)


class ObjectiveForm(_LevelForm):
    def __init__(self, *args, priority, **kwargs):
        self.priority = priority
        super().__init__(*args, label=priority.plan.objective_label, **kwargs)

    def siblings(self):
        return Objective.objects.filter(priority=self.priority)
