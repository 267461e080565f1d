"""Borough admins publish a plan's public page; leads write public summaries.

Publishing is deliberate: the admin sees a preview drawn by the public page's own
template, then switches it on; switching it off takes effect on the next request.
Each switch, summary and consent is audited (reports/public/services.py).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from actions.models import Action, Plan
from actions.views.common import action_crumbs, crumbs, save_form
from boroughs.models import Person, Role
from boroughs.permissions import get_scoped_or_404
from boroughs.selectors import has_role
from governance.risk_views import GET_POST
from reports.public import selectors, services
from reports.public.content import public_content
from reports.public.forms import PublicSummaryForm
from reports.public.views import page_context


def _admin_plan(request, pk):
    return get_scoped_or_404(
        Plan.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )


@login_required
@require_GET
def publishing(request, pk):
    plan = _admin_plan(request, pk)
    publication = selectors.publication_of(plan)
    owners = (
        # Roles and teams name nobody, so they need no one's consent.
        Person.objects.filter(actions__plan=plan, kind=Person.Kind.PERSON)
        .distinct()
        .select_related("organisation", "public_name_consent")
        .order_by("name")
    )
    context = {
        "plan": plan,
        "published": bool(publication and publication.is_published),
        "history": publication.history.all()[:10] if publication else [],
        "owners": [(p, getattr(p, "public_name_consent", None)) for p in owners],
        "public_url": reverse("public_plan", args=[plan.borough.slug, plan.slug]),
        "breadcrumbs": crumbs(
            ("Home", reverse("home")), (plan.title, reverse("plan_detail", args=[plan.pk]))
        ),
    }
    return render(request, "reports/public/publishing.html", context)


@login_required
@require_GET
def preview(request, pk):
    """The public page exactly as it would be drawn, published or not."""
    plan = _admin_plan(request, pk)
    context = page_context(request, plan, public_content(plan), preview=True)
    return render(request, "reports/public/plan.html", context)


@login_required
@require_POST
def publish(request, pk):
    plan = _admin_plan(request, pk)
    published = request.POST.get("published") == "on"
    services.publication_set(plan=plan, user=request.user, published=published)
    messages.success(
        request, "The public page is published" if published else "The public page is offline"
    )
    return redirect("public_publishing", pk=plan.pk)


@login_required
@require_POST
def name_consent(request, pk, person_pk):
    plan = _admin_plan(request, pk)
    person = get_object_or_404(Person, pk=person_pk, borough_id=plan.borough_id)
    consented = request.POST.get("consented") == "on"
    services.name_consent_set(person=person, user=request.user, consented=consented)
    messages.success(
        request,
        f"{person.name} will be named" if consented else f"{person.name} will not be named",
    )
    return redirect("public_publishing", pk=plan.pk)


def may_answer_for(user, scoped, priority):
    """Who writes public words and replies about `scoped` (an action, or a comment): an
    admin of its borough, or the lead of its priority, when it has one."""
    return has_role(user, scoped, Role.ADMIN) or (
        priority is not None and priority.lead_id == user.pk
    )


@login_required
@GET_POST
def public_summary(request, pk):
    action = get_scoped_or_404(
        Action.objects.select_related("plan__borough", "priority"), request.user, pk=pk
    )
    if not may_answer_for(request.user, action, action.priority):
        raise PermissionDenied("Only the priority's lead or a borough admin writes this.")
    current = selectors.public_summaries([action.pk]).get(action.pk, "")
    form = PublicSummaryForm(request.POST or None, initial={"text": current})

    def save(data):
        return services.public_summary_save(action=action, user=request.user, text=data["text"])

    if save_form(request, form, save, "Public summary saved"):
        return redirect("action_detail", pk=action.pk)
    context = {"action": action, "form": form, "breadcrumbs": action_crumbs(action)}
    return render(request, "reports/public/public_summary.html", context)
