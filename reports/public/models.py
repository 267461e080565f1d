"""What a local area chooses to show the public, and what its partners say.

Every model here is audited (django-simple-history): switching a plan's page on or off,
an action's public summary, a named owner's consent and every comment and reply keep
who changed them and when. reports/public/services.py is their one writer.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models import Action, Plan, SuccessMeasure
from boroughs.models import BoroughScopedQuerySet, Person


class PlanPublication(models.Model):
    """Whether a plan's public progress page is on. No row means it never was."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="publication")
    is_published = models.BooleanField(default=False)
    # When it was last switched on or off: the public page's Last-Modified is never older.
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    def __str__(self):
        return f"{self.plan}: {'published' if self.is_published else 'not published'}"


class ActionPublicSummary(models.Model):
    """A lead's words for the public about an action, shown instead of its narrative."""

    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="public_summary")
    text = models.TextField(blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "action__plan__borough"

    def __str__(self):
        return f"Public summary of {self.action.reference}"


class PublicNameConsent(models.Model):
    """A named owner agreed (or withdrew agreement) to be named on public pages.

    Without it an owner appears by job title or organisation, never by name.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="public_name_consent"
    )
    consented = models.BooleanField(default=False)
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "person__borough"

    def __str__(self):
        return f"{self.person.name}: {'named' if self.consented else 'not named'}"


class Comment(models.Model):
    """A co-production partner's comment on an action or a measure, and the lead's reply.

    A replied comment may be published on the public page as "You said, we did".
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    measure = models.ForeignKey(
        SuccessMeasure, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    # Set while it is shown on the public page as "You said, we did".
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__isnull=False) | models.Q(measure__isnull=False),
                name="comment_on_action_or_measure",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | ~models.Q(reply=""),
                name="comment_published_only_when_answered",
            ),
        ]

    def __str__(self):
        return f"Comment {self.pk} on {self.action or self.measure}"

    @property
    def subject(self):
        return self.action if self.action_id else self.measure
