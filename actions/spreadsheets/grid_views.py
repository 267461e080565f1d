"""The grid step of an import: the admin says how the file is laid out.

Reached when the import cannot place a file's table by itself (reader.NoTable), and
from every preview ("Change how this file is read"). The file is the one stored for
the preview (storage.py); the choices become the borough's layout for the plan
(services.save_import_layout) and the same file is checked again with it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from actions.models import ImportLayout, Plan
from actions.spreadsheets import storage
from actions.spreadsheets.columns import MAPPABLE
from actions.spreadsheets.grid import layout_from_post
from actions.spreadsheets.isolated import read_grid_isolated
from actions.spreadsheets.layout import _letters
from actions.spreadsheets.preview_page import crumbs, expired_page, show_preview
from actions.spreadsheets.services import (
    NoTable,
    UnreadableFile,
    preview_import,
    save_import_layout,
)
from boroughs.models import Borough, Role
from boroughs.permissions import get_scoped_or_404

COLUMN_CHOICES = [("auto", "As found"), ("ignore", "Ignore it"), *MAPPABLE.items()]
ROW_CHOICES = [
    ("", "A row"),
    ("priority", "Priority heading"),
    ("objective", "Objective heading"),
    ("context", "Context (kept on the priority)"),
]


def _context(request, *, sheets, token, plan, borough, error="", layout_name=""):
    shown = []
    for index, sheet in enumerate(sheets):
        merged = {(r1, c1): c2 - c1 + 1 for (r1, c1), (_, c2) in sheet.merged}
        rows = [
            {
                "number": number,
                "cells": [
                    {"text": text, "span": merged.get((number, column), 1)}
                    for column, text in enumerate(cells)
                ],
            }
            for number, cells in enumerate(sheet.rows, start=1)
        ]
        columns = [(c, _letters(c)) for c in range(sheet.width)]
        shown.append({"index": index, "name": sheet.name, "rows": rows, "columns": columns})
    default_name = f"{plan.title} layout" if plan else f"{borough.name} layout"
    return {
        "sheets": shown,
        "token": token,
        "plan": plan,
        "borough": borough,
        "error": error,
        "layout_name": layout_name or default_name,
        "column_choices": COLUMN_CHOICES,
        "row_choices": ROW_CHOICES,
        "breadcrumbs": crumbs(borough, plan),
    }


def _grid(request, *, scope, plan, borough):
    token = request.POST.get("token") or request.GET.get("token", "")
    stored = storage.retrieve(request, token, scope)
    if stored is None:
        return expired_page(request, plan, borough)
    data, entry = stored
    try:
        sheets = read_grid_isolated(data)
    except UnreadableFile:
        return expired_page(request, plan, borough)
    template = "actions/spreadsheets/grid.html"
    if request.method == "GET":
        context = _context(request, sheets=sheets, token=token, plan=plan, borough=borough)
        return render(request, template, context)
    name = " ".join(request.POST.get("layout_name", "").split())[:200]
    layout = layout_from_post(request.POST, sheets)
    layout["name"] = name or f"{(plan or borough).__str__()} layout"
    options = entry.get("options", {})
    try:
        result = preview_import(
            **storage.import_arguments(data, entry, borough=borough, plan=plan, layout=layout)
        )
    except (NoTable, UnreadableFile):
        context = _context(
            request,
            sheets=sheets,
            token=token,
            plan=plan,
            borough=borough,
            error="Choose the row that holds the column headings, and which column "
            "holds the actions.",
            layout_name=name,
        )
        return render(request, template, context, status=400)
    saved = save_import_layout(
        borough=borough, plan=plan, name=layout["name"], layout=layout, user=request.user
    )
    storage.discard(request, token)
    return show_preview(
        request,
        result=result,
        data=data,
        filename=entry["filename"],
        scope=scope,
        title=entry.get("title", ""),
        clear_blanks=options.get("clear_blanks", False),
        as_at=storage.as_at(options),
        layout=layout,
        notice=f"Saved the layout “{saved.name}”: this plan's next file is read the same way.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_import_grid(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    return _grid(request, scope=f"plan:{plan.pk}", plan=plan, borough=plan.borough)


@login_required
@require_http_methods(["GET", "POST"])
def borough_import_grid(request, slug):
    borough = get_scoped_or_404(Borough.objects, request.user, role=Role.ADMIN, slug=slug)
    return _grid(request, scope=f"borough:{borough.pk}", plan=None, borough=borough)


__all__ = ["ImportLayout", "borough_import_grid", "plan_import_grid"]
