"""What the officer-facing write pages share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.models import Action
from boroughs.models import Role
from boroughs.permissions import by_pk, get_by_pk_or_404

GET_POST = require_http_methods(["GET", "POST"])


# The status form's page and its post, the milestones' and measures' pages: compiled once.
_EDITABLE_ACTION = by_pk(lambda: Action.objects.select_related("plan__borough", "priority"))


def editable_action(request, pk, role=Role.EDITOR):
    return get_by_pk_or_404(_EDITABLE_ACTION, request.user, pk, role=role)


def crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


def action_crumbs(action):
    return crumbs(
        ("Home", reverse("home")),
        (action.plan.title, reverse("plan_detail", args=[action.plan_id])),
        (f"Action {action.reference}", reverse("action_detail", args=[action.pk])),
    )


def save_form(request, form, save, done):
    """On a POST of a valid form, `save(cleaned_data)` (a service call); its result or None.

    A service's refusal (ValidationError) is shown on the form and None returned, so the
    page is drawn again with the input kept. `done` is the success message, or a
    function wording it from what was saved.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        form.add_service_errors(error)
        return None
    messages.success(request, done(saved) if callable(done) else done)
    return saved
