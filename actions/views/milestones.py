"""Milestones and success measures: an editor adds, edits, achieves (on a date) and deletes
milestones, and adds measure values. Every change goes through actions.services, audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from actions import measure_services, milestone_services
from actions.forms.milestones import (
    MeasureValueForm,
    MilestoneAchieveForm,
    MilestoneEditForm,
    MilestoneForm,
)
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
        return milestone_services.milestone_create(action=action, user=request.user, **data)

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


def _milestone(request, pk):
    return get_scoped_or_404(
        Milestone.objects.select_related("action__plan__borough", "action__priority"),
        request.user,
        role=Role.EDITOR,
        pk=pk,
    )


@login_required
@GET_POST
def milestone_achieve(request, pk):
    """Mark a milestone achieved, on today's date unless another is given."""
    milestone = _milestone(request, pk)
    action = milestone.action
    if milestone.achieved_on is not None:
        messages.info(request, f"Milestone already achieved: {milestone.title}")
        return redirect("action_detail", pk=milestone.action_id)
    data = request.POST if request.method == "POST" else None
    if data is not None and "achieved_on_day" not in data:
        # The one-click button on the action page: achieved today.
        milestone_services.milestone_achieve(milestone=milestone, user=request.user)
        messages.success(request, f"Milestone achieved: {milestone.title}")
        return redirect("action_detail", pk=milestone.action_id)
    form = MilestoneAchieveForm(data, initial={"achieved_on": timezone.localdate()})

    def save(data):
        return milestone_services.milestone_achieve(
            milestone=milestone, user=request.user, achieved_on=data["achieved_on"]
        )

    if save_form(request, form, save, f"Milestone achieved: {milestone.title}"):
        return redirect("action_detail", pk=milestone.action_id)
    context = {
        "action": action,
        "milestone": milestone,
        "form": form,
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, "actions/forms/milestone_achieve.html", context)


@login_required
@GET_POST
def milestone_edit(request, pk):
    milestone = _milestone(request, pk)
    action = milestone.action
    initial = {
        "title": milestone.title,
        "timescale": milestone.timescale,
        "due_date": milestone.due_date,
        "achieved_on": milestone.achieved_on,
    }
    form = MilestoneEditForm(request.POST or None, action=action, initial=initial)

    def save(data):
        return milestone_services.milestone_update(milestone=milestone, user=request.user, **data)

    if save_form(request, form, save, "Milestone changed"):
        return redirect("action_detail", pk=action.pk)
    context = {
        "action": action,
        "milestone": milestone,
        "form": form,
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, "actions/forms/milestone_edit.html", context)


@login_required
@GET_POST
def milestone_delete(request, pk):
    """Ask first; the deleted milestone stays in the history with who deleted it."""
    milestone = _milestone(request, pk)
    action = milestone.action
    if request.method == "POST":
        milestone_services.milestone_delete(milestone=milestone, user=request.user)
        messages.success(request, f"Milestone deleted: {milestone.title}")
        return redirect("action_detail", pk=action.pk)
    context = {"action": action, "milestone": milestone, "breadcrumbs": action_crumbs(action)}
    return render(request, "actions/forms/milestone_delete.html", context)


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
        return measure_services.measure_value_add(measure=measure, user=request.user, **data)

    if save_form(request, form, save, "Value added"):
        return redirect("measure_detail", pk=measure.pk)
    last = measure.values.order_by("-date").first()
    breadcrumbs = crumbs(
        ("Home", reverse("home")),
        (measure.plan.title, reverse("plan_detail", args=[measure.plan_id])),
    )
    context = {"measure": measure, "form": form, "last": last, "breadcrumbs": breadcrumbs}
    return render(request, "actions/forms/measure_value_add.html", context)
