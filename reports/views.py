"""Board pack pages: progress, downloads, the HTML pack, and the cross-borough summary.

Packs are found through packs_for_user, so another borough's pack answers 404. Viewers
may read and download; generating (on the board page, reports/board_views.py) needs editor.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from boroughs import permissions
from reports import selectors
from reports.charts import chart_names, pack_chart_svg
from reports.content import (
    MOVEMENTS,
    RATINGS,
    build_pack_content,
    period_choices,
    read_stored,
)
from reports.models import PackStatus
from reports.rendering import pack_context, render_pdf
from sendplan.periods import ReportingPeriod

# How often the progress page reloads itself while a pack is made (seconds).
REFRESH_SECONDS = 3


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
    """Progress while queued or running (refreshing itself), then the download links."""
    pack = _pack(request, pk)
    context = {
        "pack": pack,
        "refresh_seconds": None if pack.is_finished else REFRESH_SECONDS,
        "breadcrumbs": _crumbs(pack),
    }
    return render(request, "reports/pack_detail.html", context)


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
    raw = request.GET.get("period")
    error = None
    period = choices[1]
    if raw:
        try:
            period = ReportingPeriod.parse(raw)
        except ValueError:
            error = "Choose a reporting period from the list"
        else:
            if period not in choices:
                error, period = "Choose a reporting period from the list", choices[1]
    boroughs = permissions.user_boroughs(request)
    sections = [
        {"borough": borough, "content": build_pack_content(borough=borough, period=period)}
        for borough in boroughs
    ]
    return {
        "period": period,
        "choices": choices,
        "error": error,
        "sections": sections,
        "ratings": RATINGS,
        "movements": MOVEMENTS,
        "generated_at": timezone.now(),
        "title": f"Cross-borough summary, {period.label}",
        "author": ", ".join(b.name for b in boroughs),
    }


@require_GET
@login_required
def cross_borough_pack(request):
    context = _cross_borough(request)
    context["breadcrumbs"] = [{"label": "Home", "url": reverse("home")}]
    status = 400 if context["error"] else 200
    return render(request, "reports/cross_borough.html", context, status=status)


@require_GET
@login_required
def cross_borough_pack_pdf(request):
    context = _cross_borough(request)
    if context["error"]:
        raise Http404(context["error"])
    html = render(request, "reports/cross_borough_document.html", context).content.decode()
    pdf = render_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"cross-borough-summary-{context['period'].slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
