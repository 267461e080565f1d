"""Forms for the officer-facing pages: status updates, edits, milestones, structure, members.

Forms only check and tidy input; every write is a function in actions/services.py.
Every field renders through templates/actions/forms/_field.html, which needs to know
what kind of GOV.UK component to draw and where its error summary link should point:
`GovukBoundField` below answers both.
"""

import datetime as dt
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.forms.boundfield import BoundField
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.formats import date_format

from actions.models import RAGB, RAGB_MEANINGS, LeadAgency, Objective, Priority
from actions.timescales import parse_timescale
from boroughs.models import Membership, Person, Role

# --- GOV.UK plumbing ------------------------------------------------------------------


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: three boxes for day, month and year."""

    def __init__(self, attrs=None):
        text = forms.TextInput(attrs={"inputmode": "numeric"})
        super().__init__({"day": text, "month": text, "year": text}, attrs)

    def id_for_label(self, id_):
        # The error summary links to the first box, as GOV.UK's date input does.
        return f"{id_}_day" if id_ else id_

    def decompress(self, value):
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with GOV.UK's wording for each mistake."""

    widget = GovukDateWidget

    def __init__(self, *, not_in_future=False, **kwargs):
        self.not_in_future = not_in_future
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        name = self.label
        if not (day or month or year):
            return None
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise forms.ValidationError(f"{name} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{name} must be a real date, like 27 3 2026")
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{name} must be a real date, like 27 3 2026") from None

    def validate(self, value):
        super().validate(value)
        if value and self.not_in_future and value > timezone.localdate():
            raise forms.ValidationError(f"{self.label} must be today or in the past")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != initial
        except forms.ValidationError:
            return True


class GovukBoundField(BoundField):
    """What the templates need to draw a field as a GOV.UK component."""

    KINDS = {
        "radioselect": "radios",
        "checkboxselectmultiple": "checkboxes",
        "govukdate": "date",
        "textarea": "textarea",
        "select": "select",
        "hidden": "hidden",
    }

    @property
    def kind(self):
        return self.KINDS.get(self.widget_type, "text")

    @property
    def anchor(self):
        """The id the error summary links to: the first thing a user can type in."""
        if self.kind in ("radios", "checkboxes"):
            return f"{self.auto_id}_0"
        if self.kind == "date":
            return f"{self.auto_id}_day"
        return self.auto_id

    @property
    def text_value(self):
        value = self.value()
        return "" if value is None else value

    @property
    def date_parts(self):
        value = self.value()
        if not isinstance(value, list | tuple):
            value = self.field.widget.decompress(value)
        widths = {"day": 2, "month": 2, "year": 4}
        return [
            {
                "name": f"{self.html_name}_{part}",
                "id": f"{self.auto_id}_{part}",
                "label": part.capitalize(),
                "value": value[i] or "",
                "width": widths[part],
            }
            for i, part in enumerate(("day", "month", "year"))
        ]

    @property
    def items(self):
        """Radio items, each with its own hint (what a rating or a role means)."""
        hints = getattr(self.field, "choice_hints", {})
        return [
            {
                "id": widget.data["attrs"]["id"],
                "value": widget.data["value"],
                "label": widget.choice_label,
                "checked": widget.data["selected"],
                "hint": hints.get(widget.data["value"], ""),
            }
            for widget in self.subwidgets
        ]


class GovukForm(forms.Form):
    bound_field_class = GovukBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _text(label, *, required_error=None, hint="", textarea=False, max_length=None):
    """A text box or area; required when given the message to show if it is left empty."""
    messages = {"required": required_error} if required_error else {}
    if max_length:
        messages["max_length"] = f"{label} must be {max_length} characters or fewer"
    return forms.CharField(
        label=label,
        required=bool(required_error),
        help_text=hint,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 5}) if textarea else forms.TextInput,
        error_messages=messages,
    )


def _due_date_from(timescale, *, plan, start_date=None):
    anchor = plan.period_start or start_date or timezone.localdate()
    return parse_timescale(timescale, period_start=anchor, period_end=plan.period_end)


