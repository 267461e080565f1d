"""The public progress pages: no sign-in, no cookies, cacheable by a council's CDN.

Every page here answers 404 for a plan whose page is off (or never was), the same as for
one that does not exist. Each carries `Cache-Control: public` with an ETag and a
Last-Modified (reports.public.selectors.version_of), so a conditional request is answered
304 without building the page.
"""

import json

from django.http import HttpResponse, JsonResponse
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


@public
def public_plan(request, borough, plan):
    found, _ = _plan(request, borough, plan)
    context = page_context(request, found, public_content(found))
    return render(request, "reports/public/plan.html", context)


@public
def public_csv(request, borough, plan):
    found, _ = _plan(request, borough, plan)
    response = HttpResponse(
        opendata.as_csv(public_content(found)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{borough}-{plan}.csv"'
    return response


@public
def public_json(request, borough, plan):
    found, _ = _plan(request, borough, plan)
    return JsonResponse(public_content(found), json_dumps_params={"ensure_ascii": False})


@public
def public_datapackage(request, borough, plan):
    found, _ = _plan(request, borough, plan)
    page = request.build_absolute_uri(reverse("public_plan", args=[borough, plan]))
    descriptor = opendata.descriptor(
        public_content(found),
        csv_url=DOWNLOAD_NAMES["csv"],
        json_url=DOWNLOAD_NAMES["json"],
        page_url=page,
    )
    return HttpResponse(
        json.dumps(descriptor, indent=2, ensure_ascii=False),
        content_type="application/json",
    )
