"""The lead's key messages for a board's quarterly pack: a few paragraphs that open it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from actions.views.common import crumbs, save_form
from boroughs.models import Role
from boroughs.permissions import get_scoped_or_404
from governance import services
from governance.forms import KeyMessagesForm
from governance.models import Board, KeyMessages
from governance.risk_views import GET_POST
from sendplan.periods import ReportingPeriod


def _period(request):
    """?period=2025-26-Q2, else the last quarter to have ended."""
    try:
        return ReportingPeriod.parse(request.GET.get("period", ""))
    except ValueError:
        return ReportingPeriod.containing(timezone.localdate()).previous()


@login_required
@GET_POST
def key_messages_edit(request, pk):
    board = get_scoped_or_404(
        Board.objects.select_related("borough"), request.user, role=Role.EDITOR, pk=pk
    )
    period = _period(request)
    current = KeyMessages.objects.filter(
        board=board, period_year=period.year, period_quarter=period.quarter
    ).first()
    form = KeyMessagesForm(request.POST or None, initial={"text": current.text if current else ""})

    def save(data):
        return services.key_messages_save(
            board=board, period=period, user=request.user, text=data["text"]
        )

    if save_form(request, form, save, f"Key messages saved for {period.label}"):
        return redirect("board_detail", pk=board.pk)
    context = {
        "board": board,
        "period": period,
        "form": form,
        "breadcrumbs": crumbs(
            ("Home", reverse("home")),
            ("Boards", reverse("board_list")),
            (board.name, reverse("board_detail", args=[board.pk])),
        ),
    }
    return render(request, "governance/key_messages.html", context)
