"""Admin for boards, their meetings, risks and inspection findings."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import Board, InspectionFinding, Meeting, Risk


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["date", "is_illustrative"]
    extra = 0


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "borough", "kind", "reports_to"]
    list_filter = ["kind", "borough"]
    list_select_related = ["borough", "reports_to"]
    search_fields = ["name", "slug", "chair"]
    autocomplete_fields = ["borough", "reports_to"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["board", "date", "is_illustrative"]
    list_filter = ["is_illustrative", "board__borough"]
    list_select_related = ["board"]
    search_fields = ["board__name"]
    autocomplete_fields = ["board"]
    date_hierarchy = "date"


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["risk_id", "summary", "borough", "likelihood", "impact", "score", "status"]
    list_filter = ["status", "borough"]
    list_select_related = ["borough"]
    search_fields = ["risk_id", "description", "mitigation"]
    autocomplete_fields = ["borough", "owner", "actions"]

    @admin.display(description="description")
    def summary(self, obj):
        return obj.description[:80]


@admin.register(InspectionFinding)
class InspectionFindingAdmin(SimpleHistoryAdmin):
    list_display = ["summary", "borough", "inspection", "inspection_date", "kloe"]
    list_filter = ["borough", "inspection"]
    list_select_related = ["borough"]
    search_fields = ["text", "inspection", "kloe"]
    autocomplete_fields = ["borough", "actions"]

    @admin.display(description="finding")
    def summary(self, obj):
        return obj.text[:80]
