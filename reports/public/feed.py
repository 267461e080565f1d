"""An Atom feed of a public plan's published quarterly updates: one entry a final round.

Each entry counts the plan's actions by rating as that round left them (the same reading
as the page: actions.selectors.actions_for_quarter up to the round's close). The rounds
are selectors.final_rounds, as the page's. The feed answers as the page does
(reports.public.views): conditional on the plan's version, and built once per worker for
each version, so an unchanged feed is not rebuilt for each reader.
"""

from collections import Counter

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from actions import ragb
from actions.selectors import actions_for_quarter
from reports.public import selectors
from reports.public.content import PUBLIC_WORDS
from reports.public.views import kept, public

ENTRIES = 8


class PlanFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, plan):
        return plan  # the published plan, read by the view

    def title(self, plan):
        return f"{plan.borough.name}: {plan.title}, progress updates"

    def link(self, plan):
        return reverse("public_plan", args=[plan.borough.slug, plan.slug])

    def subtitle(self, plan):
        return "Progress on the plan, published at the end of each quarter's reporting round."

    def items(self, plan):
        return [(plan, r) for r in selectors.final_rounds(plan.borough_id)[:ENTRIES]]

    def item_title(self, item):
        return f"Progress for {item[1].period.label}"

    def item_description(self, item):
        plan, reporting_round = item
        period = reporting_round.period
        actions = actions_for_quarter(
            plan_ids=[plan.pk],
            period_end=period.end,
            structure_at=period.end_datetime(),
            recorded_by=reporting_round.closed_at,
        )
        counted = Counter(ragb.key(a.status) for a in actions)
        parts = [f"{counted[k]} {PUBLIC_WORDS[k]}" for k in ragb.KEYS if counted[k]]
        return f"{len(actions)} actions. " + "; ".join(parts) + "."

    def item_link(self, item):
        plan, reporting_round = item
        return reverse("public_plan", args=[plan.borough.slug, plan.slug])

    def item_guid(self, item):
        plan, reporting_round = item
        return f"tag:sendplan,{plan.borough.slug}/{plan.slug}:round-{reporting_round.pk}"

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return item[1].closed_at

    def item_pubdate(self, item):
        return item[1].closed_at


@public
def plan_feed(request, borough, plan):
    def build(found, final_id):
        return PlanFeed()(request, plan=found).content

    return HttpResponse(
        kept(request, borough, plan, "feed", build), content_type=Atom1Feed.content_type
    )
