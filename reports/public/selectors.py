"""Reads for the public pages and co-production: which plans are public, the last final
round, owners' public names, comments. Nothing here reads an open round or a review."""

import functools
import hashlib

from django.db import connection
from django.db.models import Q
from django.http import Http404

from actions.models import Action, Plan
from boroughs.models import Borough, Organisation, Person, PersonKind
from governance.models import ReportingRound, RoundStatus
from reports.public.models import (
    ActionPublicSummary,
    Comment,
    PlanPublication,
    PublicNameConsent,
)
from sendplan.fixed_sql import FixedQuery
from sendplan.raw_sql import aware, fetch_all, id_list, table


def published_plan_or_404(borough_slug, plan_slug):
    """The plan at /public/<borough>/<plan>/ if its page is on; else 404, never 403."""
    found = _published_plan(borough_slug, plan_slug)
    if not found:
        raise Http404("No public page here.")
    return found[0]


# Read on every public request, a CDN's revalidations included: compiled once a process.
@FixedQuery.with_kinds(str, str)
def _published_plan(borough_slug, plan_slug):
    plans = Plan.objects.select_related("borough", "publication")
    published = plans.filter(borough__slug=borough_slug, slug=plan_slug)
    return published.filter(publication__is_published=True).order_by("pk")[:1]


def published_plans(borough=None):
    plans = Plan.objects.select_related("borough").filter(publication__is_published=True)
    if borough is not None:
        plans = plans.filter(borough=borough)
    return plans.order_by("borough__name", "title")


def publication_of(plan):
    return PlanPublication.objects.filter(plan=plan).first()


def final_rounds(borough_id):
    """The borough's final rounds (its whole-borough ones), newest quarter first: what the
    public sees. The one place the rule is written: the page, its version and the feed
    all read it."""
    return ReportingRound.objects.filter(
        borough_id=borough_id, board__isnull=True, status=RoundStatus.FINAL
    ).order_by("-period_year", "-period_quarter")


def last_final_round(borough):
    """The borough's newest final round: the quarter the public page shows."""
    return final_rounds(borough.pk).first()


# The last final round's id and close, as SQL compiled once a process from final_rounds
# (sendplan.fixed_sql): version_of's statement embeds them.
_last_final_id = FixedQuery(lambda borough_id: final_rounds(borough_id).values_list("id")[:1])
_last_final_closed = FixedQuery(
    lambda borough_id: final_rounds(borough_id).values_list("closed_at")[:1]
)


def public_summaries(action_ids):
    """{action id: the lead's public summary}, blank ones left out."""
    if not action_ids:
        return {}
    # The ids written into the SQL (integers only): a public page passes hundreds, and
    # sending each through the ORM's lookups cost more CPU than the query.
    ids, summaries = id_list(action_ids), table(ActionPublicSummary)
    sql = f"SELECT action_id, text FROM {summaries} WHERE action_id IN ({ids}) AND text <> ''"  # noqa: S608
    return dict(fetch_all(sql))


def owner_names(person_ids):
    """{person id: how the public sees them}: the name only with their consent, else
    their job title or organisation."""
    people = _owners.rows(sorted(person_ids))
    names = {}
    for pk, name, kind, job_title, organisation, consented in people:
        role = job_title or organisation or ""
        if kind == PersonKind.ROLE:
            # A role or team names nobody, so the public sees it as written.
            names[pk] = name
        elif consented:
            names[pk] = f"{name}, {role}" if role else name
        else:
            names[pk] = role or "An officer of the local area"
    return names


@FixedQuery.with_kinds(list)  # on each build of the public page
def _owners(person_ids):
    return Person.objects.filter(pk__in=person_ids).values_list(
        "pk", "name", "kind", "job_title", "organisation__name", "public_name_consent__consented"
    )


