"""Boards: the list of a user's boards, and a board's page with its packs.

An editor generates a pack from the board's page; the work happens in the background
(reports.tasks) and the page sends them to the pack's progress page. The pages live here,
not in governance/, because they show and make packs.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from boroughs import permissions
from boroughs.models import Role
from boroughs.selectors import has_role
from governance import board_selectors
from reports import selectors as pack_selectors
from reports import services as pack_services
from reports.forms import PackRequestForm
from reports.pack import gaps
from sendplan.periods import ReportingPeriod

RECENT_PACKS = 20


@login_required
def board_list(request):
    boards = list(pack_selectors.boards_for_user(request.user).order_by("borough__name", "name"))
    due = pack_selectors.next_packs_due(boards, today=timezone.localdate())
    for board in boards:
        board.next_meeting, board.next_pack = due.get(board.pk, (None, None))
    borough = permissions.current_borough(request)
    context = {
        "boards": boards,
        "new_board_borough": borough
        if borough is not None and has_role(request.user, borough, Role.ADMIN)
        else None,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    return render(request, "governance/board_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def board_detail(request, pk):
    board = permissions.get_scoped_or_404(pack_selectors.board_queryset(), request.user, pk=pk)
    flags = permissions.role_flags(request.user, board.borough_id)
    form = None
    if flags["can_edit"]:
        form = PackRequestForm(request.POST or None, today=timezone.localdate())
    default_period = ReportingPeriod.containing(timezone.localdate()).previous()
    meetings = pack_selectors.upcoming_meetings(board, today=timezone.localdate())
    if request.method == "POST":
        permissions.require_role(request.user, board.borough_id, Role.EDITOR)
        if form.is_valid():
            try:
                pack = pack_services.pack_request(
                    borough=board.borough,
                    board=board,
                    period=form.cleaned_data["period"],
                    user=request.user,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect("pack_detail", pk=pack.pk)
    context = {
        "board": board,
        "form": form,
        "packs": pack_selectors.without_repeats(
            pack_selectors.packs_for_board(board)[:RECENT_PACKS]
        ),
        "meetings": meetings,
        "members": board_selectors.board_members(board),
        "gaps": gaps.before_asking(
            borough=board.borough, board=board, period=default_period, now=timezone.now()
        )
        if form is not None
        else [],
        "gaps_period": default_period,
        "next_pack": ReportingPeriod.containing(meetings[0].date).previous() if meetings else None,
        "key_messages_period": ReportingPeriod.containing(timezone.localdate()).previous(),
        "breadcrumbs": [
            {"label": "Home", "url": reverse("home")},
            {"label": "Boards", "url": reverse("board_list")},
        ],
        **flags,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "governance/board_detail.html", context, status=status)
