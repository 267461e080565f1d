"""Saving an action's form against the version it was opened at (no lost updates).

The status update and the action edit both carry the version they were opened at. A
stale save is refused (actions.services.StaleEdit): the form comes back with everything
the person typed, now carrying the current version so that saving again is a deliberate
choice, and the page says who changed what, from what to what, and when.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.formats import date_format

from actions import services
from actions.models import RAGB, LeadAgency
from actions.views.common import action_crumbs, editable_action

# The StaleEdit labels (actions.services.TRACKED_FIELDS), and the form field each sits in.
CONFLICT_FIELDS = {
    "Status": "status",
    "Narrative": "narrative",
    "Next steps": "next_steps",
    "Date of rating": "date",
    "Completed on": "completed_on",
    "Description": "description",
    "Timescale": "timescale",
    "Due date": "due_date",
    "Start date": "start_date",
    "Lead agency": "lead_agency",
}


def _shown(label, value):
    """A changed value as a person reads it."""
    if value in (None, ""):
        return "blank"
    if label == "Status":
        return RAGB(value).label
    if label == "Lead agency":
        return LeadAgency(value).label
    if hasattr(value, "year"):
        return date_format(value, "j F Y")
    text = str(value)
    return f"“{text[:200]}…”" if len(text) > 200 else f"“{text}”"


def describe_conflict(error, form):
    """What the refused person needs to know: who changed what, from what to what, when."""
    changes = [
        {
            "field": c["field"],
            "old": _shown(c["field"], c["old"]),
            "new": _shown(c["field"], c["new"]),
            "href": f"#{form[CONFLICT_FIELDS[c['field']]].anchor}"
            if CONFLICT_FIELDS.get(c["field"]) in form.fields
            else "",
        }
        for c in error.changes
    ]
    if error.changes:
        by, at = error.changes[0]["by"], error.changes[0]["at"]
    else:
        # Only untracked fields changed (owners, tags): still say who and when.
        latest = error.action.history.select_related("history_user").first()
        user = latest.history_user if latest else None
        by = (user.get_full_name() or user.get_username()) if user else "Someone"
        at = latest.history_date if latest else None
    return {"by": by, "at": at, "changes": changes}


def versioned_page(request, pk, *, form_class, save, done, template):
    """The page of a form that edits an action against the version it was opened at.

    `save(request, action, form)` makes the write; `done` is the success message.
    """
    action = editable_action(request, pk)
    form, conflict = form_class(action=action), None
    if request.method == "POST":
        form = form_class(request.POST, action=action)
        if form.is_valid():
            try:
                save(request, action, form)
            except services.StaleEdit as error:
                fresh = editable_action(request, action.pk)
                conflict = describe_conflict(error, form)
                form = form.with_version(error.action.version, action=fresh)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, done)
                return redirect("action_detail", pk=action.pk)
        action = form.action
    context = {
        "action": action,
        "form": form,
        "conflict": conflict,
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, template, context)
