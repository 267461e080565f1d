"""The home page's co-production panels: comments waiting for the lead's reply, and a
partner's way into their area's plans."""

from django import template

from actions.models import Plan
from boroughs.models import Borough, Role, borough_ids_for_user
from reports.public import cards
from reports.public.selectors import unanswered_comments_for
from sendplan.fixed_sql import FixedQuery

register = template.Library()
PREVIEW = 5


@register.inclusion_tag("reports/public/_comments_panel.html", takes_context=True)
def comments_waiting_panel(context):
    """Read as the few values the panel prints, not as comments with their plan, borough,
    action and measure: the panel is on every officer's home page and usually empty."""
    user = context["user"]
    administered = borough_ids_for_user(user, role=Role.ADMIN)
    scope = None if administered is None else sorted(administered)
    waiting = _waiting.values(scope, user.pk)
    return {"comments": waiting[:PREVIEW], "more": len(waiting) > PREVIEW}


@FixedQuery.with_kinds(list, int)  # on every officer's home: compiled once a process
def _waiting(borough_ids, user_id):
    """The first PREVIEW + 1 comments waiting for `user_id`'s reply, in the boroughs
    `borough_ids` they administer (None: every borough, a superuser's)."""
    waiting = unanswered_comments_for(user_id, Borough.objects.visible_in(borough_ids))
    fields = ("pk", "action_id", "text", "action__reference", "measure__description")
    return waiting.values(*fields, "plan__title")[: PREVIEW + 1]


@register.inclusion_tag("reports/public/_partner_panel.html", takes_context=True)
def partner_panel(context):
    user = context["user"]
    plans = Plan.objects.visible_to(user, Role.PARTNER).exists()
    return {"has_plans": plans}


@register.simple_tag
def action_cards(actions):
    """{% action_cards priority.actions %}: each action's summary card (reports/public/cards.py)."""
    return cards.action_cards(actions)