def named_owners_of(user):
    """The named owners (people, not roles or teams) `user`'s account is linked to, with
    their consent: whose agreement to be named is theirs to give."""
    return list(
        Person.objects.filter(user=user, kind=Person.Kind.PERSON)
        .select_related("borough", "organisation", "public_name_consent")
        .order_by("borough__name", "name", "pk")
    )


def you_said_we_did(plan):
    """Published comments of `plan`, answered, newest first."""
    return _you_said_we_did(plan.pk)


@FixedQuery  # on each build of the public page
def _you_said_we_did(plan_id):
    published = Comment.objects.filter(plan_id=plan_id, published_at__isnull=False)
    answered = published.exclude(reply="").select_related("action", "measure")
    return answered.order_by("-published_at", "-id")


def comments_on(plan):
    """Every comment on `plan`, with its subject, oldest first (partners and leads)."""
    return Comment.objects.filter(plan=plan).select_related(
        "action", "measure", "author", "replied_by"
    )


def unanswered_comments_for(user, boroughs):
    """Comments waiting for a reply that `user` answers: every one in the boroughs they
    administer, and those on the priorities they lead."""
    waiting = Comment.objects.filter(reply="").select_related("plan__borough", "action", "measure")
    return waiting.filter(
        Q(plan__borough__in=boroughs)
        | Q(action__priority__lead=user)
        | Q(measure__priority__lead=user)
    ).order_by("created_at")


@functools.cache
def _version_sql():
    """One statement of small subqueries: the borough's last final round (final_rounds'
    SQL), and the newest change of everything else the public page reads as it is now.
    Written as SQL, as actions/timeline.py's history reads are: compiling it through the
    ORM cost more CPU than the rest of a kept page's request."""
    tables = {
        name: table(model)
        for name, model in (
            ("summary", ActionPublicSummary),
            ("action", Action),
            ("consent", PublicNameConsent),
            ("person", Person),
            ("comment_h", Comment.history.model),
            ("plan_h", Plan.history.model),
            ("person_h", Person.history.model),
            ("organisation_h", Organisation.history.model),
            ("borough_h", Borough.history.model),
        )
    }
    final_id, final_closed = (query.sql(0)[0] for query in (_last_final_id, _last_final_closed))
    return (
        f"SELECT ({final_id}), ({final_closed}), "  # noqa: S608
        f"(SELECT MAX(s.changed_at) FROM {tables['summary']} s "
        f"JOIN {tables['action']} a ON a.id = s.action_id WHERE a.plan_id = %s), "
        # Every comment's history: published, unpublished, reworded or answered again.
        f"(SELECT MAX(history_date) FROM {tables['comment_h']} WHERE plan_id = %s), "
        f"(SELECT MAX(c.changed_at) FROM {tables['consent']} c "
        f"JOIN {tables['person']} p ON p.id = c.person_id WHERE p.borough_id = %s), "
        # The plan's title, its owners' job titles and organisations, and the borough's
        # measure settings (its comparison areas) are read as they are now.
        f"(SELECT MAX(history_date) FROM {tables['plan_h']} WHERE id = %s), "
        f"(SELECT MAX(history_date) FROM {tables['person_h']} WHERE borough_id = %s), "
        f"(SELECT MAX(history_date) FROM {tables['organisation_h']} WHERE borough_id = %s), "
        f"(SELECT MAX(history_date) FROM {tables['borough_h']} WHERE id = %s)"
    )


def version_of(plan):
    """(ETag, Last-Modified, the last final round's id) of a plan's public page:
    everything its content depends on, in one query, so a CDN's revalidation and a
    worker's kept page cost little."""
    b, p = plan.borough_id, plan.pk
    final = [*_last_final_id.sql(b)[1], *_last_final_closed.sql(b)[1]]
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [*final, p, p, b, p, b, b, b])
        final_id, *found = cursor.fetchone()
    stamps = [plan.publication.changed_at, *(aware(v) for v in found)]
    last = max(s for s in stamps if s is not None)
    key = f"{p}|{final_id or 0}|{[s.isoformat() if s else '' for s in stamps]}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], last, final_id
