"""A borough's dashboard (charts with their tables) and search across plans, actions and packs.

They live in reports/ because they read from every layer below it: plans and actions,
boards and meetings, and board packs. Every queryset is scoped to the user's boroughs.
"""

import hashlib
import json

import pygal
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from actions import ragb
from actions import selectors as action_selectors
from actions.models import Action, Milestone
from actions.rows import action_rows
from boroughs import permissions
from boroughs.models import Borough
from governance import round_selectors
from governance import selectors as governance_selectors
from governance.round_rows import round_progress_light
from reports import selectors
from reports.charts import FONT, as_data_uri
from reports.models import PackStatus
from sendplan.periods import ReportingPeriod

# The order of a RAGB bar, and the colour of each segment.
RATINGS = [
    ("red", "Red"),
    ("amber", "Amber"),
    ("green", "Green"),
    ("blue", "Blue"),
    ("", "Not rated"),
]
SEARCH_LIMIT = 25
MIN_QUERY = 2
# A drawn chart is kept for a day; its key is everything it draws, so it never goes stale.
CHART_CACHE_SECONDS = 24 * 60 * 60


def _ragb_chart(rows):
    """The chart's SVG as a data URI, drawn once per set of labels and counts.

    pygal spends about 10 ms of CPU on a few bars, and the chart depends only on the
    plans' (shortened) titles and counts, so it is kept in Django's cache under a hash
    of exactly those: a changed count or title is a new key, and nothing is invalidated.
    """
    drawn = [
        (Truncator(row["title"]).chars(40), [row["counts"][status] for status, _ in RATINGS])
        for row in rows
    ]
    digest = hashlib.sha256(json.dumps(drawn).encode("utf-8")).hexdigest()
    key = f"dashboard-ragb-chart:v1:{digest}"
    chart = cache.get(key)
    if chart is None:
        chart = _draw_ragb_chart(drawn)
        cache.set(key, chart, CHART_CACHE_SECONDS)
    return chart


def _draw_ragb_chart(drawn):
    """A horizontal stacked bar per plan; the page shows the same figures as a table."""
    style = pygal.style.Style(
        background="white",
        plot_background="white",
        foreground="#0b0c0c",
        foreground_strong="#0b0c0c",
        foreground_subtle="#505a5f",
        colors=tuple(ragb.FILL_COLOURS[status] for status, _ in RATINGS),
        font_family=FONT,
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=14,
    )
    chart = pygal.HorizontalStackedBar(
        js=[],
        disable_xml_declaration=True,
        width=760,
        height=max(200, 80 + 44 * len(drawn)),
        style=style,
        legend_at_bottom=True,
        legend_at_bottom_columns=5,
        show_y_guides=False,
        truncate_label=-1,
    )
    drawn = list(reversed(drawn))  # pygal draws the first label at the bottom
    # Labels are shortened (by the caller): pygal sizes its margins from them, and an
    # x title with labels too long for the width sends its line splitting into a loop.
    chart.x_labels = [title for title, _ in drawn]
    for index, (_, label) in enumerate(RATINGS):
        chart.add(label, [counts[index] for _, counts in drawn])
    return as_data_uri(chart.render(is_unicode=True))


@require_GET
@login_required
def borough_dashboard(request, slug):
    borough = permissions.get_scoped_or_404(Borough.objects.all(), request.user, slug=slug)
    today = timezone.localdate()
    period = ReportingPeriod.containing(today)
    plans = list(
        action_selectors.plans_with_ragb_counts(request.user, borough_ids=[borough.pk]).exclude(
            status="closed"
        )
    )
    rows = []
    totals = {status: 0 for status, _ in RATINGS}
    for plan in plans:
        counts = {status: count for status, _, count in action_selectors.ragb_counts_list(plan)}
        for status in totals:
            totals[status] += counts[status]
        rows.append(
            {"plan": plan, "title": plan.title, "counts": counts, "total": sum(counts.values())}
        )
    in_borough = action_selectors.actions_for_user(request.user).filter(plan__borough=borough)
    open_plans = in_borough.exclude(plan__status="closed")
    context = {
        "borough": borough,
        "period": period,
        "ratings": RATINGS,
        "rows": [
            {**row, "cells": [row["counts"][status] for status, _ in RATINGS]} for row in rows
        ],
        "totals": [totals[status] for status, _ in RATINGS],
        "total": sum(totals.values()),
        "chart": _ragb_chart(rows) if rows else None,
        "overdue": open_plans.overdue(today).count(),
        "undated": open_plans.without_due_date().count(),
        **_round_progress(borough, today),
        "not_rated": open_plans.not_rated_since(period.start).count(),
        "milestones_overdue": Milestone.objects.filter(action__in=open_plans)
        .overdue(today)
        .count(),
        "next_meeting": governance_selectors.next_meeting(borough, today),
        "latest_pack": selectors.latest_pack(request.user, borough),
        "today": today,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    return render(request, "reports/dashboard.html", context)


def _round_progress(borough, today):
    """The open round's progress, in total and per priority (as on the round's page)."""
    reporting_round = round_selectors.open_round_for(borough)
    if reporting_round is None:
        return {"round": None}
    rows = round_progress_light(reporting_round, today=today)
    return {
        "round": reporting_round,
        "round_summary": round_selectors.progress_summary(rows),
        "round_priorities": round_selectors.priority_progress(rows),
    }


@require_GET
@login_required
def search(request):
    """Plans, actions and ready packs in the user's boroughs that match the words typed."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    results = {"plans": [], "actions": [], "packs": [], "action_count": 0}
    error = None
    if request.GET.get("q") is not None and len(query) < MIN_QUERY:
        error = f"Enter at least {MIN_QUERY} characters to search for"
    elif query:
        results = _search(request.user, query)
    context = {
        "query": query,
        "error": error,
        "today": timezone.localdate(),
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
        **results,
    }
    return render(request, "reports/search.html", context, status=400 if error else 200)


def _search(user, query):
    plans = action_selectors.plans_for_user(user).filter(
        Q(title__icontains=query) | Q(description__icontains=query)
    )
    owned_by = Action.owners.through.objects.filter(person__name__icontains=query)
    actions = action_selectors.actions_for_user(user).filter(
        Q(reference__iexact=query)
        | Q(description__icontains=query)
        | Q(status_narrative__icontains=query)
        | Q(id__in=owned_by.values("action_id"))
    )
    packs = selectors.packs_for_user(user).filter(status=PackStatus.READY)
    try:
        period = ReportingPeriod.parse(query)
    except ValueError:
        packs = packs.filter(Q(board__name__icontains=query) | Q(borough__name__icontains=query))
    else:
        packs = packs.filter(period_year=period.year, period_quarter=period.quarter)
    return {
        "plans": list(plans.order_by("borough__name", "title")[:SEARCH_LIMIT]),
        "actions": action_rows(
            actions.order_by("plan__borough__name", "plan__title", "position", "id")[:SEARCH_LIMIT],
            today=timezone.localdate(),
        ),
        "action_count": actions.count(),
        "packs": list(
            packs.order_by("-period_year", "-period_quarter", "-generated_at")[:SEARCH_LIMIT]
        ),
    }