class VersionedForm(GovukForm):
    """Carries the action's version from when the form was opened, to refuse stale saves."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def with_version(self, version, *, action):
        """The same typed data, now based on `version` of `action`, to resubmit deliberately.

        It is shown, not judged: its errors are set to none so that the page explains the
        conflict alone. Saving it again validates it as usual.
        """
        data = self.data.copy()
        data[self.add_prefix("version")] = str(version)
        form = type(self)(data, action=action)
        form._errors = ErrorDict()
        return form


# --- Status update ------------------------------------------------------------------


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
    narrative = _text(
        "Narrative",
        textarea=True,
        hint="What has happened since the last update. Needed for Red and Amber, "
        "and whenever the rating changes.",
    )
    next_steps = _text("Next steps", textarea=True)
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


# --- Action ---------------------------------------------------------------------------

LEAD_AGENCY_CHOICES = [("", "Not recorded"), *LeadAgency.choices]


class ActionFieldsMixin(forms.Form):
    """The fields an action is described by, shared by editing and adding."""

    description = _text(
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
    timescale = _text(
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
        self.fields["owners"].queryset = Person.objects.filter(borough=borough).order_by("name")

    def clean(self):
        data = super().clean()
        if "timescale" in data and "due_date" in data and data["due_date"] is None:
            # Derived here so the form can say what it worked out; the text is kept as written.
            data["due_date"] = _due_date_from(
                data["timescale"], plan=self.plan, start_date=data.get("start_date")
            )
        return data


class ActionEditForm(ActionFieldsMixin, VersionedForm):
    tags = _text("Tags", hint="Separate tags with commas, for example “KLOE 1, Health”.")

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
        derived = _due_date_from(action.timescale, plan=action.plan, start_date=action.start_date)
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
    reference = _text(
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


# --- Milestones and measures ---------------------------------------------------------


class MilestoneForm(GovukForm):
    title = _text("Milestone", required_error="Enter the milestone", textarea=True)
    timescale = _text("Timescale", max_length=200, hint="As written, for example “Autumn 2024”.")
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
        if "timescale" in data and "due_date" in data and data["due_date"] is None:
            data["due_date"] = _due_date_from(
                data["timescale"], plan=self.action.plan, start_date=self.action.start_date
            )
        return data


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
    note = _text("Note", textarea=True, hint="Optional. Where the figure comes from or caveats.")

    def __init__(self, *args, measure, **kwargs):
        self.measure = measure
        super().__init__(*args, **kwargs)
        if measure.unit:
            self.fields["value"].help_text = f"In {measure.unit}."

    def clean_value(self):
        value = self.cleaned_data["value"]
        return value.quantize(Decimal("0.01")) if value is not None else value


# --- Plan structure -------------------------------------------------------------------


class _LevelForm(GovukForm):
    """A priority or an objective: both have a number, a title, a description and an order."""

    number = _text("Number", max_length=20, hint="As the plan numbers it, for example “2”.")
    title = _text("Title", required_error="Enter the title", textarea=True)
    description = _text("Description", textarea=True)
    position = forms.IntegerField(
        label="Order",
        required=False,
        min_value=0,
        help_text="Where it comes in the list, counting from 0. Leave blank to put it last.",
        error_messages={
            "invalid": "Order must be a whole number, like 3",
            "min_value": "Order must be 0 or more",
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
                    "position": instance.position,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = f"Enter the {label.lower()}'s title"
        self.level_label = label

    def siblings(self):
        raise NotImplementedError

    def clean_position(self):
        position = self.cleaned_data["position"]
        if position is None:
            return None
        taken = self.siblings().filter(position=position)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        other = taken.first()
        if other:
            raise forms.ValidationError(
                f"Order {position} is already taken by {self.level_label.lower()} “{other}”. "
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


# --- Memberships ----------------------------------------------------------------------

ROLE_HINTS = {
    Role.VIEWER: "Can read plans, actions and board packs.",
    Role.EDITOR: "Can also update statuses and edit actions, milestones and measures.",
    Role.ADMIN: "Can also change plans' structure and manage members.",
}


def _role_field():
    field = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )
    field.choice_hints = ROLE_HINTS
    return field


class MemberAddForm(GovukForm):
    username = _text(
        "Username",
        required_error="Enter the person's username",
        max_length=150,
        hint="They must already have an account.",
    )
    role = _role_field()

    def __init__(self, *args, borough, **kwargs):
        self.borough = borough
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                f"There is no account with the username {username}. Check the spelling"
            )
        if Membership.objects.filter(borough=self.borough, user=user).exists():
            raise forms.ValidationError(
                f"{user.get_username()} is already a member of {self.borough}"
            )
        self.member = user
        return username


class MemberRoleForm(GovukForm):
    role = _role_field()

    def __init__(self, *args, membership, **kwargs):
        self.membership = membership
        kwargs.setdefault("initial", {"role": membership.role})
        super().__init__(*args, **kwargs)
        self.fields["role"].choice_hints = ROLE_HINTS
