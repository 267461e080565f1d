"""A plan's page: its priorities, objectives and actions, with their ratings."""

import re

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from actions import selectors
from actions.models import Plan
from boroughs import permissions

# The seed loader records which text extraction a plan was transcribed from
# ("000_03bf5e305b9a0a22.txt"): provenance for us, meaningless to the people using it.
EXTRACTION_NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


def shown_source_document(plan):
    """The plan's source document as a reader would name it, or None for an internal file."""
    source = plan.source_document.strip()
    return None if not source or EXTRACTION_NAME.match(source) else source


_PLAN = permissions.by_pk(lambda: Plan.objects.select_related("borough"))


@login_required
def plan_detail(request, pk):
    plan = permissions.get_by_pk_or_404(_PLAN, request.user, pk)
    flags = permissions.role_flags(request.user, plan.borough_id)
    today = timezone.localdate()
    context = {
        "plan": plan,
        "priorities": selectors.plan_tree(plan, today=today),
        "source_document": shown_source_document(plan),
        "today": today,
        "structure_url": reverse("plan_structure", args=[plan.pk]) if flags["can_admin"] else None,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
        **flags,
    }
    return render(request, "actions/plan_detail.html", context)
