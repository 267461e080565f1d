"""The officer's "Your updates for 2026/27 Q2: 3 of 7 done, due 20 October" panel."""

from django import template
from django.utils import timezone

from boroughs import permissions
from boroughs.models import Role
from boroughs.selectors import has_role
from governance import round_selectors as selectors

register = template.Library()


@register.inclusion_tag("governance/_updates_due_panel.html", takes_context=True)
def updates_due_panel(context):
    request = context["request"]
    borough = permissions.current_borough(request)
    if borough is None or not has_role(request.user, borough, Role.EDITOR):
        return {"round": None}
    reporting_round = selectors.open_round_for(borough)
    if reporting_round is None:
        return {"round": None}
    today = timezone.localdate()
    actions = selectors.mine(selectors.round_actions(reporting_round), request.user)
    rows = selectors.round_progress(reporting_round, actions, today=today)
    if not rows:
        return {"round": None}
    return {
        "round": reporting_round,
        "summary": selectors.progress_summary(rows),
        "returned": sum(1 for r in rows if r["state"] == selectors.RETURNED),
        "late": today > reporting_round.update_deadline,
    }
