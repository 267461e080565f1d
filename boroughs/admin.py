"""Admin for boroughs, partners, people and who may do what where.

Every audited model uses HistoryProtectedAdmin, so its history is one click from its page.
"""

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpResponseRedirect
from django.urls import reverse

from boroughs.accounts import user_deactivate, user_has_history
from boroughs.invitations import invitations_revoke_sent_by
from boroughs.models import (
    Area,
    Borough,
    Indicator,
    IndicatorValue,
    Invitation,
    Membership,
    Organisation,
    PasswordResetRequest,
    Person,
)
from boroughs.sso_models import IdentityProvider, SsoGrant, SsoLink, SsoRule
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
    list_display = ["name", "kind", "job_title", "organisation", "borough", "user"]
    list_filter = ["kind", "borough"]
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

    def save_model(self, request, obj, form, change):
        if change and "role" in form.changed_data and obj.role != Membership.Role.ADMIN:
            invitations_revoke_sent_by(sender=obj.user, by=request.user, borough=obj.borough)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        invitations_revoke_sent_by(sender=obj.user, by=request.user, borough=obj.borough)
        super().delete_model(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["borough"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class UserWithMembershipsAdmin(UserAdmin):
    """The standard user admin, plus the boroughs the user belongs to.

    Someone with audited history is deactivated, never deleted (boroughs/accounts.py):
    deleting them would blank the author of everything they changed.
    """

    inlines = [MembershipInline]
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            # Unticking "Active" is a deactivation: the same service revokes invitations.
            user_deactivate(user=obj, by=request.user)

    @admin.action(description="Deactivate selected users (they can no longer sign in)")
    def deactivate(self, request, queryset):
        for user in queryset:
            user_deactivate(user=user, by=request.user)
        self.message_user(request, f"Deactivated {queryset.count()} user(s).")

    def delete_view(self, request, object_id, extra_context=None):
        user = self.get_object(request, object_id)
        if user is not None and user_has_history(user):
            if request.method == "POST":
                user_deactivate(user=user, by=request.user)
                self.message_user(
                    request,
                    f"{user.get_username()} has made audited changes, so they were "
                    "deactivated rather than deleted: their history keeps their name.",
                    messages.WARNING,
                )
                return HttpResponseRedirect(reverse("admin:auth_user_change", args=[user.pk]))
            extra_context = {**(extra_context or {}), "title": "Deactivate instead of delete"}
            self.message_user(
                request,
                f"{user.get_username()} has made audited changes. Confirming below "
                "deactivates them instead of deleting them.",
                messages.WARNING,
            )
        return super().delete_view(request, object_id, extra_context)

    def get_deleted_objects(self, objs, request):
        # Users with history are deactivated, not deleted: nothing of theirs is listed.
        deletable = [user for user in objs if not user_has_history(user)]
        return super().get_deleted_objects(deletable, request)

    def delete_queryset(self, request, queryset):
        keep = [user for user in queryset if user_has_history(user)]
        for user in keep:
            user_deactivate(user=user, by=request.user)
        if keep:
            self.message_user(
                request,
                "Deactivated rather than deleted, to keep their history: "
                + ", ".join(u.get_username() for u in keep),
                messages.WARNING,
            )
        super().delete_queryset(request, queryset.exclude(pk__in=[u.pk for u in keep]))


@admin.register(Invitation)
class InvitationAdmin(HistoryProtectedAdmin):
    """Invitations are sent and withdrawn on the members page (so each change is audited);
    here they can be read, not made, edited or deleted."""

    list_display = [
        "email",
        "borough",
        "role",
        "invited_by",
        "created_at",
        "accepted_at",
        "ended_how",
    ]
    list_filter = ["borough", "role", "ended_how"]
    list_select_related = ["borough", "invited_by"]
    search_fields = ["email", "borough__name"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PasswordResetRequest)
class PasswordResetRequestAdmin(ReferenceDataAdmin):
    """The reset throttle's counter (boroughs/passwords.py): read-only, pruned after a day.
    Addresses are kept only as hashes."""

    list_display = ["requested_at", "client"]
    list_filter = ["requested_at"]


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


# --- Single sign-on (boroughs/sso_models.py) --------------------------------------------


class SsoRuleInline(admin.TabularInline):
    model = SsoRule
    extra = 0
    autocomplete_fields = ["borough"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(HistoryProtectedAdmin):
    """Providers and their rules. The client secret is never here: see secret_variable."""

    list_display = ["name", "key", "email_domains", "require_sso", "active", "secret_set"]
    readonly_fields = ["secret_variable", "secret_set"]
    inlines = [SsoRuleInline]

    @admin.display(boolean=True, description="secret set on this server")
    def secret_set(self, obj):
        return bool(obj.pk and obj.client_secret())


@admin.register(SsoRule)
class SsoRuleAdmin(HistoryProtectedAdmin):
    """Rules on their own too, for their history (they are edited on their provider)."""

    list_display = ["provider", "borough", "email_domain", "group", "role"]
    list_filter = ["provider", "role"]
    list_select_related = ["provider", "borough"]
    search_fields = ["email_domain", "group", "borough__name"]
    autocomplete_fields = ["borough"]


@admin.register(SsoGrant)
class SsoGrantAdmin(admin.ModelAdmin):
    """Memberships rules gave: they go when the rule stops matching at sign-in."""

    list_display = ["membership", "rule"]
    list_select_related = ["membership__user", "membership__borough", "rule"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SsoLink)
class SsoLinkAdmin(admin.ModelAdmin):
    """Which provider account is which sendplan account: delete one to unlink it."""

    list_display = ["user", "provider", "subject", "created_at"]
    list_select_related = ["user", "provider"]
    search_fields = ["user__username", "user__email", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
