"""Admin for boards, their meetings, risks and inspection findings."""

from django.contrib import admin

from actions.admin import MeasureValueAdmin
from actions.models import MeasureValue
from boroughs.admin import PersonAdmin
from boroughs.models import Person
from governance.flat_admin import FlatRegisterAdminMixin
from governance.flat_resources import MeasureValueResource, PersonResource, RiskResource
from governance.models import (
    Board,
    BoardMember,
    DigestSent,
    InspectionFinding,
    KeyMessages,
    Meeting,
    ReportingRound,
    Risk,
)
from sendplan.admin_history import HistoryProtectedAdmin, register_history_admins


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["date", "is_illustrative"]
    extra = 0


@admin.register(Board)
class BoardAdmin(HistoryProtectedAdmin):
    list_display = ["name", "borough", "kind", "reports_to"]
    list_filter = ["kind", "borough"]
    list_select_related = ["borough", "reports_to"]
    search_fields = ["name", "slug", "chair"]
    autocomplete_fields = ["borough", "reports_to"]
    prepopulated_fields = {"slug": ["name"]}
    # The board's scope: the plans and priorities its packs cover (none: the whole borough).
    filter_horizontal = ["plans", "priorities"]
    inlines = [MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(HistoryProtectedAdmin):
    list_display = ["board", "date", "is_illustrative"]
    list_filter = ["is_illustrative", "board__borough"]
    list_select_related = ["board"]
    search_fields = ["board__name"]
    autocomplete_fields = ["board"]
    date_hierarchy = "date"


@admin.register(BoardMember)
class BoardMemberAdmin(HistoryProtectedAdmin):
    """Who sits on a board; borough admins set it on the board's members page."""

    list_display = ["board", "user", "email"]
    list_filter = ["board__borough"]
    list_select_related = ["board", "user"]
    search_fields = ["board__name", "user__username", "email"]
    autocomplete_fields = ["board", "user"]


@admin.register(KeyMessages)
class KeyMessagesAdmin(HistoryProtectedAdmin):
    list_display = ["board", "period_year", "period_quarter"]
    list_filter = ["board__borough"]
    list_select_related = ["board"]
    search_fields = ["board__name", "text"]
    autocomplete_fields = ["board"]


@admin.register(Risk)
class RiskAdmin(FlatRegisterAdminMixin, HistoryProtectedAdmin):
    resource_classes = [RiskResource]
    list_display = ["risk_id", "summary", "borough", "likelihood", "impact", "score", "status"]
    list_filter = ["status", "borough"]
    list_select_related = ["borough"]
    search_fields = ["risk_id", "description", "mitigation"]
    autocomplete_fields = ["borough", "owner", "actions"]

    @admin.display(description="description")
    def summary(self, obj):
        return obj.description[:80]


@admin.register(InspectionFinding)
class InspectionFindingAdmin(HistoryProtectedAdmin):
    list_display = ["summary", "borough", "inspection", "inspection_date", "kloe"]
    list_filter = ["borough", "inspection"]
    list_select_related = ["borough"]
    search_fields = ["text", "inspection", "kloe"]
    autocomplete_fields = ["borough", "actions"]

    @admin.display(description="finding")
    def summary(self, obj):
        return obj.text[:80]


class ReadOnlyAdmin:
    """For records that only their own pages and services write: staff may look, not edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReadOnlyAdmin, HistoryProtectedAdmin):
    # Opening, extending and finalising a round are the round pages' work
    # (governance/round_views.py through round_services.py), so the rules hold there.
    list_display = ["borough", "board", "period_year", "period_quarter", "status"]
    list_filter = ["status", "borough"]
    list_select_related = ["borough", "board"]
    search_fields = ["borough__name", "board__name"]


@admin.register(DigestSent)
class DigestSentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["user", "day", "sent_at", "items"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    date_hierarchy = "day"


# Measure values and people are registered by their own apps; the flat import and
# export (which needs the governance layer's resources) is added to them here.
admin.site.unregister(MeasureValue)
admin.site.unregister(Person)


@admin.register(MeasureValue)
class MeasureValueFlatAdmin(FlatRegisterAdminMixin, MeasureValueAdmin):
    resource_classes = [MeasureValueResource]


@admin.register(Person)
class PersonFlatAdmin(FlatRegisterAdminMixin, PersonAdmin):
    resource_classes = [PersonResource]


# History rows: read-only for staff; only superusers change or delete them, and it is logged.
register_history_admins("governance")
