"""A plan's structure (borough admins): its priorities and objectives, and new actions."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions import services, structure_services
from actions.forms.action_edit import ActionCreateForm
from actions.forms.structure import ObjectiveForm, PriorityForm
from actions.models import Objective, Plan, Priority
from actions.views.common import GET_POST, crumbs, save_form
from boroughs.models import Role
from boroughs.permissions import get_scoped_or_404


def _plan_crumbs(plan, *, structure=True):
    pairs = [("Home", reverse("home")), (plan.title, reverse("plan_detail", args=[plan.pk]))]
    if structure:
        pairs.append(("Structure", reverse("plan_structure", args=[plan.pk])))
    return crumbs(*pairs)


def _admin_priority(request, pk):
    return get_scoped_or_404(
        Priority.objects.select_related("plan__borough"),
        request.user,
        role=Role.ADMIN,
        pk=pk,
    )


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


def _level_fields(data, *, current=None):
    """A priority's or objective's fields; editing one with no order given keeps its place."""
    fields = {k: data[k] for k in ("number", "title", "description", "position")}
    if current is not None and fields["position"] is None:
        fields["position"] = current.position
    return fields


def _level_page(request, *, form, plan, save, heading, done):
    """One add-or-edit page for a priority or an objective; saving returns to the structure."""
    if save_form(request, form, save, done):
        return redirect("plan_structure", pk=plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "heading": heading,
        "breadcrumbs": _plan_crumbs(plan),
    }
    return render(request, "actions/forms/level_form.html", context)


@login_required
@GET_POST
def priority_add(request, pk):
    plan = get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    return _level_page(
        request,
        form=PriorityForm(request.POST or None, plan=plan),
        plan=plan,
        save=lambda d: structure_services.priority_create(
            plan=plan, user=request.user, **_level_fields(d)
        ),
        heading=f"Add a {plan.priority_label.lower()}",
        done=f"{plan.priority_label} added",
    )


@login_required
@GET_POST
def priority_edit(request, pk):
    priority = _admin_priority(request, pk)
    plan = priority.plan
    return _level_page(
        request,
        form=PriorityForm(request.POST or None, plan=plan, instance=priority),
        plan=plan,
        save=lambda d: structure_services.priority_update(
            priority=priority, user=request.user, **_level_fields(d, current=priority)
        ),
        heading=f"Edit {plan.priority_label.lower()} {priority.number}".strip(),
        done=f"{plan.priority_label} updated",
    )


@login_required
@GET_POST
def objective_add(request, pk):
    priority = _admin_priority(request, pk)
    plan = priority.plan
    return _level_page(
        request,
        form=ObjectiveForm(request.POST or None, priority=priority),
        plan=plan,
        save=lambda d: structure_services.objective_create(
            priority=priority, user=request.user, **_level_fields(d)
        ),
        heading=f"Add a {plan.objective_label.lower()} to {plan.priority_label.lower()} "
        f"{priority.number}".strip(),
        done=f"{plan.objective_label} added",
    )


@login_required
@GET_POST
def objective_edit(request, pk):
    objective = get_scoped_or_404(
        Objective.objects.select_related("priority__plan__borough"),
        request.user,
        role=Role.ADMIN,
        pk=pk,
    )
    plan = objective.priority.plan
    return _level_page(
        request,
        form=ObjectiveForm(request.POST or None, priority=objective.priority, instance=objective),
        plan=plan,
        save=lambda d: structure_services.objective_update(
            objective=objective, user=request.user, **_level_fields(d, current=objective)
        ),
        heading=f"Edit {plan.objective_label.lower()} {objective.number}".strip(),
        done=f"{plan.objective_label} updated",
    )


@login_required
@GET_POST
def action_add(request, pk):
    priority = _admin_priority(request, pk)
    plan = priority.plan
    form = ActionCreateForm(request.POST or None, priority=priority)

    def save(data):
        return services.action_create(
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

    action = save_form(request, form, save, lambda action: f"Action {action.reference} added")
    if action:
        return redirect("action_detail", pk=action.pk)
    context = {
        "plan": plan,
        "priority": priority,
        "form": form,
        "breadcrumbs": _plan_crumbs(plan),
    }
    return render(request, "actions/forms/action_add.html", context)
