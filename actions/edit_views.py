"""The officer-facing write pages: status updates, action edits, milestones and measures,
and plan structure.

Each view fetches what it changes through boroughs.permissions.get_scoped_or_404, so
another borough's object answers 404 and a role too low answers 403, on GET and POST
alike. Forms check input; actions/services.py makes every write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from actions import services
from actions.forms.action_edit import ActionCreateForm, ActionEditForm
from actions.forms.milestones import MeasureValueForm, MilestoneForm
from actions.forms.status import StatusUpdateForm
from actions.forms.structure import ObjectiveForm, PriorityForm
from actions.models import RAGB, Action, LeadAgency, Milestone, Objective, Plan, Priority
from actions.models import SuccessMeasure as Measure
from boroughs.models import Role
from boroughs.permissions import get_scoped_or_404

GET_POST = require_http_methods(["GET", "POST"])


def _action(request, pk, role=Role.EDITOR):
    return get_scoped_or_404(
        Action.objects.select_related("plan__borough", "priority"),
        request.user,
        field="plan__borough",
        role=role,
        pk=pk,
    )


def _crumbs(*pairs):
    return [{"label": label, "url": url} for label, url in pairs]


def _action_crumbs(action):
    return _crumbs(
        ("Home", reverse("home")),
        (action.plan.title, reverse("plan_detail", args=[action.plan_id])),
        (f"Action {action.reference}", reverse("action_detail", args=[action.pk])),
    )


def _add_service_errors(form, error):
    """Show a service's refusal on the form: on its field if the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- Conflicts (no lost updates) --------------------------------------------------------

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


def _conflict(error, form):
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


def _versioned_post(request, action, form_class, save, success_message):
    """Handle a form that edits an action against the version it was opened at.

    A stale save is refused: the form comes back with everything the person typed,
    now carrying the current version so that saving again is a deliberate choice.
    """
    form = form_class(request.POST, action=action)
    if not form.is_valid():
        return form, None
    try:
        save(form)
    except services.StaleEdit as error:
        fresh = _action(request, action.pk)
        conflict = _conflict(error, form)
        return form.with_version(error.action.version, action=fresh), conflict
    except ValidationError as error:
        _add_service_errors(form, error)
        return form, None
    messages.success(request, success_message)
    return None, None


@login_required
@GET_POST
def action_update_status(request, pk):
    action = _action(request, pk)
    form, conflict = StatusUpdateForm(action=action), None
    if request.method == "POST":

        def save(form):
            data = form.cleaned_data
            services.action_update_status(
                action=action,
                user=request.user,
                status=data["status"],
                narrative=data["narrative"],
                next_steps=data["next_steps"],
                date=data["date"],
                completed_on=data["completed_on"],
                expected_version=data["version"],
            )

        form, conflict = _versioned_post(request, action, StatusUpdateForm, save, "Status updated")
        if form is None:
            return redirect("action_detail", pk=action.pk)
        action = form.action
    return render(
        request,
        "actions/forms/status_update.html",
        {
            "action": action,
            "form": form,
            "conflict": conflict,
            "breadcrumbs": _action_crumbs(action),
        },
    )


@login_required
@GET_POST
def action_edit(request, pk):
    action = _action(request, pk)
    form, conflict = ActionEditForm(action=action), None
    if request.method == "POST":

        def save(form):
            services.action_edit(
                action=action,
                user=request.user,
                expected_version=form.cleaned_data["version"],
                **form.service_fields(),
            )

        form, conflict = _versioned_post(request, action, ActionEditForm, save, "Action updated")
        if form is None:
            return redirect("action_detail", pk=action.pk)
        action = form.action
    return render(
        request,
        "actions/forms/action_edit.html",
        {
            "action": action,
            "form": form,
            "conflict": conflict,
            "breadcrumbs": _action_crumbs(action),
        },
    )


# --- Milestones and measures -----------------------------------------------------------


