"""The officer's "Your updates for 2026/27 Q2: 3 of 7 done, due 20 October" panel, and
an action's own state in the open round (on the action's page)."""

from django import template
from django.utils import timezone

from actions.rounds_services import can_review
from boroughs import permissions
from boroughs.models import Role
from boroughs.selectors import has_role
from governance import round_selectors as selectors
from governance.round_rows import action_progress

register = template.Library()


def _open_round(context, borough):
    """The borough's open round: the view's, when it has read it already (home does, as
    `open_round`, a governance.round_rows.KnownOpenRound), so a page asks the database once."""
    known = context.get("open_round")
    if known is not None and known.borough_id == borough.pk:
        return known.round
    return selectors.open_round_for(borough)


@register.inclusion_tag("governance/_updates_due_panel.html", takes_context=True)
def updates_due_panel(context):
    request = context["request"]
    borough = permissions.current_borough(request)
    if borough is None or not has_role(request.user, borough, Role.EDITOR):
        return {"round": None}
    reporting_round = _open_round(context, borough)
    if reporting_round is None:
        return {"round": None}
    today = timezone.localdate()
    rows = _my_rows(context, reporting_round, request.user, today)
    if not rows:
        return {"round": None}
    return {
        "round": reporting_round,
        "summary": selectors.progress_summary(rows),
        "returned": sum(1 for r in rows if r["state"] == selectors.RETURNED),
        "late": today > reporting_round.update_deadline,
    }


def _my_rows(context, reporting_round, user, today):
    """The progress rows of the round's actions `user` must act on (mine_in_round). Home
    has read every row of the round already (`open_round`'s rows): then only the ids of
    the user's are read, one query."""
    known = context.get("open_round")
    if known is None or not known.rows or known.round.pk != reporting_round.pk:
        mine = selectors.mine_in_round(reporting_round, user, light=True)
        return selectors.round_progress(reporting_round, mine, today=today, light=True)
    ids = selectors.my_action_ids(reporting_round, user)
    return [row for row in known.rows if row["action"].pk in ids]


# The action page's words for its state in the open round (action_round_state).
ACTION_STATE_WORDS = {
    selectors.NOT_STARTED: "Due",
    selectors.WAITING: "Submitted, waiting for review",
    selectors.RETURNED: "Returned for changes",
    selectors.DONE: "Done",
}


@register.inclusion_tag("governance/_action_round_state.html", takes_context=True)
def action_round_state(context, action):
    """The action's update for the borough's open round: due, late, submitted, returned,
    approved or done, with the link that finishes it for those who may."""
    request = context["request"]
    borough = action.plan.borough
    reporting_round = selectors.open_round_for(borough)
    if reporting_round is None:
        return {"round": None}
    # The page's own action is what the row shows.
    row = action_progress(reporting_round, action, today=timezone.localdate())
    if row is None:
        return {"round": None}
    update = row["update"]
    word = ACTION_STATE_WORDS[row["state"]]
    if row["late"]:
        word = "Late" if row["state"] == selectors.NOT_STARTED else "Returned for changes, late"
    elif row["state"] == selectors.DONE and update.review_state == "approved":
        word = "Approved"
    can_edit = has_role(request.user, borough, Role.EDITOR)
    return {
        "round": reporting_round,
        "row": row,
        "update": update,
        "word": word,
        "can_edit": can_edit and row["state"] in (selectors.NOT_STARTED, selectors.RETURNED),
        "can_review": row["state"] == selectors.WAITING and can_review(request.user, update),
    }


@register.inclusion_tag("governance/_reviews_waiting_panel.html", takes_context=True)
def reviews_waiting_panel(context):
    """ "Waiting for your review (N)" on the home page, for leads and borough admins."""
    request = context["request"]
    borough = permissions.current_borough(request)
    if borough is None or not borough.updates_need_review:
        return {"round": None}
    if not has_role(request.user, borough, Role.EDITOR):
        return {"round": None}
    reporting_round = _open_round(context, borough)
    if reporting_round is None:
        return {"round": None}
    rows = selectors.review_queue(reporting_round, request.user, today=timezone.localdate())
    return {"round": reporting_round if rows else None, "waiting": len(rows)}
