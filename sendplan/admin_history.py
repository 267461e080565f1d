"""History in the admin: staff may read it, only superusers rewrite it.

1. `HistoryProtectedAdmin`, used instead of simple_history's SimpleHistoryAdmin: its
   "Revert" (the history form view) is for superusers only. simple_history hides the
   button from users without change-history permission but still saves a posted form
   for anyone who may *view* history, so the POST itself is refused here.
2. `HistoricalRecordAdmin`, registered for every Historical* model by
   `register_history_admins`: staff with the view permission read history rows; add is
   never offered; change and delete are for superusers only, and Django's admin writes a
   LogEntry for each (log_change, log_deletions), so every rewrite says who and when.

The model-layer guard that refuses every other change is sendplan/history.py.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from sendplan.history import historical_models, rewriting_history


class HistoryProtectedAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose revert is for superusers only, and says so in the history."""

    def revert_disabled(self, request, obj=None):
        return not request.user.is_superuser or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied("Only superusers may revert to an earlier version.")
        request._sendplan_reverting_to = version_id
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        version = getattr(request, "_sendplan_reverting_to", None)
        if version is not None:
            obj._change_reason = f"Reverted in the admin to history row {version}"
        super().save_model(request, obj, form, change)


class HistoricalRecordAdmin(admin.ModelAdmin):
    """One audited history table: read-only for staff, rewritable (and logged) by superusers."""

    list_display = ["__str__", "history_date", "history_type", "history_user"]
    list_filter = ["history_type"]
    list_select_related = ["history_user"]
    search_fields = ["history_change_reason"]
    date_hierarchy = "history_date"

    def get_raw_id_fields(self, request):
        # Historical foreign keys point at every plan or action ever made: no drop-downs.
        return [f.name for f in self.model._meta.fields if f.is_relation]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.null:
            # Rows written by scripts have no user, most have no reason: both may stay empty.
            field.required = False
        return field

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def save_model(self, request, obj, form, change):
        with rewriting_history():
            super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        with rewriting_history():
            _delete_m2m_history(self.model, [obj.pk])
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with rewriting_history():
            _delete_m2m_history(self.model, list(queryset.values_list("pk", flat=True)))
            super().delete_queryset(request, queryset)


def _delete_m2m_history(model, history_ids):
    """The owners/tags/actions rows of deleted history rows go with them (no FK cascades)."""
    for related in historical_models():
        for field in related._meta.fields:
            if field.name == "history" and field.related_model is model:
                related._default_manager.filter(history_id__in=history_ids).delete()


def register_history_admins(app_label, site=admin.site):
    """Register HistoricalRecordAdmin for the app's Historical* models (not the m2m ones,
    which are shown and deleted with the history row they belong to)."""
    for model in historical_models():
        is_m2m = any(f.name == "history" for f in model._meta.fields)
        if model._meta.app_label == app_label and not is_m2m:
            site.register(model, HistoricalRecordAdmin)
