"""The public progress pages: no sign-in, no cookies, cacheable by a council's CDN.

Every page here answers 404 for a plan whose page is off (or never was), the same as for
one that does not exist. Each carries `Cache-Control: public` with an ETag and a
Last-Modified (reports.public.selectors.version_of), so a conditional request is answered
304 without building the page. Each worker also keeps what it built under that ETag for
MAX_AGE seconds (Django's cache): a new version has a new ETag, so it is never served
stale; the time limit bounds what the ETag does not cover (reloaded national figures),
as the CDN's max-age does.
"""

import json

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_GET

from reports.public import opendata, selectors
from reports.public.content import public_content

MAX_AGE = 300
DOWNLOAD_NAMES = {"csv": "data.csv", "json": "data.json"}


def _plan(request, borough, plan):
    """The published plan and its version, read once per request."""
    if not hasattr(request, "_public_plan"):
        found = selectors.published_plan_or_404(borough, plan)
        request._public_plan = (found, selectors.version_of(found))
    return request._public_plan


def _etag(request, borough, plan):
    return _plan(request, borough, plan)[1][0]


def _last_modified(request, borough, plan):
    return _plan(request, borough, plan)[1][1]


def public(view):
    """GET only, 404 unless published, conditional, cacheable by anyone."""
    cached = cache_control(public=True, max_age=MAX_AGE)(view)
    return require_GET(condition(etag_func=_etag, last_modified_func=_last_modified)(cached))


def page_context(request, plan, content, *, preview=False):
    base = reverse("public_plan", args=[plan.borough.slug, plan.slug])
    return {
        "plan": plan,
        "content": content,
        "preview": preview,
        "page_url": request.build_absolute_uri(base),
        "csv_url": base + "data.csv",
        "json_url": base + "data.json",
        "datapackage_url": base + "datapackage.json",
        "feed_url": base + "feed.atom",
    }


def kept(request, borough, plan, kind, build):
    """`build(plan, last final round's id)`'s text for this version of the plan, built
    once per worker (the feed's too)."""
    found, (etag, _, final_id) = _plan(request, borough, plan)
    key = f"public:{kind}:{found.pk}:{etag}:{request.get_host()}"
    text = cache.get(key)
    if text is None:
        text = build(found, final_id)
        cache.set(key, text, MAX_AGE)
    return text


def _built(request, borough, plan, kind, build):
    """`build(plan, content)`'s text, from the page's content, kept as `kept` keeps it."""
    return kept(
        request,
        borough,
        plan,
        kind,
        lambda found, final_id: build(found, public_content(found, final_id)),
    )


@public
def public_plan(request, borough, plan):
    def build(found, content):
        context = page_context(request, found, content)
        return render(request, "reports/public/plan.html", context).content

    return HttpResponse(_built(request, borough, plan, "page", build))


@public
def public_csv(request, borough, plan):
    text = _built(request, borough, plan, "csv", lambda found, content: opendata.as_csv(content))
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{borough}-{plan}.csv"'
    return response


@public
def public_json(request, borough, plan):
    def build(found, content):
        return json.dumps(content, ensure_ascii=False)

    return HttpResponse(
        _built(request, borough, plan, "json", build), content_type="application/json"
    )


@public
def public_datapackage(request, borough, plan):
    page = request.build_absolute_uri(reverse("public_plan", args=[borough, plan]))

    def build(found, content):
        descriptor = opendata.descriptor(
            content,
            csv_url=DOWNLOAD_NAMES["csv"],
            json_url=DOWNLOAD_NAMES["json"],
            page_url=page,
        )
        return json.dumps(descriptor, indent=2, ensure_ascii=False)

    return HttpResponse(
        _built(request, borough, plan, "datapackage", build), content_type="application/json"
    )
