"""The action pages: the action list (and its CSV, with the same filters) and an action."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from actions import detail_reads, ragb, selectors
from actions.filters import ActionFilterForm
from actions.rows import action_rows
from actions.spreadsheets.safety import neutralise
from actions.timeline import build_timeline
from boroughs import permissions

PAGE_SIZE = 50


def _filter_form(request):
    return ActionFilterForm(
        request.GET,
        boroughs=permissions.user_boroughs(request),
        current_borough=permissions.current_borough(request),
        user=request.user,
        today=timezone.localdate(),
    )


def _filtered_actions(request):
    form = _filter_form(request)
    form.is_valid()  # Invalid filters are reported on the page; the valid ones still apply.
    return form, form.filter(selectors.actions_for_user(request.user))


@login_required
def action_list(request):
    form, actions = _filtered_actions(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "page_obj": page,
        "actions": action_rows(page.object_list, today=today, words=25),
        "show_borough": len(permissions.user_boroughs(request)) > 1,
        "querystring": form.querystring(),
        "sort_headers": form.sort_headers(),
        "csv_url": reverse("action_export_csv") + "?" + form.querystring(),
        "today": today,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    return render(request, "actions/action_list.html", context)


CSV_COLUMNS = [
    "Borough",
    "Plan",
    "Priority",
    "Objective",
    "Reference",
    "Description",
    "Lead agency",
    "Owners",
    "Timescale",
    "Due date",
    "Start date",
    "Completed on",
    "Status",
    "Rated on",
    "Narrative",
    "Next steps",
    "Tags",
]


def _csv_row(action):
    return [
        action.plan.borough.name,
        action.plan.title,
        str(action.priority),
        str(action.objective) if action.objective else "",
        action.reference,
        action.description,
        action.get_lead_agency_display(),
        "; ".join(str(person) for person in action.owners.all()),
        action.timescale,
        action.due_date.isoformat() if action.due_date else "",
        action.start_date.isoformat() if action.start_date else "",
        action.completed_on.isoformat() if action.completed_on else "",
        ragb.label(action.status),
        action.status_date.isoformat() if action.status_date else "",
        action.status_narrative,
        action.next_steps,
        "; ".join(tag.name for tag in action.tags.all()),
    ]


@login_required
def action_export_csv(request):
    """The action list, with the same filters, as a spreadsheet-safe CSV."""
    _, actions = _filtered_actions(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="actions.csv"'
    # A byte-order mark, so Excel reads the file as UTF-8 (names such as "Zoë").
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for action in actions:
        writer.writerow([neutralise(cell) for cell in _csv_row(action)])
    return response


# The page opened most after home: fetched through SQL compiled once a process.
_ACTION = permissions.by_pk(selectors.action_detail_queryset)


@login_required
def action_detail(request, pk):
    action = permissions.get_by_pk_or_404(_ACTION, request.user, pk)
    plan = action.plan
    flags = permissions.role_flags(request.user, plan.borough_id)
    links = detail_reads.action_links(action)
    today = timezone.localdate()
    owners, tags = detail_reads.owners_and_tags(action)
    context = {
        "milestones": detail_reads.milestones_of(action, today=today),
        "owners": owners,
        "tags": tags,
        "action": action,
        "plan": plan,
        "status_meaning": ragb.meaning(action.status),
        "timeline": build_timeline(action),
        "edit_links": _edit_links(action, links["measures"] + links["action_measures"], flags),
        "today": today,
        "breadcrumbs": [
            {"label": "Home", "url": reverse("home")},
            {"label": plan.title, "url": reverse("plan_detail", args=[plan.pk])},
        ],
        **links,
        **flags,
    }
    return render(request, "actions/action_detail.html", context)


def _edit_links(action, measures, flags):
    """The write pages for this action, for those who may use them.

    A link is None when the user's role does not allow it, and the template shows only
    the links that are set.
    """
    can_edit = flags["can_edit"]
    for measure in measures:
        measure.add_value_url = (
            reverse("measure_value_add", args=[measure.pk]) if can_edit else None
        )
    if not can_edit:
        return {
            "update_status": None,
            "edit": None,
            "milestone_add": None,
            "ask_board": None,
            "board_outcome": None,
        }
    return {
        "update_status": reverse("action_update_status", args=[action.pk]),
        "ask_board": reverse("action_ask_board", args=[action.pk]),
        "board_outcome": reverse("action_board_outcome", args=[action.pk]),
        "edit": reverse("action_edit", args=[action.pk]),
        "milestone_add": reverse("milestone_add", args=[action.pk]),
    }
