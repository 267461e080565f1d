"""The import preview page: what will happen to every row, and the links onwards.

Shared by the upload (views.py) and the grid (grid_views.py) steps. The file is
stashed server-side (storage.py) for the confirm, the mapping step and the grid.
"""

from django.shortcuts import render
from django.urls import reverse

from actions.models import RAGB
from actions.spreadsheets import storage
from actions.spreadsheets.columns import MAPPABLE
from actions.spreadsheets.layout import clean_layout, describe_layout

# Long previews list the rows that change; unchanged rows are then only counted.
LIST_UNCHANGED_UP_TO = 200
LIST_ROWS_UP_TO = 1000


def crumbs(borough, plan=None):
    crumbs = [{"label": "Home", "url": reverse("home")}]
    if plan is not None:
        crumbs.append({"label": plan.title, "url": reverse("plan_detail", args=[plan.pk])})
    return crumbs


def expired_page(request, plan, borough):
    """The stored upload is gone (or no longer reads): start the import again."""
    return render(
        request,
        "actions/spreadsheets/expired.html",
        {"plan": plan, "borough": borough, "breadcrumbs": crumbs(borough, plan)},
        status=400,
    )


def listed_rows(result):
    rows = result.rows
    if len(rows) > LIST_UNCHANGED_UP_TO:
        rows = [r for r in rows if r.outcome != "unchanged" or r.warnings]
    return rows[:LIST_ROWS_UP_TO]


def preview_context(result, *, token, plan, borough, notice=""):
    listed = listed_rows(result)
    counts = result.counts()
    return {
        "result": result,
        "counts": counts,
        "rows": listed,
        "unlisted": len(result.rows) - len(listed),
        "error_rows": result.errors[:20],
        "changes": sum(
            counts[k]["created"] + counts[k]["updated"]
            for k in ("priorities", "objectives", "actions")
        ),
        "token": token,
        "plan": plan,
        "borough": borough,
        "notice": notice,
        "breadcrumbs": crumbs(borough, plan),
        "column_choices": [("", "Leave it unread"), ("ignore", "Ignore it"), *MAPPABLE.items()],
        "word_choices": [("", "Leave it unmapped"), *RAGB.choices, ("not_rated", "Not rated")],
    }


def grid_url(plan, borough):
    """The grid step's address for an import into `plan`, or a new plan of `borough`."""
    if plan is not None:
        return reverse("plan_import_grid", args=[plan.pk])
    return reverse("borough_import_grid", args=[borough.slug])


def show_preview(
    request,
    *,
    result,
    data,
    filename,
    scope,
    title,
    clear_blanks,
    notice="",
    as_at=None,
    layout=None,
):
    """The preview page; the file is kept for the confirm and for the mapping step."""
    plan, borough = result.state.plan, result.state.borough
    plan = plan if plan.pk else None
    upload_name = filename
    token = ""
    if result.ok and result.has_changes:
        token = storage.stash(
            request,
            data=data,
            filename=upload_name,
            scope=scope,
            fingerprint=result.fingerprint(),
            title=title,
            options=storage.options(clear_blanks, as_at, layout, versions=result.versions()),
        )
    context = preview_context(result, token=token, plan=plan, borough=borough, notice=notice)
    if result.unknown_columns or result.unknown_words:
        context["mapping_token"] = storage.stash(
            request,
            data=data,
            filename=upload_name,
            scope=scope,
            fingerprint="",
            title=title,
            options=storage.options(clear_blanks, as_at, layout),
        )
    context["grid_url"] = grid_url(plan, borough)
    shown = clean_layout(layout) if layout else result.layout
    context["layout_lines"] = describe_layout(shown) if shown else []
    context["grid_token"] = storage.stash(
        request,
        data=data,
        filename=upload_name,
        scope=scope,
        fingerprint="",
        title=title,
        options=storage.options(clear_blanks, as_at),
    )
    return render(request, "actions/spreadsheets/preview.html", context)
