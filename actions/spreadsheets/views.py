"""Import (borough admins) and export (viewers and above) of plans as spreadsheets.

Import is two steps: upload, which stores the file server-side and shows what will
happen to every row; then confirm, which imports that same stored file in one
transaction. The import runs in the request: 10,000 rows take a few seconds (see
docs/performance.md), so the preview says how many rows will be written and the
result page gives the counts, rather than a background job with a progress bar.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import RAGB, Plan
from actions.spreadsheets import storage
from actions.spreadsheets.columns import MAPPABLE, normalise_header
from actions.spreadsheets.export import FORMATS, export_plan, template_workbook
from actions.spreadsheets.forms import NewPlanUploadForm, UploadForm
from actions.spreadsheets.preview_page import (
    crumbs,
    expired_page,
    grid_url,
    preview_context,
    show_preview,
)
from actions.spreadsheets.services import (
    ConcurrentEdit,
    ImportRejected,
    NoTable,
    UnreadableFile,
    import_plan,
    preview_import,
    save_import_layout,
    save_import_mappings,
)
from actions.spreadsheets.values import status_word_table
from boroughs.models import Borough, Role
from boroughs.permissions import get_scoped_or_404

STATUS_TABLE = status_word_table()


def _upload(request, *, form, scope, plan, borough, title="", template):
    """Read the upload; on success store it and show the preview."""
    upload = form.cleaned_data["file"]
    data = upload.read()
    clear_blanks = form.cleaned_data["clear_blanks"]
    as_at = form.cleaned_data.get("reported_as_at")
    try:
        result = preview_import(
            data=data,
            filename=upload.name,
            borough=borough,
            plan=plan,
            new_plan_title=title,
            clear_blanks=clear_blanks,
            reported_as_at=as_at,
        )
    except NoTable:
        # Never a dead end: the admin says on the grid where the table is.
        token = storage.stash(
            request,
            data=data,
            filename=upload.name,
            scope=scope,
            fingerprint="",
            title=title,
            options=storage.options(clear_blanks, as_at),
        )
        return redirect(f"{grid_url(plan, borough)}?token={token}")
    except UnreadableFile as error:
        form.add_error("file", error.message)
        context = {"form": form, "plan": plan, "borough": borough, "status_words": STATUS_TABLE}
        return render(request, template, context)
    return show_preview(
        request,
        result=result,
        data=data,
        filename=upload.name,
        scope=scope,
        title=title,
        clear_blanks=clear_blanks,
        as_at=as_at,
    )


def _remap(request, *, scope, plan, borough):
    """Save the admin's column and status-word mapping, then check the same file again."""
    token = request.POST.get("mapping_token", "")
    stored = storage.retrieve(request, token, scope)
    if stored is None:
        return expired_page(request, plan, borough)
    data, entry = stored
    # The stored layout too: the same file is checked again as it was read.
    arguments = storage.import_arguments(data, entry, borough=borough, plan=plan)
    columns, words = {}, {}
    for key, heading in request.POST.items():
        if key.startswith("heading-"):
            chosen = request.POST.get(f"column-{key[8:]}", "")
            if chosen == "ignore" or chosen in MAPPABLE:
                columns[normalise_header(heading)[:200]] = "" if chosen == "ignore" else chosen
        elif key.startswith("word-text-"):
            chosen = request.POST.get(f"word-{key[10:]}", "")
            if chosen == "not_rated" or chosen in RAGB.values:
                words[heading[:200]] = "" if chosen == "not_rated" else chosen
    save_import_mappings(borough=borough, columns=columns, words=words, user=request.user)
    storage.discard(request, token)
    try:
        result = preview_import(**arguments)
    except UnreadableFile:
        return expired_page(request, plan, borough)
    saved = len(columns) + len(words)
    return show_preview(
        request,
        result=result,
        data=data,
        filename=entry["filename"],
        scope=scope,
        title=entry.get("title", ""),
        clear_blanks=arguments["clear_blanks"],
        as_at=arguments["reported_as_at"],
        layout=arguments["layout"],
        notice=f"Saved {saved} mapping{'s' if saved != 1 else ''} for {borough.name}'s imports. "
        "Check the rows again.",
    )


