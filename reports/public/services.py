"""Writes for the public pages and co-production, each audited with who and why."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boroughs.audit import audited_save
from reports.public.models import ActionPublicSummary, Comment, PlanPublication, PublicNameConsent


@transaction.atomic
def publication_set(*, plan, user, published):
    """Switch a plan's public page on or off; off takes effect with the next request."""
    publication = PlanPublication.objects.select_for_update().filter(plan=plan).first()
    publication = publication or PlanPublication(plan=plan)
    if publication.pk and publication.is_published == published:
        return publication
    publication.is_published = published
    publication.changed_at = timezone.now()
    reason = "Public page published" if published else "Public page unpublished"
    return audited_save(publication, user=user, reason=reason)


@transaction.atomic
def public_summary_save(*, action, user, text):
    summary = ActionPublicSummary.objects.filter(action=action).first()
    summary = summary or ActionPublicSummary(action=action)
    summary.text = text.strip()
    summary.changed_at = timezone.now()
    reason = "Public summary written" if summary.text else "Public summary removed"
    return audited_save(summary, user=user, reason=reason)


@transaction.atomic
def name_consent_set(*, person, user, consented):
    consent = PublicNameConsent.objects.filter(person=person).first()
    consent = consent or PublicNameConsent(person=person)
    consent.consented = consented
    consent.changed_at = timezone.now()
    reason = "Agreed to be named in public" if consented else "Withdrew agreement to be named"
    return audited_save(consent, user=user, reason=reason)


@transaction.atomic
def comment_add(*, plan, user, text, action=None, measure=None):
    subject = action or measure
    if subject is None or subject.plan_id != plan.pk:
        raise ValidationError("Choose an action or measure of this plan.")
    comment = Comment(plan=plan, action=action, measure=measure, author=user, text=text.strip())
    return audited_save(comment, user=user, reason="Comment added")


@transaction.atomic
def comment_reply(*, comment, user, reply, publish):
    """Answer a comment; with `publish`, show both on the public page ("You said, we did")."""
    comment.reply = reply.strip()
    comment.replied_by = user
    comment.replied_at = timezone.now()
    if publish and not comment.reply:
        raise ValidationError({"reply": "Enter a reply before publishing it"})
    comment.published_at = (comment.published_at or timezone.now()) if publish else None
    reason = "Comment answered and published" if publish else "Comment answered"
    return audited_save(comment, user=user, reason=reason)
