"""Co-production partners read their area's plans as last finalised, and comment.

A partner (boroughs.models.Role.PARTNER) sees exactly what the public page would show
for each plan of their borough, published or not, plus every comment on it and its
reply; never an open round, a review, a risk or a decision. Leads answer comments here
too, and may publish an answered one as "You said, we did".
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from actions.models import Action, Plan, SuccessMeasure
from actions.views.common import crumbs, save_form
from boroughs.models import Role
from boroughs.permissions import get_scoped_or_404
from governance.risk_views import GET_POST
from reports.public import selectors, services
from reports.public.content import public_content
from reports.public.forms import CommentForm, ReplyForm
from reports.public.manage_views import may_answer_for
from reports.public.models import Comment


def _partner_plan(request, pk):
    """A plan of a borough where the user is a partner or an officer; else 404."""
    plan = (
        Plan.objects.select_related("borough")
        .visible_to(request.user, Role.PARTNER)
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No plan matches the given query.")
    return plan


@login_required
@require_GET
def partner_plans(request):
    plans = (
        Plan.objects.select_related("borough")
        .visible_to(request.user, Role.PARTNER)
        .order_by("borough__name", "title")
    )
    context = {"plans": plans, "breadcrumbs": crumbs(("Home", reverse("home")))}
    return render(request, "reports/public/partner_plans.html", context)


def _subjects(plan):
    actions = Action.objects.filter(plan=plan).order_by("priority__position", "position", "id")
    measures = SuccessMeasure.objects.filter(plan=plan).order_by("position", "id")
    return [(f"a{a.pk}", f"Action {a.reference}: {a.description[:80]}") for a in actions] + [
        (f"m{m.pk}", f"Measure: {m.description[:80]}") for m in measures
    ]


def _add_comment(request, plan, data):
    kind, pk = data["subject"][0], int(data["subject"][1:])
    model = Action if kind == "a" else SuccessMeasure
    subject = model.objects.filter(plan=plan, pk=pk).first()
    return services.comment_add(
        plan=plan,
        user=request.user,
        text=data["text"],
        action=subject if kind == "a" else None,
        measure=subject if kind == "m" else None,
    )


@login_required
@GET_POST
def partner_plan(request, pk):
    plan = _partner_plan(request, pk)
    form = CommentForm(request.POST or None, subjects=_subjects(plan))
    if save_form(request, form, lambda data: _add_comment(request, plan, data), "Comment sent"):
        return redirect(reverse("partner_plan", args=[plan.pk]) + "#comments")
    context = {
        "plan": plan,
        "content": public_content(plan),
        "comments": selectors.comments_on(plan),
        "form": form,
        "breadcrumbs": crumbs(
            ("Home", reverse("home")), ("Your area's plans", reverse("partner_plans"))
        ),
    }
    return render(request, "reports/public/partner_plan.html", context)


@login_required
@GET_POST
def comment_reply(request, pk):
    comment = get_scoped_or_404(
        Comment.objects.select_related(
            "plan__borough", "action__priority", "measure__priority", "author"
        ),
        request.user,
        pk=pk,
    )
    priority = comment.action.priority if comment.action_id else comment.measure.priority
    if not may_answer_for(request.user, comment, priority):
        raise PermissionDenied("Only the priority's lead or a borough admin replies.")
    form = ReplyForm(
        request.POST or None,
        initial={"reply": comment.reply, "publish": comment.published_at is not None},
    )

    def save(data):
        return services.comment_reply(
            comment=comment, user=request.user, reply=data["reply"], publish=data["publish"]
        )

    if save_form(request, form, save, "Reply saved"):
        return redirect(reverse("partner_plan", args=[comment.plan_id]) + "#comments")
    context = {
        "comment": comment,
        "form": form,
        "breadcrumbs": crumbs(("Home", reverse("home"))),
    }
    return render(request, "reports/public/comment_reply.html", context)
