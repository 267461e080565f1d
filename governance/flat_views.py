"""Borough admins' flat registers: export, and import with a preview before anything is saved.

The uploaded bytes wait between the preview and the confirm in the spreadsheet import's
storage (actions/spreadsheets/storage.py): a random token this session issued for this
borough and register, never a path named by the browser.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.spreadsheets import storage
from boroughs.models import Borough, Role
from boroughs.permissions import get_scoped_or_404
from governance.flat_resources import KINDS
from governance.flat_services import FlatImportRejected, flat_export, flat_import, flat_preview
from governance.forms import FlatUploadForm

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _borough(request, slug):
    return get_scoped_or_404(Borough.objects.all(), request.user, role=Role.ADMIN, slug=slug)


def _kind(kind):
    if kind not in KINDS:
        raise Http404("No such register.")
    return kind, KINDS[kind][0]


def _crumbs(borough):
    return [
        {"label": "Home", "url": reverse("home")},
        {"label": "Registers", "url": reverse("flat_index", args=[borough.slug])},
    ]


@login_required
@require_GET
def flat_index(request, slug):
    borough = _borough(request, slug)
    registers = [{"kind": kind, "title": title} for kind, (title, _) in KINDS.items()]
    context = {
        "borough": borough,
        "registers": registers,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    return render(request, "governance/flat_index.html", context)


@login_required
@require_GET
def flat_export_view(request, slug, kind):
    borough = _borough(request, slug)
    kind, _ = _kind(kind)
    fmt = request.GET.get("format", "csv")
    if fmt not in CONTENT_TYPES:
        return HttpResponseBadRequest(
            "Choose format=csv or format=xlsx.", content_type="text/plain"
        )
    response = HttpResponse(
        flat_export(kind=kind, borough=borough, fmt=fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{borough.slug}-{kind}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def flat_import_view(request, slug, kind):
    borough = _borough(request, slug)
    kind, title = _kind(kind)
    form = FlatUploadForm(request.POST or None, request.FILES or None)
    context = {
        "borough": borough,
        "kind": kind,
        "title": title,
        "form": form,
        "breadcrumbs": _crumbs(borough),
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            outcome = flat_preview(kind=kind, borough=borough, user=request.user, data=data)
        except FlatImportRejected as rejected:
            context["problems"] = rejected.problems
            return render(request, "governance/flat_import.html", context, status=400)
        context["token"] = storage.stash(
            request,
            data=data,
            filename=upload.name,
            scope=_scope(borough, kind),
            fingerprint=hashlib.sha256(data).hexdigest(),
        )
        context["outcome"] = outcome
        context["filename"] = upload.name
    status = 400 if form.errors else 200
    return render(request, "governance/flat_import.html", context, status=status)


def _scope(borough, kind):
    return f"flat:{borough.pk}:{kind}"


@login_required
@require_POST
def flat_import_confirm(request, slug, kind):
    borough = _borough(request, slug)
    kind, title = _kind(kind)
    token = request.POST.get("token", "")
    found = storage.retrieve(request, token, _scope(borough, kind))
    if found is None:
        messages.error(request, "That upload has expired. Upload the file again.")
        return redirect("flat_import", slug=borough.slug, kind=kind)
    data, _ = found
    try:
        outcome = flat_import(kind=kind, borough=borough, user=request.user, data=data)
    except FlatImportRejected as rejected:
        context = {
            "borough": borough,
            "kind": kind,
            "title": title,
            "form": FlatUploadForm(),
            "problems": rejected.problems,
            "breadcrumbs": _crumbs(borough),
        }
        return render(request, "governance/flat_import.html", context, status=400)
    storage.discard(request, token)
    messages.success(
        request,
        f"{title} imported: {outcome.new} added, {outcome.updated} updated, "
        f"{outcome.unchanged} unchanged.",
    )
    return redirect("flat_index", slug=borough.slug)
