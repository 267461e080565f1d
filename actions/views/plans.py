"""A plan's page: its priorities, objectives and actions, with their ratings."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from actions import selectors
from actions.models import Plan
from boroughs import permissions


@login_required
def plan_detail(request, pk):
    plan = permissions.get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, pk=pk
    )
    flags = permissions.role_flags(request.user, plan.borough_id)
    context = {
        "plan": plan,
        "priorities": selectors.plan_tree(plan),
        "today": timezone.localdate(),
        "structure_url": reverse("plan_structure", args=[plan.pk]) if flags["can_admin"] else None,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
        **flags,
    }
    return render(request, "actions/plan_detail.html", context)
