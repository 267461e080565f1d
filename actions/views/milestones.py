"""Milestones and success measures: an editor adds and ticks off milestones, adds values."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actions import services
from actions.forms.milestones import MeasureValueForm, MilestoneForm
from actions.models import Milestone
from actions.models import SuccessMeasure as Measure
from actions.views.common import GET_POST, action_crumbs, crumbs, editable_action, save_form
from boroughs.models import Role
from boroughs.permissions import get_scoped_or_404


@login_required
@GET_POST
def milestone_add(request, pk):
    action = editable_action(request, pk)
    form = MilestoneForm(request.POST or None, action=action)

    def save(data):
        return services.milestone_create(action=action, user=request.user, **data)

    if save_form(request, form, save, "Milestone added"):
        return redirect("action_detail", pk=action.pk)
    context = {
        "action": action,
        "form": form,
        # Listed here with a button each, so a milestone can be ticked off without JavaScript.
        "milestones": action.milestones.order_by("due_date", "position"),
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, "actions/forms/milestone_add.html", context)


@login_required
@require_POST
def milestone_achieve(request, pk):
    milestone = get_scoped_or_404(
        Milestone.objects.select_related("action"),
        request.user,
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
        role=Role.EDITOR,
        pk=pk,
    )
    form = MeasureValueForm(request.POST or None, measure=measure)

    def save(data):
        return services.measure_value_add(measure=measure, user=request.user, **data)

    if save_form(request, form, save, "Value added"):
        return redirect("measure_detail", pk=measure.pk)
    last = measure.values.order_by("-date").first()
    breadcrumbs = crumbs(
        ("Home", reverse("home")),
        (measure.plan.title, reverse("plan_detail", args=[measure.plan_id])),
    )
    context = {"measure": measure, "form": form, "last": last, "breadcrumbs": breadcrumbs}
    return render(request, "actions/forms/measure_value_add.html", context)
