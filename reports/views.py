"""Board pack pages: progress, downloads, the HTML pack, and the cross-borough summary.

Packs are found through packs_for_user, so another borough's pack answers 404. Viewers
may read and download; generating (on the board page, reports/board_views.py) needs editor.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from boroughs import permissions
from reports import cross_services, selectors, tasks
from reports.charts import chart_names, pack_chart_svg
from reports.content import (
    MOVEMENTS,
    RATINGS,
    cross_borough_content,
    period_choices,
    read_stored,
)
from reports.models import PackStatus
from reports.rendering import pack_context
from sendplan.periods import ReportingPeriod

# How often the progress page asks for news while a pack is made (seconds).
POLL_SECONDS = 3


def _pack(request, pk):
    return permissions.get_scoped_or_404(selectors.pack_queryset(), request.user, pk=pk)


def _ready_pack(request, pk):
    pack = _pack(request, pk)
    if pack.status != PackStatus.READY:
        raise Http404("This pack is not ready.")
    return pack


def _crumbs(pack):
    crumbs = [{"label": "Home", "url": reverse("home")}]
    if pack.board_id:
        crumbs.append(
            {"label": pack.board.name, "url": reverse("board_detail", args=[pack.board_id])}
        )
    return crumbs


@require_GET
@login_required
def pack_detail(request, pk):
    """Progress while queued or running (pack-progress.js polls pack_status), then the links."""
    pack = _watched_pack(request, pk)
    context = {
        "pack": pack,
        "poll_seconds": None if pack.is_finished else POLL_SECONDS,
        "breadcrumbs": _crumbs(pack),
    }
    return render(request, "reports/pack_detail.html", context)


def _watched_pack(request, pk):
    # Someone is waiting on this pack: if its worker died, retry or fail it now.
    pack = _pack(request, pk)
    if not pack.is_finished and tasks.reap_lost_packs(pk=pack.pk):
        pack = _pack(request, pk)
    return pack


PROGRESS_MESSAGES = {
    PackStatus.QUEUED: "Waiting to start…",
    PackStatus.RUNNING: "Generating the pack…",
    PackStatus.READY: "Your pack is ready.",
    PackStatus.FAILED: "The pack could not be generated.",
}


def _progress(pack):
    """A progress page's poll answer (frontend/static/js/pack-progress.js reads it)."""
    return JsonResponse(
        {
            "status": pack.status,
            "finished": pack.is_finished,
            "message": PROGRESS_MESSAGES[pack.status],
        }
    )


@require_GET
@login_required
def pack_status(request, pk):
    """The progress page's poll: the pack's state in a few plain words, as JSON."""
    return _progress(_watched_pack(request, pk))


def _download_name(pack, extension):
    subject = pack.board.slug if pack.board_id else pack.borough.slug
    return f"board-pack-{subject}-{pack.period.slug}.{extension}"


@require_GET
@login_required
def pack_pdf(request, pk):
    pack = _ready_pack(request, pk)
    return FileResponse(
        pack.pdf_file.open("rb"),
        as_attachment=True,
        filename=_download_name(pack, "pdf"),
        content_type="application/pdf",
    )


@require_GET
@login_required
def pack_html_file(request, pk):
    pack = _ready_pack(request, pk)
    return FileResponse(
        pack.html_file.open("rb"),
        as_attachment=True,
        filename=_download_name(pack, "html"),
        content_type="text/html; charset=utf-8",
    )


@require_GET
@login_required
def pack_html(request, pk):
    """The same pack as a page in the app, rendered from the content stored with it."""
    pack = _ready_pack(request, pk)
    content = read_stored(pack.content_json)
    charts = {name: reverse("pack_chart", args=[pack.pk, name]) for name in chart_names(content)}
    context = pack_context(content, generated_at=pack.generated_at, chart_src=charts)
    context.update({"pack": pack, "breadcrumbs": _crumbs(pack)})
    return render(request, "reports/pack/screen.html", context)


