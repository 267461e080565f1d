"""The home page: the user's plans with their ratings, what is theirs, what is due for an
update this quarter, what is overdue, and the next board meeting.

It reads actions and meetings, so it sits in the top layer (see docs/architecture.md).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from actions import selectors
from actions.rows import preview_lists
from boroughs import permissions
from boroughs.models import Role, borough_ids_for_user
from boroughs.selectors import has_role
from governance import round_selectors
from governance import selectors as governance_selectors
from governance.round_rows import KnownOpenRound, round_progress_light
from reports import first_run
from sendplan.periods import ReportingPeriod


@login_required
def home(request):
    today = timezone.localdate()
    borough = permissions.current_borough(request)
    period = ReportingPeriod.containing(today)
    member_ids = [b.pk for b in permissions.user_boroughs(request)]
    # A superuser belongs everywhere; showing every borough's plans would bury their own.
    if request.user.is_superuser:
        member_ids = [borough.pk] if borough else []
    plans = list(selectors.plans_with_ragb_counts(request.user, borough_ids=member_ids))
    for plan in plans:
        plan.ragb_counts = selectors.ragb_counts_list(plan)
    # The borough being worked in comes first; switching borough reorders the page.
    current_id = borough.pk if borough else None
    plans.sort(key=lambda plan: plan.borough_id != current_id)

    # Someone who only reads this borough's plans (a board member) sees the board's
    # latest pack and next meeting first, and the officers' work lists not at all.
    board_member = borough is not None and not has_role(request.user, borough, Role.EDITOR)
    in_borough = selectors.actions_for_user(request.user).in_borough(borough)
    reporting_round = None if board_member else round_selectors.open_round_for(borough)
    round_rows = None
    if reporting_round is not None:
        # While a round is open, what is due is its quarter's updates, not this quarter's.
        round_rows = _round_rows(reporting_round, today)
    context = {
        "board_member": board_member,
        "plans": plans,
        "period": period,
        "next_meeting": governance_selectors.next_meeting(borough, today),
        **_previews(request.user, borough, period, round_rows, today, board_member),
        "undated": in_borough.exclude(plan__status="closed").without_due_date().count(),
        "round": reporting_round,
        # Read once for the page: the updates-due and reviews panels use it too, and the
        # round's progress rows, which the updates-due panel counts the user's from.
        "open_round": _known_round(borough, reporting_round, round_rows, board_member),
        "today": today,
        "members_url": _members_url(request.user, borough),
        "first_run": first_run.checklist(request.user, borough),
    }
    return render(request, "reports/home.html", context)


def _round_rows(reporting_round, today):
    """The round's progress rows (light: what counts and ids need), read once a page."""
    return round_progress_light(reporting_round, today=today)


def _known_round(borough, reporting_round, round_rows, board_member):
    """The open round as read for the page (None where the panels do not show)."""
    if board_member or borough is None:
        return None
    return KnownOpenRound(borough.pk, reporting_round, round_rows or None)


def _still_to_write(rows):
    """The ids of the round's actions with no update for its quarter yet, or returned."""
    still = (round_selectors.NOT_STARTED, round_selectors.RETURNED)
    return [row["action"].pk for row in rows if row["state"] in still]


def _members_url(user, borough):
    """The borough's members page (boroughs/member_views.py), for its borough admins."""
    if borough is None or not has_role(user, borough, Role.ADMIN):
        return None
    return reverse("borough_members", args=[borough.slug])


def _previews(user, borough, period, round_rows, today, board_member):
    """The first few rows of each list and its total (actions/rows.py preview_lists)."""
    if board_member:
        # A board member sees how many actions are overdue, with a link to the list.
        late = selectors.actions_for_user(user).in_borough(borough).overdue(today)
        return {"my_actions": None, "due_actions": None, "overdue_actions": {"count": late.count()}}
    scope = borough_ids_for_user(user, role=Role.VIEWER)
    lists = preview_lists(
        user_id=user.pk,
        borough_id=borough and borough.pk,
        borough_ids=None if scope is None else sorted(scope),
        since=period.start,
        today=today,
        due_ids=None if round_rows is None else _still_to_write(round_rows),
    )
    previews = [{"items": items, "count": count} for items, count in lists]
    return dict(zip(("my_actions", "due_actions", "overdue_actions"), previews, strict=True))
