"""Reviewing a round's updates: the reviewer's queue and one update's review page.

Where a borough reviews updates, the priority's lead or a borough admin approves each
submitted update or returns it with a comment (actions.rounds_services). The queue
shows the rating and narrative now beside those proposed; "Approve and next" and every
other decision go on to the next update waiting.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from actions import rounds_services
from actions.models import StatusUpdate
from boroughs import permissions
from boroughs.models import Role
from governance import round_selectors as selectors
from governance.round_forms import ReviewForm


def _queue(reporting_round, user):
    return selectors.review_queue(reporting_round, user, today=timezone.localdate())


@require_GET
@login_required
def review_queue(request, pk):
    """Every update of the round waiting for this reviewer, now beside proposed."""
    reporting_round = permissions.get_scoped_or_404(
        selectors.round_queryset(), request.user, role=Role.EDITOR, pk=pk
    )
    if reporting_round.is_final:
        raise Http404("This round is final: its reviews are closed.")
    context = {
        "round": reporting_round,
        "rows": _queue(reporting_round, request.user),
        "breadcrumbs": [
            {"label": "Home", "url": reverse("home")},
            {"label": str(reporting_round), "url": reverse("round_detail", args=[pk])},
        ],
    }
    return render(request, "governance/review_queue.html", context)


def _decide(request, update, form):
    data = form.cleaned_data
    if data["decision"] == "approve":
        rounds_services.update_approve(update=update, user=request.user, comment=data["comment"])
        messages.success(request, f"Update to {update.action.reference} approved")
    else:
        rounds_services.update_return(update=update, user=request.user, comment=data["comment"])
        messages.success(request, f"Update to {update.action.reference} returned")


def _after_decision(request, update):
    """On to the next update waiting for this reviewer, or back to the (empty) queue."""
    reporting_round = selectors.open_round_for(update.action.plan.borough)
    if reporting_round is None:
        return redirect("home")
    following = selectors.next_in_queue(
        _queue(reporting_round, request.user), after_update_id=update.pk
    )
    if following is not None:
        return redirect("update_review", pk=following.pk)
    messages.info(request, "Nothing else is waiting for your review")
    return redirect("review_queue", pk=reporting_round.pk)


@require_http_methods(["GET", "POST"])
@login_required
def update_review(request, pk):
    """Approve a submitted update ("Approve and next"), or return it with a comment."""
    update = permissions.get_scoped_or_404(
        StatusUpdate.objects.select_related(
            "action__plan__borough", "action__priority", "author", "on_behalf_of"
        ),
        request.user,
        role=Role.EDITOR,
        pk=pk,
    )
    if not rounds_services.can_review(request.user, update):
        raise PermissionDenied("Only the priority lead or a borough admin can review updates.")
    data = request.POST or None
    if data is not None and "approve_next" in data:
        data = {"decision": "approve", "comment": data.get("comment", "")}
    form = ReviewForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            _decide(request, update, form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return _after_decision(request, update)
    reporting_round = selectors.open_round_for(update.action.plan.borough)
    queue = _queue(reporting_round, request.user) if reporting_round else []
    ids = [row["update"].pk for row in queue]
    context = {
        "update": update,
        "action": update.action,
        "form": form,
        "round": reporting_round,
        "position": ids.index(update.pk) + 1 if update.pk in ids else None,
        "waiting": len(ids),
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    if reporting_round is not None:
        context["breadcrumbs"].append(
            {
                "label": "Waiting for your review",
                "url": reverse("review_queue", args=[reporting_round.pk]),
            }
        )
    return render(
        request, "governance/update_review.html", context, status=400 if form.errors else 200
    )
