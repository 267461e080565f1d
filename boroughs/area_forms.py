"""The service admin's forms: a new local area from the DfE's list, and its first admin."""

from django import forms
from django.core.validators import RegexValidator

from boroughs.areas import areas_to_add
from sendplan.forms import GovukForm

GSS_CODE = RegexValidator(r"^[EWSN]\d{8}$", "Enter a 9-character GSS code, like E09000013")


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        region = f", {obj.region}" if obj.region else ""
        return f"{obj.name} (DfE LA number {obj.la_number}{region})"


class AreaAddForm(GovukForm):
    area = AreaChoiceField(
        label="Local authority",
        queryset=None,
        empty_label="Choose a local authority",
        help_text="From the DfE's list: its name, LA number and region are filled in.",
        error_messages={
            "required": "Choose the local authority",
            "invalid_choice": "Choose a local authority from the list",
        },
    )
    gss_code = forms.CharField(
        label="GSS code",
        required=False,
        max_length=9,
        help_text="The ONS code, like E09000013: the DfE's list does not give it.",
        validators=[GSS_CODE],
    )
    admin_email = forms.EmailField(
        label="Email address of its first admin",
        help_text="We email them an invitation. They manage the area's members and plans.",
        error_messages={
            "required": "Enter the email address of the area's first admin",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas_to_add().order_by("name")
