"""Turn a pack's frozen content into HTML and an accessible, tagged PDF."""

import zlib
from pathlib import Path

import pydyf
from django.template.loader import render_to_string
from weasyprint import HTML

from reports.artifacts import artifact_margin_content
from reports.charts import as_data_uri, pack_charts
from reports.content import MOVEMENTS, RATINGS
from reports.pack.measures import has_figures
from reports.url_fetcher import AppOnlyURLFetcher
from sendplan.gc_pause import cyclic_gc_paused

PRINT_CSS = Path(__file__).resolve().parent / "static" / "reports" / "pack-print.css"
# PDF/UA-1 makes WeasyPrint tag the structure (headings, tables, figures with their
# alt text), set /MarkInfo /Marked, /Lang from <html lang>, DisplayDocTitle, and write
# the pdfuaid part into the XMP metadata.
PDF_VARIANT = "pdf/ua-1"


_UNCACHED_PAGE_REFERENCES = pydyf.PDF.page_references


def _cached_page_references(pdf):
    """pydyf's `PDF.page_references`, built once per page count instead of per call.

    pydyf (0.13) rebuilds the tuple of every page's reference each time it is read,
    and WeasyPrint's tagging reads it once per structure element (every cell,
    paragraph and span), so a tagged PDF cost pages × elements: for a 1,000-action
    pack, 122 pages × about 60,000 elements. The tuple only changes when a page is
    added (`add_page` extends `Kids`), so it is cached against the `Kids` list and
    its length and is always what pydyf would have returned.
    """
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get("_sendplan_page_references")
    if cached is None or cached[0] != key:
        cached = (key, _UNCACHED_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_sendplan_page_references"] = cached
    return cached[1]


pydyf.PDF.page_references = property(_cached_page_references)

# zlib's own default: 4-5 times faster than the level 9 pydyf asks for, for a PDF
# about 3% larger (a 1,000-action pack: about 1 s of CPU less).
PDF_COMPRESSION_LEVEL = 6


def _stream_data(stream):
    """pydyf's `Stream.data` (0.13), compressed at `PDF_COMPRESSION_LEVEL`, not 9.

    The same bytes before compression and the same dictionary (Filter, Length), so
    the PDF holds exactly what it held; only the deflate effort differs.
    """
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        compressor = zlib.compressobj(level=PDF_COMPRESSION_LEVEL)
        data = compressor.compress(data) + compressor.flush()
    extra["Length"] = len(data)
    return b"\n".join((extra.data, b"stream", data, b"endstream"))


_LEVEL_9_STREAM_DATA = pydyf.Stream.data
pydyf.Stream.data = property(_stream_data)


def pack_title(content):
    subject = content["board"]["name"] if content["board"] else content["borough"]["name"]
    return f"Board pack: {subject}, {content['period']['label']}"


def pack_author(content):
    if content["board"]:
        return f"{content['borough']['name']}, {content['board']['name']}"
    return content["borough"]["name"]


def pack_context(content, *, generated_at, chart_src):
    """The context the shared body template needs. `chart_src` maps chart name → src."""
    return {
        "content": content,
        "generated_at": generated_at,
        "charts": chart_src,
        # Only measures with a figure get a row; the rest are one line in Data quality.
        "measures": [
            (measure, chart_src.get(f"measure-{index}"))
            for index, measure in enumerate(content["measures"])
            if has_figures(measure)
        ],
        "measures_without_figures": sum(1 for m in content["measures"] if not has_figures(m)),
        "ratings": RATINGS,
        "movements": MOVEMENTS,
        "title": pack_title(content),
        "author": pack_author(content),
    }


def render_pack_html(content, *, generated_at):
    """The stand-alone HTML document the PDF is made from; charts are embedded."""
    charts = {name: as_data_uri(svg) for name, svg in pack_charts(content).items()}
    context = pack_context(content, generated_at=generated_at, chart_src=charts)
    context["stylesheet"] = print_css()
    return render_to_string("reports/pack/document.html", context)


def print_css():
    """The pack's print stylesheet, inlined so the stand-alone HTML file carries it."""
    return PRINT_CSS.read_text(encoding="utf-8")


def render_pdf(html, *, base_url=None):
    """WeasyPrint alone: HTML text in, PDF bytes out. It may fetch nothing but data:
    URIs and the app's own static files (reports/url_fetcher.py).

    The HTML carries the print stylesheet inline (`print_css()`), so the PDF and the
    stand-alone HTML file look alike. The running header and footer are made
    artifacts (reports.artifacts).
    """
    fetcher = AppOnlyURLFetcher()
    with cyclic_gc_paused():
        return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            finisher=artifact_margin_content,
        )


def render_cross_html(content, *, generated_at):
    """The cross-borough pack as a stand-alone HTML document (the PDF is made from it)."""
    names = ", ".join(s["borough"]["name"] for s in content["sections"])
    context = {
        "cross": content,
        "generated_at": generated_at,
        "ratings": RATINGS,
        "movements": MOVEMENTS,
        "title": f"Cross-borough pack, {content['period']['label']}",
        "author": names,
        "stylesheet": print_css(),
    }
    return render_to_string("reports/cross_borough_document.html", context)
