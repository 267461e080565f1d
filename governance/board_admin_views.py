"""Borough admins make boards in the app: a new board, its scope, its meetings, its members.

A board's own page (its packs) is reports/board_views.py; these pages send people there.
"""

import logging
from smtplib import SMTPException

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from actions.views.common import crumbs, save_form
from boroughs import permissions
from boroughs.models import Borough, Role
from governance import board_selectors, board_services
from governance.board_forms import BoardForm, BoardMemberForm, MeetingsForm
from governance.models import Board
from sendplan.links import absolute_url

GET_POST = require_http_methods(["GET", "POST"])
logger = logging.getLogger(__name__)


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


def _add_member(request, form, board):
    """Seat the chosen account, or the person at the email (invited if need be)."""

    def save(data):
        return board_services.board_member_add(
            board=board,
            user=request.user,
            member=data["member"],
            email=data["email"] if not data["member"] else "",
            accept_url=lambda token: absolute_url(reverse("invitation_accept", args=[token])),
        )

    def done(saved):
        seat, invitation = saved
        if invitation is not None:
            return f"Invitation sent to {seat.email}. They join the board when they accept it."
        return f"{seat.name} added to the board"

    try:
        return save_form(request, form, save, done)
    except (SMTPException, OSError):
        logger.exception("Board invitation email for %s could not be sent", board)
        form.add_error(None, "The invitation could not be sent. Try again later")
        return None


@login_required
@GET_POST
def board_members(request, pk):
    """Who sits on the board: add someone (an account or an email), or take them off."""
    board = permissions.get_scoped_or_404(
        Board.objects.select_related("borough"), request.user, role=Role.ADMIN, pk=pk
    )
    if request.method == "POST" and "remove" in request.POST:
        seat = get_object_or_404(board.members.select_related("user"), pk=request.POST["remove"])
        board_services.board_member_remove(board_member=seat, user=request.user)
        messages.success(request, f"{seat.name} taken off the board")
        return redirect("board_members", pk=board.pk)
    form = BoardMemberForm(request.POST if request.method == "POST" else None, board=board)
    if _add_member(request, form, board) is not None:
        return redirect("board_members", pk=board.pk)
    context = {
        "form": form,
        "board": board,
        "seats": board_selectors.board_members(board),
        "breadcrumbs": _crumbs(board),
    }
    status = 400 if form.errors else 200
    return render(request, "governance/board_members.html", context, status=status)