@require_GET
@login_required
def pack_chart(request, pk, name):
    """One chart of a ready pack as SVG, drawn from its stored content."""
    pack = _ready_pack(request, pk)
    content = read_stored(pack.content_json)
    if name not in chart_names(content):
        raise Http404("No such chart.")
    svg = pack_chart_svg(content, name)
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=86400"
    return response


def _cross_borough(request):
    """The period asked for (default: the last finished quarter) and each borough's data."""
    today = timezone.localdate()
    choices = period_choices(today=today)
    raw = request.POST.get("period") if request.method == "POST" else request.GET.get("period")
    error = None
    period = choices[0]
    if raw:
        try:
            period = ReportingPeriod.parse(raw)
        except ValueError:
            error = "Choose a reporting period from the list"
        else:
            if period not in choices:
                error, period = "Choose a reporting period from the list", choices[0]
    boroughs = list(permissions.user_boroughs(request))
    return {
        "period": period,
        "choices": choices,
        "error": error,
        "boroughs": boroughs,
        "ratings": RATINGS,
        "movements": MOVEMENTS,
        "generated_at": timezone.now(),
        "title": f"Cross-borough pack, {period.label}",
    }


@require_http_methods(["GET", "POST"])
@login_required
def cross_borough_pack(request):
    """The boroughs side by side on screen; POST makes the stored pack in the background."""
    context = _cross_borough(request)
    if not context["boroughs"]:
        # Someone who reads no borough's plans as an officer (a co-production partner).
        raise PermissionDenied("You are not a member of any borough.")
    if request.method == "POST" and not context["error"]:
        pack = cross_services.cross_pack_request(
            boroughs=context["boroughs"], period=context["period"], user=request.user
        )
        return redirect("cross_pack_detail", pk=pack.pk)
    if not context["error"]:
        context["cross"] = cross_borough_content(
            boroughs=context["boroughs"], period=context["period"]
        )
    context["cross_packs"] = list(
        selectors.cross_packs_for_user(request.user).filter(requested_by=request.user)[:10]
    )
    context["breadcrumbs"] = [{"label": "Home", "url": reverse("home")}]
    status = 400 if context["error"] else 200
    return render(request, "reports/cross_borough.html", context, status=status)


def _cross_pack(request, pk, *, ready=False):
    pack = get_object_or_404(selectors.cross_packs_for_user(request.user), pk=pk)
    if ready and pack.status != PackStatus.READY:
        raise Http404("This pack is not ready.")
    if not ready and not pack.is_finished and cross_services.cross_packs_reap_expired(pk=pk):
        # Someone is waiting on this pack and its worker died: it has just been failed.
        pack.refresh_from_db()
    return pack


@require_GET
@login_required
def cross_pack_detail(request, pk):
    """Progress while queued or running (pack-progress.js polls), then the download links."""
    pack = _cross_pack(request, pk)
    context = {
        "pack": pack,
        "poll_seconds": None if pack.is_finished else POLL_SECONDS,
        "breadcrumbs": [
            {"label": "Home", "url": reverse("home")},
            {"label": "Cross-borough pack", "url": reverse("cross_borough_pack")},
        ],
    }
    return render(request, "reports/cross_pack_detail.html", context)


@require_GET
@login_required
def cross_pack_status(request, pk):
    """The cross-borough progress page's poll, as JSON."""
    return _progress(_cross_pack(request, pk))


@require_GET
@login_required
def cross_pack_pdf(request, pk):
    pack = _cross_pack(request, pk, ready=True)
    return FileResponse(
        pack.pdf_file.open("rb"),
        as_attachment=True,
        filename=f"cross-borough-pack-{pack.period.slug}.pdf",
        content_type="application/pdf",
    )


@require_GET
@login_required
def cross_pack_html_file(request, pk):
    pack = _cross_pack(request, pk, ready=True)
    return FileResponse(
        pack.html_file.open("rb"),
        as_attachment=True,
        filename=f"cross-borough-pack-{pack.period.slug}.html",
        content_type="text/html; charset=utf-8",
    )
