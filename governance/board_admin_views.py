"""Borough admins make boards in the app: a new board, its scope, its meetings.

A board's own page (its packs) is reports/board_views.py; these pages send people there.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.views.common import crumbs, save_form
from boroughs import permissions
from boroughs.models import Borough, Role
from governance import board_services
from governance.board_forms import BoardForm, MeetingsForm
from governance.models import Board

GET_POST = require_http_methods(["GET", "POST"])


def _crumbs(board=None):
    parts = [("Home", reverse("home")), ("Boards", reverse("board_list"))]
    if board is not None:
        parts.append((board.name, reverse("board_detail", args=[board.pk])))
    return crumbs(*parts)


def _save_board(request, form, borough, board=None):
    def save(data):
        return board_services.board_save(
            borough=borough,
            user=request.user,
            board=board,
            name=data["name"],
            kind=data["kind"],
            chair=data["chair"],
            plans=list(data["plans"]),
            priorities=list(data["priorities"]),
        )

    return save_form(request, form, save, lambda b: f"Board {b.name} saved")


@login_required
@GET_POST
def board_new(request, slug):
    borough = permissions.get_scoped_or_404(
        Borough.objects.all(), request.user, role=Role.ADMIN, slug=slug
    )
    form = BoardForm(request.POST or None, borough=borough)
    board = _save_board(request, form, borough)
    if board:
        return redirect("board_meetings", pk=board.pk)
    context = {
        "form": form,
        "borough": borough,
        "heading": "Add a board",
        "button": "Add board",
        "breadcrumbs": _crumbs(),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/board_form.html", context, status=status)


@login_required
@GET_POST
def board_edit(request, pk):
    board = permissions.get_scoped_or_404(
        Board.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    initial = {
        "name": board.name,
        "kind": board.kind,
        "chair": board.chair,
        "plans": list(board.plans.all()),
        "priorities": list(board.priorities.all()),
    }
    form = BoardForm(request.POST or None, borough=board.borough, initial=initial)
    if _save_board(request, form, board.borough, board):
        return redirect("board_detail", pk=board.pk)
    context = {
        "form": form,
        "borough": board.borough,
        "heading": f"Change {board.name}",
        "button": "Save changes",
        "breadcrumbs": _crumbs(board),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/board_form.html", context, status=status)


def _meetings_added(rows):
    return f"{len(rows)} meeting{'s' if len(rows) != 1 else ''} added"


@login_required
@GET_POST
def board_meetings(request, pk):
    """Add one meeting or a repeating run of them."""
    board = permissions.get_scoped_or_404(
        Board.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    form = MeetingsForm(request.POST or None)

    def save(data):
        return board_services.meetings_add(
            board=board,
            user=request.user,
            first=data["first"],
            repeat=data["repeat"],
            count=(data["count"] or 1) if data["repeat"] != "once" else 1,
        )

    added = save_form(
        request,
        form,
        save,
        lambda rows: f"{len(rows)} meeting{'s' if len(rows) != 1 else ''} added",
    )
    if added is not None:
        return redirect("board_detail", pk=board.pk)
    context = {
        "form": form,
        "board": board,
        "meetings": list(board.meetings.order_by("date")),
        "breadcrumbs": _crumbs(board),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/board_meetings.html", context, status=status)
