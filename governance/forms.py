"""The risk register's form."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from actions.models import Action
from actions.spreadsheets.forms import UploadForm
from boroughs.models import Person
from governance.models import Risk
from governance.selectors import IMPACT_WORDS, LIKELIHOOD_WORDS
from sendplan.forms import GovukForm, text_field


def _scale(label, words, hint):
    return forms.TypedChoiceField(
        label=label,
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(n, f"{n} – {w}") for n, w in words.items()],
        widget=forms.RadioSelect,
        help_text=hint,
    )


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.plan.title}: {obj.reference} {obj.description[:80]}"


class RiskForm(GovukForm):
    risk_id = text_field(
        "Risk ID", required_error="Enter the risk ID", max_length=20, hint="For example R12."
    )
    description = text_field("Risk", required_error="Describe the risk", textarea=True)
    likelihood = _scale("Likelihood", LIKELIHOOD_WORDS, "How likely the risk is to happen.")
    impact = _scale("Impact", IMPACT_WORDS, "How bad it would be if it happened.")
    owner = forms.ModelChoiceField(
        label="Owner", queryset=None, required=False, empty_label="No owner yet"
    )
    mitigation = text_field("Mitigation", textarea=True, hint="What is being done to reduce it.")
    status = forms.ChoiceField(
        label="Status", choices=Risk.Status.choices, widget=forms.RadioSelect, initial="open"
    )
    actions = ActionChoiceField(
        label="Linked actions",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The actions that mitigate this risk.",
    )

    def __init__(self, *args, borough, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.in_borough(borough).order_by("name")
        self.fields["actions"].queryset = (
            Action.objects.in_borough(borough)
            .select_related("plan")
            .order_by("plan__title", "position")
        )


class FlatUploadForm(UploadForm):
    """A register file; its type is judged from its content when it is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload a register"
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"
        self.fields["file"].help_text = (
            f"A .csv (UTF-8) or .xlsx file up to {filesizeformat(settings.IMPORT_MAX_BYTES)}, "
            "with the columns of an export of this register."
        )


class KeyMessagesForm(GovukForm):
    text = text_field(
        "Key messages",
        hint=(
            "A few short paragraphs that open the board pack: what the board most needs to "
            "know this quarter. Leave this empty to remove them."
        ),
        textarea=True,
        max_length=3000,
    )
