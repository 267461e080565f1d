"""Reporting round pages: the list, opening one, its dashboard, extending and finalising.

Everyone in the borough sees the list; editors (officers and leads) see a round's
dashboard; only borough admins open, extend and move a round on, through
governance.round_services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from boroughs import permissions
from boroughs.models import Borough, Role
from boroughs.selectors import has_role
from governance import round_selectors as selectors
from governance import round_services as services
from governance.models import Board, RoundStatus
from governance.round_forms import ReviewSettingForm, RoundExtendForm, RoundOpenForm


def _crumbs(*extra):
    return [
        {"label": "Home", "url": reverse("home")},
        {"label": "Reporting rounds", "url": reverse("round_list")},
        *extra,
    ]


def _round(request, pk, role=Role.VIEWER):
    return permissions.get_scoped_or_404(selectors.round_queryset(), request.user, role=role, pk=pk)


@require_GET
@login_required
def round_list(request):
    rounds = selectors.rounds_for_user(request.user).order_by(
        "borough__name", "-period_year", "-period_quarter", "board__name"
    )
    borough = permissions.current_borough(request)
    is_admin = borough is not None and has_role(request.user, borough, Role.ADMIN)
    context = {
        "rounds": rounds,
        "borough": borough,
        "open_url": reverse("round_open", args=[borough.slug]) if is_admin else None,
        "review_url": reverse("review_setting", args=[borough.slug]) if is_admin else None,
        "breadcrumbs": [{"label": "Home", "url": reverse("home")}],
    }
    return render(request, "governance/round_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def round_open(request, slug):
    borough = permissions.get_scoped_or_404(
        Borough.objects.all(), request.user, role=Role.ADMIN, slug=slug
    )
    boards = Board.objects.filter(borough=borough).order_by("name")
    form = RoundOpenForm(request.POST or None, today=timezone.localdate(), boards=boards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporting_round = services.round_open(
                borough=borough,
                period=data["period"],
                user=request.user,
                board=data["board"],
                update_deadline=data["update_deadline"],
                review_deadline=data["review_deadline"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"The {reporting_round.period.label} round is open")
            return redirect("round_detail", pk=reporting_round.pk)
    context = {"borough": borough, "form": form, "breadcrumbs": _crumbs()}
    return render(
        request, "governance/round_open.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
def review_setting(request, slug):
    """Borough admins turn review of quarterly updates on or off."""
    borough = permissions.get_scoped_or_404(
        Borough.objects.all(), request.user, role=Role.ADMIN, slug=slug
    )
    initial = {"updates_need_review": "yes" if borough.updates_need_review else "no"}
    data = request.POST if request.method == "POST" else None
    form = ReviewSettingForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        review = form.cleaned_data["updates_need_review"]
        services.borough_review_set(borough=borough, user=request.user, updates_need_review=review)
        messages.success(
            request,
            "Updates now need review" if review else "Updates now count without review",
        )
        return redirect("round_list")
    context = {"borough": borough, "form": form, "breadcrumbs": _crumbs()}
    return render(
        request, "governance/review_setting.html", context, status=400 if form.errors else 200
    )


@require_GET
@login_required
def round_detail(request, pk):
    """The round's dashboard: per owner and priority, done / waiting / returned / late."""
    reporting_round = _round(request, pk, role=Role.EDITOR)
    today = timezone.localdate()
    rows = selectors.round_progress(
        reporting_round, selectors.round_actions(reporting_round), today=today
    )
    can_admin = has_role(request.user, reporting_round.borough, Role.ADMIN)
    # What waits for this reader's review, said at the top rather than deep in the table.
    waiting = [
        row
        for row in rows
        if row["state"] == selectors.WAITING
        and (can_admin or row["action"].priority.lead_id == request.user.pk)
    ]
    context = {
        "round": reporting_round,
        "rows": rows,
        "summary": selectors.progress_summary(rows),
        "dashboard": selectors.dashboard(rows),
        "today": today,
        "waiting_for_me": len(waiting),
        "has_mine": selectors.mine_in_round(reporting_round, request.user).exists(),
        "can_admin": can_admin,
        "next_status": services.NEXT_STATUS.get(reporting_round.status),
        "breadcrumbs": _crumbs(),
    }
    return render(request, "governance/round_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def round_extend(request, pk):
    reporting_round = _round(request, pk, role=Role.ADMIN)
    form = RoundExtendForm(
        request.POST or None,
        initial={
            "update_deadline": reporting_round.update_deadline,
            "review_deadline": reporting_round.review_deadline,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.round_extend(
                reporting_round=reporting_round,
                user=request.user,
                update_deadline=form.cleaned_data["update_deadline"],
                review_deadline=form.cleaned_data["review_deadline"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Deadlines changed")
            return redirect("round_detail", pk=reporting_round.pk)
    crumb = {"label": str(reporting_round), "url": reverse("round_detail", args=[pk])}
    context = {"round": reporting_round, "form": form, "breadcrumbs": _crumbs(crumb)}
    return render(
        request, "governance/round_extend.html", context, status=400 if form.errors else 200
    )


@require_POST
@login_required
def round_advance(request, pk):
    """Move the round on: open → in review → final (or straight to final)."""
    reporting_round = _round(request, pk, role=Role.ADMIN)
    to_status = request.POST.get("to", "")
    if to_status not in (RoundStatus.IN_REVIEW, RoundStatus.FINAL):
        messages.error(request, "Choose what to do with the round")
        return redirect("round_detail", pk=pk)
    try:
        services.round_advance(
            reporting_round=reporting_round, user=request.user, to_status=to_status
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The round is now {RoundStatus(to_status).label.lower()}")
    return redirect("round_detail", pk=pk)
