"""Reads for the public pages and co-production: which plans are public, the last final
round, owners' public names, comments. Nothing here reads an open round or a review."""

import hashlib

from django.db.models import Max, Q
from django.http import Http404

from actions.models import Plan
from boroughs.models import Borough, Person
from governance.models import ReportingRound, RoundStatus
from reports.public.models import ActionPublicSummary, Comment, PlanPublication


def published_plan_or_404(borough_slug, plan_slug):
    """The plan at /public/<borough>/<plan>/ if its page is on; else 404, never 403."""
    plan = (
        Plan.objects.select_related("borough", "publication")
        .filter(
            borough__slug=borough_slug,
            slug=plan_slug,
            publication__is_published=True,
        )
        .first()
    )
    if plan is None:
        raise Http404("No public page here.")
    return plan


def published_plans(borough=None):
    plans = Plan.objects.select_related("borough").filter(publication__is_published=True)
    if borough is not None:
        plans = plans.filter(borough=borough)
    return plans.order_by("borough__name", "title")


def publication_of(plan):
    return PlanPublication.objects.filter(plan=plan).first()


def last_final_round(borough):
    """The borough's newest final round (its whole-borough one): what the public sees."""
    return (
        ReportingRound.objects.filter(borough=borough, board__isnull=True, status=RoundStatus.FINAL)
        .order_by("-period_year", "-period_quarter")
        .first()
    )


def public_summaries(action_ids):
    """{action id: the lead's public summary}, blank ones left out."""
    rows = ActionPublicSummary.objects.filter(action_id__in=action_ids).exclude(text="")
    return dict(rows.values_list("action_id", "text"))


def owner_names(person_ids):
    """{person id: how the public sees them}: the name only with their consent, else
    their job title or organisation."""
    people = Person.objects.filter(pk__in=person_ids).select_related(
        "organisation", "public_name_consent"
    )
    names = {}
    for person in people:
        consent = getattr(person, "public_name_consent", None)
        role = person.job_title or (person.organisation.name if person.organisation else "")
        if person.is_role:
            # A role or team names nobody, so the public sees it as written.
            names[person.pk] = person.name
        elif consent is not None and consent.consented:
            names[person.pk] = f"{person.name}, {role}" if role else person.name
        else:
            names[person.pk] = role or "An officer of the local area"
    return names


def you_said_we_did(plan):
    """Published comments of `plan`, answered, newest first."""
    return (
        Comment.objects.filter(plan=plan, published_at__isnull=False)
        .exclude(reply="")
        .select_related("action", "measure")
        .order_by("-published_at", "-id")
    )


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


def version_of(plan):
    """(ETag, Last-Modified) of a plan's public page: everything its content depends on,
    read in a few small queries, so a CDN's revalidation costs little."""
    publication = plan.publication
    final = last_final_round(plan.borough)
    stamps = [publication.changed_at]
    if final is not None:
        stamps.append(final.closed_at)
    summaries = ActionPublicSummary.objects.filter(action__plan=plan).aggregate(m=Max("changed_at"))
    comments = Comment.objects.filter(plan=plan).aggregate(m=Max("published_at"))
    consents = Person.objects.filter(borough_id=plan.borough_id).aggregate(
        m=Max("public_name_consent__changed_at")
    )
    # The plan's title and the owners' job titles are read as they are now.
    plan_changed = Plan.history.filter(id=plan.pk).aggregate(m=Max("history_date"))
    people_changed = Person.history.filter(borough_id=plan.borough_id).aggregate(
        m=Max("history_date")
    )
    # The borough's measure settings (its comparison areas) are read as they are now too.
    borough_changed = Borough.history.filter(id=plan.borough_id).aggregate(m=Max("history_date"))
    found = (summaries, comments, consents, plan_changed, people_changed, borough_changed)
    stamps += [v["m"] for v in found if v["m"] is not None]
    last = max(stamps)
    published_ids = ",".join(str(c) for c in you_said_we_did(plan).values_list("pk", flat=True))
    key = f"{plan.pk}|{final.pk if final else 0}|{[s.isoformat() for s in stamps]}|{published_ids}"
    return hashlib.sha256(key.encode()).hexdigest()[:32], last
