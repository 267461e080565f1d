"""Admin for plans and everything in them.

Edits made here skip the services' checks (a narrative for Red and Amber, the stale-edit
guard); officers rate actions through the app. The admin is for putting data right.

PlanAdmin is a plain class so that mixins (such as spreadsheet import) can be added to
its bases without touching the rest of this file.
"""

from django.contrib import admin

from actions.models import (
    Action,
    ImportColumnMapping,
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
    fields = ["date", "status", "narrative", "next_steps", "author", "is_illustrative"]
    autocomplete_fields = ["author"]
    extra = 0


class MeasureValueInline(admin.TabularInline):
    model = MeasureValue
    fields = ["date", "value", "note", "is_illustrative"]
    extra = 0


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
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Action)
class ActionAdmin(HistoryProtectedAdmin):
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


@admin.register(Milestone)
class MilestoneAdmin(HistoryProtectedAdmin):
    list_display = ["title", "action", "due_date", "achieved_on"]
    list_filter = ["action__plan__borough"]
    list_select_related = ["action"]
    search_fields = ["title", "action__reference"]
    autocomplete_fields = ["action"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(HistoryProtectedAdmin):
    list_display = ["action", "date", "status", "author", "is_illustrative"]
    list_filter = ["status", "is_illustrative", "action__plan__borough"]
    list_select_related = ["action", "author"]
    search_fields = ["action__reference", "narrative"]
    autocomplete_fields = ["action", "author"]
    date_hierarchy = "date"


@admin.register(SuccessMeasure)
class SuccessMeasureAdmin(HistoryProtectedAdmin):
    list_display = ["__str__", "plan", "priority", "baseline", "target", "unit"]
    list_filter = ["plan__borough", "plan"]
    list_select_related = ["plan", "priority"]
    search_fields = ["description", "data_source"]
    autocomplete_fields = ["plan", "priority"]
    inlines = [MeasureValueInline]


@admin.register(MeasureValue)
class MeasureValueAdmin(HistoryProtectedAdmin):
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


register_history_admins("actions")
