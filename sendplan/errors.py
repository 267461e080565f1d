"""Branded error pages that Django draws itself: a refused form (CSRF) and 500.

A form refused for its CSRF token (the cookie was lost, or the page was open through a
sign-in elsewhere) comes back with what was typed, shown, and a "Send it again" button
carrying a fresh token. It is offered only when the browser says the form came from
this site (the Origin or Referer header), so a form posted from another site is never
turned into one click on ours; nothing is sent again without that press.
"""

from urllib.parse import urlsplit

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

NOT_KEPT = {"csrfmiddlewaretoken"}
MAX_BYTES = 100_000

# What a kept form's fields are called on screen; the buttons pressed are not shown.
LABELS = {
    "status": "Rating",
    "narrative": "Narrative",
    "next_steps": "Next steps",
    "completed_on": "Date completed",
    "date": "Date of this update",
    "comment": "Comment",
    "decision": "Decision",
}
BUTTONS = {"next", "stay", "approve_next"}
DATE_PARTS = ("_day", "_month", "_year")
# Callables (request, prefix) -> a row's name ("Action 1.2") or None: a bulk form's
# rows are prefixed "a<pk>"; the actions app registers the one that names them.
PREFIX_NAMERS = []


def _row_name(request, prefix):
    for namer in PREFIX_NAMERS:
        name = namer(request, prefix)
        if name:
            return name
    return None


def shown_fields(fields, request=None):
    """[{"label", "value"}] for a kept form, as a person reads it: "Action 1.2: Rating",
    "Red"; a date's three boxes as one; versions, tokens and buttons left out."""
    shown, dates = [], {}
    for name, value in fields:
        prefix, _, base = name.rpartition("-")
        part = next((p for p in DATE_PARTS if base.endswith(p)), None)
        if part:
            base = base.removesuffix(part)
        if base in BUTTONS or base.endswith("version") or _secret(base) or not value.strip():
            continue
        label = LABELS.get(base, base.replace("_", " ").capitalize())
        row = _row_name(request, prefix) if prefix else None
        label = f"{row or 'Row ' + prefix}: {label}" if prefix else label
        if part:
            if label not in dates:
                dates[label] = {"label": label, "value": ""}
                shown.append(dates[label])
            dates[label]["value"] = f"{dates[label]['value']} {value.strip()}".strip()
            continue
        shown.append({"label": label, "value": value.capitalize() if base == "status" else value})
    for entry in dates.values():
        entry["value"] = entry["value"].replace(" ", "/")
    return shown


def _secret(name):
    """Passwords and one-time codes are never written back into a page."""
    name = name.lower()
    return "password" in name or "token" in name or name.endswith(("otp", "code"))


def _from_this_site(request):
    source = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return bool(source) and urlsplit(source).netloc == request.get_host()


def _typed(request):
    if request.method != "POST" or request.FILES or not _from_this_site(request):
        return []
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in NOT_KEPT and not _secret(name)
        for value in values
    ]
    if sum(len(value) for _, value in fields) > MAX_BYTES:
        return []
    return fields


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: say what happened in plain words, and keep the typed text."""
    fields = _typed(request)
    context = {
        "fields": fields,
        "shown": shown_fields(fields, request),
        "action_url": request.get_full_path(),
    }
    return render(request, "403_csrf.html", context, status=403)


@requires_csrf_token
def server_error(request):
    """handler500: the branded page, drawn without the database or the signed-in layout."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))
