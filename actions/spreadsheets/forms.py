"""Upload forms. The file's type is judged later from its content, not its name."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from actions.models import Plan
from sendplan.forms import GovukBoundField, GovukDateField

ACCEPT = ".xlsx,.ods,.csv"


class UploadForm(forms.Form):
    bound_field_class = GovukBoundField  # the "Reported as at" date input's three boxes
    file = forms.FileField(
        label="Upload a spreadsheet",
        error_messages={
            "required": "Choose a spreadsheet to upload",
            "empty": "The file is empty.",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    clear_blanks = forms.BooleanField(
        label="Blank cells clear what the plan holds",
        required=False,
        help_text=(
            "Leave unticked to keep an action's narrative, next steps, status, owners and "
            "other details wherever the file's cell is blank."
        ),
    )

    reported_as_at = GovukDateField(
        label="Reported as at",
        required=False,
        help_text=(
            "The day the file reports on, for example 31 3 2026. Ratings with no date of "
            "their own, and progress columns with no year, are dated then. Leave blank for "
            "the end of the last finished quarter."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(settings.IMPORT_MAX_BYTES)
        self.fields["file"].help_text = (
            f"An .xlsx, .ods or .csv file up to {limit}, laid out like the template or "
            "like your own action plan table."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before reading it into memory; reader.sniff checks again on the bytes.
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}, larger than the "
                f"{filesizeformat(settings.IMPORT_MAX_BYTES)} limit. Remove images and "
                "unused sheets, or split the plan into smaller files."
            )
        return upload


class NewPlanUploadForm(UploadForm):
    title = forms.CharField(
        label="Title of the new plan",
        max_length=Plan._meta.get_field("title").max_length,
        error_messages={
            "required": "Enter a title for the new plan",
            "max_length": "The title must be 300 characters or fewer",
        },
    )

    field_order = ["title", "file"]
