"""The flat registers in the Django admin (django-import-export), for installation admins.

The admin's own flow previews every row before a confirm; imports run in one
transaction (IMPORT_EXPORT_USE_TRANSACTIONS) and are refused whole on any error. Files
are checked by content, size and shape (read once in a limited child process) as the
app's pages check them, and exports go through
the same resources, so every cell is neutralised. Only superusers may import or export
here: a file names its rows' boroughs, and only they may write to any borough; borough
admins use the app's register pages, which are scoped to their borough.
"""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from actions.spreadsheets.reader import UnreadableFile, sniff
from governance.flat_services import FlatImportRejected, read_upload

SNIFFED = {"csv": "csv", "xlsx": "xlsx"}


class CheckedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}, larger than the "
                f"{filesizeformat(settings.IMPORT_MAX_BYTES)} limit."
            )
        data = upload.read()
        upload.seek(0)
        try:
            kind = sniff(data)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None
        if kind not in SNIFFED:
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        try:
            # The shape check and a full read, in a child process with OS limits, as the
            # app's register pages do; only then does django-import-export read it here.
            read_upload(data)
        except FlatImportRejected as refused:
            raise forms.ValidationError(refused.problems) from None
        self.sniffed = kind
        return upload

    def clean(self):
        data = super().clean()
        chosen = data.get("format")
        kind = getattr(self, "sniffed", None)
        if kind and chosen not in (None, ""):
            labels = {str(value): str(label) for value, label in self.fields["format"].choices}
            name = labels.get(str(chosen), "").lower()
            if kind not in name:
                self.add_error(
                    "format", f"The file's content is {kind.upper()}; choose that format."
                )
        return data


class FlatRegisterAdminMixin(ImportExportMixin):
    import_form_class = CheckedImportForm
    formats = [CSV, XLSX]

    def has_import_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_export_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}