@login_required
@GET_POST
def milestone_add(request, pk):
    action = _action(request, pk)
    form = MilestoneForm(request.POST or None, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(action=action, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Milestone added")
            return redirect("action_detail", pk=action.pk)
    context = {
        "action": action,
        "form": form,
        # Listed here with a button each, so a milestone can be ticked off without JavaScript.
        "milestones": action.milestones.order_by("due_date", "position"),
        "breadcrumbs": _action_crumbs(action),
    }
    return render(request, "actions/forms/milestone_add.html", context)


@login_required
@require_POST
def milestone_achieve(request, pk):
    milestone = get_scoped_or_404(
        Milestone.objects.select_related("action"),
        request.user,
        field="action__plan__borough",
        role=Role.EDITOR,
        pk=pk,
    )
    services.milestone_achieve(milestone=milestone, user=request.user)
    messages.success(request, f"Milestone achieved: {milestone.title}")
    return redirect("action_detail", pk=milestone.action_id)


@login_required
@GET_POST
def measure_value_add(request, pk):
    measure = get_scoped_or_404(
        Measure.objects.select_related("plan__borough", "priority"),
        request.user,
        field="plan__borough",
        role=Role.EDITOR,
        pk=pk,
    )
    form = MeasureValueForm(request.POST or None, measure=measure)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_value_add(measure=measure, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, "Value added")
            return redirect("plan_detail", pk=measure.plan_id)
    last = measure.values.order_by("-date").first()
    crumbs = _crumbs(
        ("Home", reverse("home")),
        (measure.plan.title, reverse("plan_detail", args=[measure.plan_id])),
    )
    context = {"measure": measure, "form": form, "last": last, "breadcrumbs": crumbs}
    return render(request, "actions/forms/measure_value_add.html", context)


# --- Plan structure (borough admins) -------------------------------------------------------


def _plan_crumbs(plan, *, structure=True):
    pairs = [("Home", reverse("home")), (plan.title, reverse("plan_detail", args=[plan.pk]))]
    if structure:
        pairs.append(("Structure", reverse("plan_structure", args=[plan.pk])))
    return _crumbs(*pairs)


@login_required
@require_http_methods(["GET"])
def plan_structure(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    priorities = (
        plan.priorities.order_by("position")
        .annotate(action_count=Count("actions"))
        .prefetch_related("objectives")
    )
    context = {
        "plan": plan,
        "priorities": priorities,
        "breadcrumbs": _plan_crumbs(plan, structure=False),
    }
    return render(request, "actions/forms/plan_structure.html", context)


def _level_page(request, *, form, parent_plan, save, heading, done, success_url):
    """One add-or-edit page for a priority or an objective."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(success_url)
    context = {
        "plan": parent_plan,
        "form": form,
        "heading": heading,
        "breadcrumbs": _plan_crumbs(parent_plan),
    }
    return render(request, "actions/forms/level_form.html", context)


def _priority(request, pk):
    return get_scoped_or_404(
        Priority.objects.select_related("plan__borough"),
        request.user,
        field="plan__borough",
        role=Role.ADMIN,
        pk=pk,
    )


def _level_fields(data):
    return {k: data[k] for k in ("number", "title", "description", "position")}


@login_required
@GET_POST
def priority_add(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    return _level_page(
        request,
        form=PriorityForm(request.POST or None, plan=plan),
        parent_plan=plan,
        save=lambda d: services.priority_create(plan=plan, user=request.user, **_level_fields(d)),
        heading=f"Add a {plan.priority_label.lower()}",
        done=f"{plan.priority_label} added",
        success_url=reverse("plan_structure", args=[plan.pk]),
    )


@login_required
@GET_POST
def priority_edit(request, pk):
    priority = _priority(request, pk)
    plan = priority.plan

    def save(data):
        fields = _level_fields(data)
        if fields["position"] is None:
            fields["position"] = priority.position
        services.priority_update(priority=priority, user=request.user, **fields)

    return _level_page(
        request,
        form=PriorityForm(request.POST or None, plan=plan, instance=priority),
        parent_plan=plan,
        save=save,
        heading=f"Edit {plan.priority_label.lower()} {priority.number}".strip(),
        done=f"{plan.priority_label} updated",
        success_url=reverse("plan_structure", args=[plan.pk]),
    )


@login_required
@GET_POST
def objective_add(request, pk):
    priority = _priority(request, pk)
    plan = priority.plan
    return _level_page(
        request,
        form=ObjectiveForm(request.POST or None, priority=priority),
        parent_plan=plan,
        save=lambda d: services.objective_create(
            priority=priority, user=request.user, **_level_fields(d)
        ),
        heading=f"Add a {plan.objective_label.lower()} to {plan.priority_label.lower()} "
        f"{priority.number}".strip(),
        done=f"{plan.objective_label} added",
        success_url=reverse("plan_structure", args=[plan.pk]),
    )


@login_required
@GET_POST
def objective_edit(request, pk):
    objective = get_scoped_or_404(
        Objective.objects.select_related("priority__plan__borough"),
        request.user,
        field="priority__plan__borough",
        role=Role.ADMIN,
        pk=pk,
    )
    plan = objective.priority.plan

    def save(data):
        fields = _level_fields(data)
        if fields["position"] is None:
            fields["position"] = objective.position
        services.objective_update(objective=objective, user=request.user, **fields)

    return _level_page(
        request,
        form=ObjectiveForm(request.POST or None, priority=objective.priority, instance=objective),
        parent_plan=plan,
        save=save,
        heading=f"Edit {plan.objective_label.lower()} {objective.number}".strip(),
        done=f"{plan.objective_label} updated",
        success_url=reverse("plan_structure", args=[plan.pk]),
    )


@login_required
@GET_POST
def action_add(request, pk):
    priority = _priority(request, pk)
    plan = priority.plan
    form = ActionCreateForm(request.POST or None, priority=priority)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = services.action_create(
                plan=plan,
                priority=priority,
                user=request.user,
                reference=data["reference"],
                description=data["description"],
                objective=data.get("objective"),
                owners=list(data["owners"]),
                lead_agency=data["lead_agency"],
                timescale=data["timescale"],
                due_date=data["due_date"],
                start_date=data["start_date"],
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, f"Action {action.reference} added")
            return redirect("action_detail", pk=action.pk)
    context = {
        "plan": plan,
        "priority": priority,
        "form": form,
        "breadcrumbs": _plan_crumbs(plan),
    }
    return render(request, "actions/forms/action_add.html", context)
