"""An editor asks the board for a decision on an action, in their own words.

The request is written on the action's latest status update
(actions.board_decision_services.status_update_ask_board), which is what the board pack
reads: page one lists it under "Decisions the board is asked to make". An empty wording
withdraws it.
After the meeting the outcome is recorded against the same update
(actions.board_decision_services.status_update_record_outcome); the next quarter's pack
reports it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from actions import board_decision_services
from actions.forms.board_decision import BoardDecisionForm, BoardOutcomeForm
from actions.models import BoardDecisionDetail, StatusUpdate
from actions.views.common import GET_POST, action_crumbs, editable_action, save_form


def _latest_update(action):
    return (
        StatusUpdate.objects.filter(action=action).order_by("-date", "-created_at", "-id").first()
    )


@login_required
@GET_POST
def action_ask_board(request, pk):
    action = editable_action(request, pk)
    update = _latest_update(action)
    if update is None:
        messages.info(request, "Rate this action first: a decision is asked on its latest update.")
        return redirect("action_update_status", pk=action.pk)
    detail = BoardDecisionDetail.objects.filter(update=update).first()
    initial = {"board_decision": update.board_decision, "decide_by": detail and detail.decide_by}
    form = BoardDecisionForm(request.POST or None, initial=initial)

    def save(data):
        return board_decision_services.status_update_ask_board(
            update=update,
            user=request.user,
            decision=data["board_decision"],
            decide_by=data["decide_by"],
        )

    def done(saved):
        if saved.needs_board_decision:
            return f"The board will be asked to decide on action {action.reference}"
        return f"No decision is asked of the board on action {action.reference}"

    if save_form(request, form, save, done):
        return redirect("action_detail", pk=action.pk)
    context = {
        "action": action,
        "update": update,
        "form": form,
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, "actions/forms/action_ask_board.html", context)


@login_required
@GET_POST
def action_board_outcome(request, pk):
    action = editable_action(request, pk)
    update = (
        StatusUpdate.objects.filter(action=action, needs_board_decision=True)
        .order_by("-date", "-created_at", "-id")
        .first()
    )
    if update is None:
        messages.info(request, "The board has not been asked to decide on this action.")
        return redirect("action_detail", pk=action.pk)
    detail = BoardDecisionDetail.objects.filter(update=update).first()
    initial = {"board_outcome": detail.outcome if detail else ""}
    form = BoardOutcomeForm(request.POST or None, initial=initial)

    def save(data):
        return board_decision_services.status_update_record_outcome(
            update=update, user=request.user, outcome=data["board_outcome"]
        )

    if save_form(request, form, save, f"Board's decision recorded on action {action.reference}"):
        return redirect("action_detail", pk=action.pk)
    context = {
        "action": action,
        "update": update,
        "form": form,
        "breadcrumbs": action_crumbs(action),
    }
    return render(request, "actions/forms/action_board_outcome.html", context)
