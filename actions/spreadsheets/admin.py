"""Spreadsheet import and export in the Django admin, as a mixin for PlanAdmin.

Adds "Import from a spreadsheet" and "Export" to a plan's admin page (upload, then a
preview of every row, then confirm, exactly as the officer pages do) and an
"Export as .xlsx" action on the plan list. Staff need the change permission on plans
and the borough admin role in the plan's borough (superusers have both).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from actions.models import Plan
from actions.spreadsheets import storage
from actions.spreadsheets.export import export_plan
from actions.spreadsheets.forms import UploadForm
from actions.spreadsheets.services import (
    ConcurrentEdit,
    ImportRejected,
    UnreadableFile,
    import_plan,
    preview_import,
)
from boroughs.models import Role
from boroughs.selectors import has_role


class PlanSpreadsheetAdminMixin:
    change_form_template = "actions/spreadsheets/admin/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/import/",
                view(self.import_view),
                name="actions_plan_import",
            ),
            path(
                "<int:object_id>/export/<str:fmt>/",
                view(self.export_view),
                name="actions_plan_export",
            ),
            *super().get_urls(),
        ]

    def get_actions(self, request):
        found = super().get_actions(request)
        action = PlanSpreadsheetAdminMixin.export_as_xlsx
        found["export_as_xlsx"] = (action, "export_as_xlsx", action.short_description)
        return found

    def _plan(self, request, object_id, *, role):
        plan = get_object_or_404(Plan.objects.select_related("borough"), pk=object_id)
        allowed = (
            self.has_change_permission(request, plan)
            if role == Role.ADMIN
            else self.has_view_permission(request, plan)
        )
        if not allowed or not has_role(request.user, plan.borough, role):
            raise PermissionDenied
        return plan

    @admin.action(description="Export the selected plan as .xlsx")
    def export_as_xlsx(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one plan to export.", messages.WARNING)
            return None
        return self.export_view(request, queryset.get().pk, "xlsx")

    def export_view(self, request, object_id, fmt):
        plan = self._plan(request, object_id, role=Role.VIEWER)
        data, content_type, filename = export_plan(plan, "csv" if fmt == "csv" else "xlsx")
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def import_view(self, request, object_id):
        plan = self._plan(request, object_id, role=Role.ADMIN)
        scope = f"admin-plan:{plan.pk}"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": plan,
            "plan": plan,
            "title": f"Import into {plan}",
            "change_url": reverse("admin:actions_plan_change", args=[plan.pk]),
        }
        template = "actions/spreadsheets/admin/import.html"
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, plan, scope, context, template)
        form = UploadForm(request.POST or None, request.FILES or None)
        context["form"] = form
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            clear_blanks = form.cleaned_data["clear_blanks"]
            as_at = form.cleaned_data.get("reported_as_at")
            try:
                result = preview_import(
                    data=data,
                    filename=upload.name,
                    borough=plan.borough,
                    plan=plan,
                    clear_blanks=clear_blanks,
                    reported_as_at=as_at,
                )
            except UnreadableFile as error:
                form.add_error("file", error.message)
                return TemplateResponse(request, template, context)
            context["result"] = result
            context["counts"] = result.counts()
            if result.ok and result.has_changes:
                context["token"] = storage.stash(
                    request,
                    data=data,
                    filename=upload.name,
                    scope=scope,
                    fingerprint=result.fingerprint(),
                    options=storage.options(clear_blanks, as_at, versions=result.versions()),
                )
        return TemplateResponse(request, template, context)

    def _confirm(self, request, plan, scope, context, template):
        token = request.POST["token"]
        stored = storage.retrieve(request, token, scope)
        if stored is None:
            self.message_user(
                request, "That upload has expired: upload the file again.", messages.ERROR
            )
            return TemplateResponse(request, template, {**context, "form": UploadForm()})
        data, entry = stored
        storage.discard(request, token)
        options = entry.get("options", {})
        try:
            result, _ = import_plan(
                data=data,
                filename=entry["filename"],
                borough=plan.borough,
                plan=plan,
                user=request.user,
                clear_blanks=options.get("clear_blanks", False),
                reported_as_at=storage.as_at(options),
                expected_versions=options.get("versions"),
            )
        except ConcurrentEdit as conflict:
            self.message_user(request, f"{conflict.message} Upload the file again.", messages.ERROR)
            return TemplateResponse(request, template, {**context, "form": UploadForm()})
        except (UnreadableFile, ImportRejected):
            self.message_user(
                request, "The file could not be imported: nothing was changed.", messages.ERROR
            )
            return TemplateResponse(request, template, {**context, "form": UploadForm()})
        counts = result.counts()["actions"]
        self.message_user(
            request,
            f"Imported {entry['filename']}: {counts['created']} actions created, "
            f"{counts['updated']} updated, {counts['unchanged']} unchanged.",
            messages.SUCCESS,
        )
        return TemplateResponse(request, template, {**context, "form": UploadForm(), "done": True})