def _confirm(request, *, scope, plan, borough):
    token = request.POST.get("token", "")
    stored = storage.retrieve(request, token, scope)
    if stored is None:
        return expired_page(request, plan, borough)
    data, entry = stored
    title = entry.get("title", "")
    options = entry.get("options", {})
    arguments = storage.import_arguments(data, entry, borough=borough, plan=plan)

    def check_again(notice):
        # The plan changed since the preview: show what the import would do now.
        result = preview_import(**arguments)
        storage.discard(request, token)
        fresh = storage.stash(
            request,
            data=data,
            filename=entry["filename"],
            scope=scope,
            fingerprint=result.fingerprint(),
            title=title,
            options=storage.options(
                arguments["clear_blanks"],
                arguments["reported_as_at"],
                arguments["layout"],
                versions=result.versions(),
            ),
        )
        context = preview_context(result, token=fresh, plan=plan, borough=borough, notice=notice)
        return render(request, "actions/spreadsheets/preview.html", context)

    try:
        result = preview_import(**arguments)
        if result.fingerprint() != entry["fingerprint"]:
            return check_again(
                "The plan has changed since you checked this file. Check the rows again."
            )
        result, imported = import_plan(
            user=request.user, expected_versions=options.get("versions"), **arguments
        )
    except ConcurrentEdit as conflict:
        return check_again(f"{conflict.message} Check the rows again.")
    except (UnreadableFile, ImportRejected):
        # The stored file read cleanly at preview; if it cannot now, start again.
        storage.discard(request, token)
        return expired_page(request, plan, borough)
    storage.discard(request, token)
    layout = arguments["layout"]
    if plan is None and layout and layout.get("name"):
        # A new plan's layout is kept for it, so its next quarter's file asks nothing.
        save_import_layout(
            borough=borough, plan=imported, name=layout["name"], layout=layout, user=request.user
        )
    context = {
        "result": result,
        "counts": result.counts(),
        "plan": imported,
        "borough": borough,
        "breadcrumbs": crumbs(borough, imported),
    }
    return render(request, "actions/spreadsheets/done.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    template = "actions/spreadsheets/upload.html"
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _upload(
            request,
            form=form,
            scope=f"plan:{plan.pk}",
            plan=plan,
            borough=plan.borough,
            template=template,
        )
    context = {
        "form": form,
        "plan": plan,
        "borough": plan.borough,
        "breadcrumbs": crumbs(plan.borough, plan),
        "status_words": STATUS_TABLE,
    }
    return render(request, template, context)


@login_required
@require_POST
def plan_import_confirm(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    return _confirm(request, scope=f"plan:{plan.pk}", plan=plan, borough=plan.borough)


@login_required
@require_POST
def plan_import_map(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    return _remap(request, scope=f"plan:{plan.pk}", plan=plan, borough=plan.borough)


@login_required
@require_POST
def borough_import_map(request, slug):
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    return _remap(request, scope=f"borough:{borough.pk}", plan=None, borough=borough)


@login_required
@require_http_methods(["GET", "POST"])
def borough_import(request, slug):
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    template = "actions/spreadsheets/upload.html"
    form = NewPlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _upload(
            request,
            form=form,
            scope=f"borough:{borough.pk}",
            plan=None,
            borough=borough,
            title=form.cleaned_data["title"],
            template=template,
        )
    context = {
        "form": form,
        "plan": None,
        "borough": borough,
        "breadcrumbs": crumbs(borough),
        "status_words": STATUS_TABLE,
    }
    return render(request, template, context)


@login_required
@require_POST
def borough_import_confirm(request, slug):
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    return _confirm(request, scope=f"borough:{borough.pk}", plan=None, borough=borough)


def _download(data, content_type, filename):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def plan_export(request, pk):
    plan = get_scoped_or_404(Plan.objects.select_related("borough"), request.user, pk=pk)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            "Choose format=xlsx or format=csv.", content_type="text/plain; charset=utf-8"
        )
    return _download(*export_plan(plan, fmt))


@login_required
@require_GET
def import_template(request):
    return _download(template_workbook(), FORMATS["xlsx"], "sendplan-plan-template.xlsx")
