"""Writes for the public pages and co-production, each audited with who and why."""

import logging
from smtplib import SMTPException

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from boroughs.audit import audited_save
from reports.public.models import ActionPublicSummary, Comment, PlanPublication, PublicNameConsent
from sendplan.links import absolute_url
from sendplan.text import one_line

logger = logging.getLogger(__name__)


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
    answered = comment.reply and comment.reply != _saved_reply(comment)
    audited_save(comment, user=user, reason=reason)
    if answered:
        _tell_the_author(comment)
    return comment


def _saved_reply(comment):
    return Comment.objects.filter(pk=comment.pk).values_list("reply", flat=True).first() or ""


def _tell_the_author(comment):
    """Email the partner that their comment has a new or changed reply. A failed email is
    logged and the reply kept: the partner also sees it on the plan's page."""
    author = comment.author
    if not author.email:
        return
    subject = comment.action.reference if comment.action_id else comment.measure.description
    replier = comment.replied_by
    context = {
        "name": author.get_full_name() or author.get_username(),
        "replier": replier.get_full_name() or replier.get_username(),
        "subject": one_line(subject)[:120],
        "plan": one_line(comment.plan.title),
        "comment": comment,
        "url": absolute_url(reverse("partner_plan", args=[comment.plan_id]) + "#comments"),
    }
    try:
        send_mail(
            subject=one_line(f"Your comment on {comment.plan.title} has been answered"),
            message=render_to_string("reports/public/comment_answered_email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[author.email],
        )
    except (SMTPException, OSError):
        logger.exception("The email telling a partner of a reply could not be sent")
