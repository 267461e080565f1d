"""Admin for plans and everything in them.

The admin is for putting data right. An action saved here goes through the services
like any other write: it claims a new version against the one the form was opened at
(so a stale admin form is refused, and so is an officer's form opened before the
admin's correction), and a status changed here writes a StatusUpdate whose source is
"admin". Its narrative is not required: officers rate actions through the app.
Status updates are read-only here for the same reason: each belongs to its history row.

PlanAdmin is a plain class so that mixins (such as spreadsheet import) can be added to
its bases without touching the rest of this file.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect

from actions import measure_services, milestone_services, services
from actions.models import (
    Action,
    BoardDecisionDetail,
    ImportColumnMapping,
    ImportLayout,
    ImportStatusWord,
    MeasureValue,
    Milestone,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
    Tag,
)
from actions.spreadsheets.admin import PlanSpreadsheetAdminMixin
from sendplan.admin_history import HistoryProtectedAdmin, register_history_admins


class PriorityInline(admin.TabularInline):
    model = Priority
    fields = ["position", "number", "title"]
    extra = 0
    show_change_link = True


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["position", "number", "title"]
    extra = 0
    show_change_link = True


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["title", "timescale", "due_date", "achieved_on", "position"]
    extra = 0


class StatusUpdateInline(admin.StackedInline):
    model = StatusUpdate
    fields = ["date", "status", "narrative", "next_steps", "author", "source", "is_illustrative"]
    readonly_fields = fields
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    fields = ["date", "value", "note", "is_illustrative"]
    extra = 0


@admin.register(BoardDecisionDetail)
class BoardDecisionDetailAdmin(HistoryProtectedAdmin):
    """When the board must decide by, and what it decided (written by the services)."""

    list_display = ["update", "decide_by"]
    list_select_related = ["update__action"]
    raw_id_fields = ["update"]
    search_fields = ["outcome"]


@admin.register(Plan)
class PlanAdmin(PlanSpreadsheetAdminMixin, HistoryProtectedAdmin):
    list_display = ["title", "borough", "kind", "status", "period_start", "period_end"]
    list_filter = ["kind", "status", "borough"]
    list_select_related = ["borough"]
    search_fields = ["title", "slug", "borough__name"]
    autocomplete_fields = ["borough"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(HistoryProtectedAdmin):
    list_display = ["__str__", "plan", "position"]
    list_filter = ["plan__borough", "plan"]
    list_select_related = ["plan"]
    search_fields = ["number", "title", "plan__title"]
    autocomplete_fields = ["plan"]
    inlines = [ObjectiveInline]


@admin.register(Objective)
class ObjectiveAdmin(HistoryProtectedAdmin):
    list_display = ["__str__", "priority", "position"]
    list_filter = ["priority__plan__borough", "priority__plan"]
    list_select_related = ["priority"]
    search_fields = ["number", "title", "priority__title"]
    autocomplete_fields = ["priority"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "borough"]
    list_filter = ["borough"]
    list_select_related = ["borough"]
    search_fields = ["name"]


class ActionAdminForm(forms.ModelForm):
    # The version the form was opened at: saving claims the next one, or is refused.
    opened_at_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Action
        # ActionAdmin decides the fields shown; these are all that may be edited.
        fields = [
            f.name for f in Action._meta.get_fields()
            if getattr(f, "editable", False) and not f.auto_created
            and (f.concrete or f.many_to_many)
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("opened_at_version", self.instance.version)


@admin.register(Action)
class ActionAdmin(HistoryProtectedAdmin):
    form = ActionAdminForm
    list_display = ["reference", "summary", "plan", "status", "due_date", "editor"]
    list_filter = ["status", "lead_agency", "plan__borough", "plan"]
    list_select_related = ["plan", "editor"]
    search_fields = ["reference", "description", "owners__name", "plan__title"]
    autocomplete_fields = ["plan", "priority", "objective", "owners", "tags", "editor"]
    readonly_fields = ["version", "updated_at"]
    date_hierarchy = "due_date"
    inlines = [MilestoneInline, StatusUpdateInline]

    @admin.display(description="description")
    def summary(self, obj):
        return obj.description[:80]

    def save_model(self, request, obj, form, change):
        reverting_to = getattr(request, "_sendplan_reverting_to", None)
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in form.cleaned_data and name != "opened_at_version"
        }
        if reverting_to is not None:
            # Everything the form shows is what the action is restored to.
            fields = {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "opened_at_version"
            }
            services.action_revert(
                action=obj,
                user=request.user,
                reason=f"Reverted in the admin to history row {reverting_to}",
                **fields,
            )
        elif change:
            services.action_update(
                action=obj,
                user=request.user,
                expected_version=form.cleaned_data.get("opened_at_version") or obj.version,
                reason="Edited in the admin",
                source=StatusUpdate.Source.ADMIN,
                **fields,
            )
        else:
            services.action_admin_create(action=obj, user=request.user, **fields)

    def save_related(self, request, form, formsets, change):
        # Owners and tags were saved with the action, in its one history row.
        for formset in formsets:
            ServiceSavesMixin.save_formset(self, request, form, formset, change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.StaleEdit as error:
            # The admin's transaction has rolled back: nothing of this save was kept.
            self.message_user(request, _stale_message(error), messages.ERROR)
            return HttpResponseRedirect(request.path)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.path)


def _stale_message(error):
    who = error.changes[0]["by"] if error.changes else "someone else"
    return (
        f"Not saved: action {error.action.reference} was changed by {who} after you "
        "opened it. Nothing you entered was saved; the form now shows the latest version."
    )


def _save_through_service(request, obj):
    reverting_to = getattr(request, "_sendplan_reverting_to", None)
    reason = "Edited in the admin"
    if reverting_to is not None:
        reason = f"Reverted in the admin to history row {reverting_to}"
    if isinstance(obj, Milestone):
        milestone_services.milestone_save(milestone=obj, user=request.user, reason=reason)
    elif isinstance(obj, MeasureValue):
        measure_services.measure_value_save(value=obj, user=request.user, reason=reason)
    else:
        obj.save()


class ServiceSavesMixin:
    """Milestones and measure values saved here, alone or inline, go through the services."""

    def save_model(self, request, obj, form, change):
        _save_through_service(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for obj in instances:
            _save_through_service(request, obj)
        formset.save_m2m()


@admin.register(Milestone)
class MilestoneAdmin(ServiceSavesMixin, HistoryProtectedAdmin):
    list_display = ["title", "action", "due_date", "achieved_on"]
    list_filter = ["action__plan__borough"]
    list_select_related = ["action"]
    search_fields = ["title", "action__reference"]
    autocomplete_fields = ["action"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(HistoryProtectedAdmin):
    """Read-only: an update is written by rating its action (here, its status field),
    together with the history row it is linked to."""

    list_display = ["action", "date", "status", "author", "source", "is_illustrative"]
    list_filter = ["status", "source", "is_illustrative", "action__plan__borough"]
    list_select_related = ["action", "author"]
    search_fields = ["action__reference", "narrative"]
    autocomplete_fields = ["action", "author"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SuccessMeasure)
class SuccessMeasureAdmin(HistoryProtectedAdmin):
    save_formset = ServiceSavesMixin.save_formset

    list_display = ["__str__", "plan", "priority", "baseline", "target", "unit"]
    list_filter = ["plan__borough", "plan"]
    list_select_related = ["plan", "priority"]
    search_fields = ["description", "data_source"]
    autocomplete_fields = ["plan", "priority"]
    inlines = [MeasureValueInline]


@admin.register(MeasureValue)
class MeasureValueAdmin(ServiceSavesMixin, HistoryProtectedAdmin):
    list_display = ["measure", "date", "value", "is_illustrative"]
    list_filter = ["is_illustrative", "measure__plan__borough"]
    list_select_related = ["measure"]
    search_fields = ["measure__description", "note"]
    autocomplete_fields = ["measure"]


# History rows: read-only for staff; only superusers change or delete them, and it is logged.
@admin.register(ImportColumnMapping)
class ImportColumnMappingAdmin(HistoryProtectedAdmin):
    """What a borough's spreadsheet headings mean, as its admins said in the import preview."""

    list_display = ["heading", "field", "borough"]
    list_filter = ["borough"]
    search_fields = ["heading"]


@admin.register(ImportStatusWord)
class ImportStatusWordAdmin(HistoryProtectedAdmin):
    """A borough's own status words and the rating each means."""

    list_display = ["word", "status", "borough"]
    list_filter = ["borough", "status"]
    search_fields = ["word"]


@admin.register(ImportLayout)
class ImportLayoutAdmin(HistoryProtectedAdmin):
    """A plan's layout as its admins placed it on the import grid (header row, columns)."""

    list_display = ["name", "plan", "borough"]
    list_filter = ["borough"]
    search_fields = ["name"]


register_history_admins("actions")
