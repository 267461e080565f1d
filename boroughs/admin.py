"""Admin for boroughs, partners, people and who may do what where.

Every audited model uses HistoryProtectedAdmin, so its history is one click from its page.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from boroughs.models import (
    Area,
    Borough,
    Indicator,
    IndicatorValue,
    Membership,
    Organisation,
    Person,
)
from sendplan.admin_history import HistoryProtectedAdmin, register_history_admins


@admin.register(Borough)
class BoroughAdmin(HistoryProtectedAdmin):
    list_display = ["name", "slug", "gss_code", "la_number", "region"]
    list_filter = ["region"]
    search_fields = ["name", "slug", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["comparators"]


class ReferenceDataAdmin(admin.ModelAdmin):
    """The DfE's national indicators: loaded by `manage.py load_indicators`, never edited."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReferenceDataAdmin):
    list_display = ["name", "code", "topic", "unit", "polarity", "year_type"]
    list_filter = ["topic", "polarity", "year_type"]
    search_fields = ["name", "code"]


@admin.register(Area)
class AreaAdmin(ReferenceDataAdmin):
    list_display = ["name", "la_number", "region", "kind"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "la_number"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReferenceDataAdmin):
    list_display = ["indicator", "area", "year_label", "value"]
    list_filter = ["provisional", "year"]
    list_select_related = ["indicator", "area"]
    search_fields = ["indicator__code", "area__name"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryProtectedAdmin):
    list_display = ["name", "borough", "kind"]
    list_filter = ["kind", "borough"]
    list_select_related = ["borough"]
    search_fields = ["name"]
    autocomplete_fields = ["borough"]


@admin.register(Person)
class PersonAdmin(HistoryProtectedAdmin):
    list_display = ["name", "job_title", "organisation", "borough", "user"]
    list_filter = ["borough"]
    list_select_related = ["borough", "organisation", "user"]
    search_fields = ["name", "job_title", "organisation__name", "email"]
    autocomplete_fields = ["borough", "organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(HistoryProtectedAdmin):
    list_display = ["user", "borough", "role"]
    list_filter = ["role", "borough"]
    list_select_related = ["user", "borough"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "borough__name"]
    autocomplete_fields = ["user", "borough"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["borough"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    """The standard user admin, plus the boroughs the user belongs to."""

    inlines = [MembershipInline]


# History rows: read-only for staff; only superusers change or delete them, and it is logged.
register_history_admins("boroughs")


# The sign-in log (django-axes) is evidence: readable in the admin, never edited or
# deleted there. Old entries are pruned with `manage.py axes_reset_logs --age DAYS`.
class ReadOnlyLogMixin:
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(AccessLog)
admin.site.unregister(AccessFailureLog)


@admin.register(AccessLog)
class SignInLogAdmin(ReadOnlyLogMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class FailedSignInLogAdmin(ReadOnlyLogMixin, AccessFailureLogAdmin):
    pass
