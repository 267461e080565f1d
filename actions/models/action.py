"""The action, what every list of actions asks of it, and its milestones."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from simple_history.models import HistoricalRecords

from actions import ragb
from actions.models.plans import LeadAgency, Objective, Plan, Priority, Tag
from actions.ragb import RAGB
from boroughs.models import BoroughScopedQuerySet, Person


class ActionQuerySet(BoroughScopedQuerySet):
    """The questions every list of actions asks, each answered here once."""

    def not_completed(self):
        return self.exclude(status=RAGB.BLUE)

    def overdue(self, on):
        """Past their due date on `on` and not completed (the rule: ragb.is_overdue)."""
        return self.not_completed().filter(due_date__lt=on)

    def without_due_date(self):
        """Not completed and with no due date: whether they are overdue cannot be told."""
        return self.not_completed().filter(due_date__isnull=True)

    def not_rated_since(self, day):
        """Not completed, and with no rating on or after `day` (never rated counts)."""
        return self.not_completed().filter(Q(status_date__isnull=True) | Q(status_date__lt=day))

    def looked_after_by(self, user):
        """Actions `user` looks after: as a named owner, or as the action's editor."""
        owned = Action.owners.through.objects.filter(person__user=user).values("action_id")
        return self.filter(Q(editor=user) | Q(id__in=owned))

    def by_rating(self, descending=False):
        """Ordered worst first (ragb.ORDER: Red, Amber, Green, Blue, not rated)."""
        rank = rating_rank()
        return self.order_by(rank.desc() if descending else rank.asc(), "id")


def rating_rank(prefix=""):
    """A database expression: an action's place in ragb.ORDER (0 for Red, ...)."""
    return Case(
        *(When(**{f"{prefix}status": s}, then=Value(i)) for i, s in enumerate(ragb.ORDER)),
        output_field=models.IntegerField(),
    )


class Action(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    reference = models.CharField(max_length=30)
    description = models.TextField()
    lead_agency = models.CharField(max_length=20, choices=LeadAgency, blank=True)
    owners = models.ManyToManyField(Person, blank=True, related_name="actions")
    # The senior responsible officer, as the plan names them: accountable for the
    # action, kept apart from the owners who do it (an import's "SRO" column).
    accountable = models.CharField(max_length=300, blank=True)
    # The organisations that lead the action, as the plan words them ("Education
    # Psychology Service with health partners"), in the plan's order; `lead_agency`
    # is the one of five agencies they name, when they name one.
    lead_organisation = models.CharField(max_length=300, blank=True)
    # What the action should change ("what we will see"), apart from its progress.
    expected_impact = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="actions")
    # The officer who keeps this action's status up to date, if not one of its owners.
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edited_actions",
    )
    timescale = models.CharField(
        max_length=500, blank=True, help_text="The timescale as the plan words it."
    )
    due_date = models.DateField(null=True, blank=True, db_index=True)
    start_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=RAGB, blank=True, db_index=True)
    status_narrative = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    status_date = models.DateField("rated on", null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Bumped on every write, so that a form saved over someone else's change is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(m2m_fields=[owners, tags])

    objects = ActionQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "priority__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="action_unique_reference"),
            models.CheckConstraint(
                condition=Q(status__in=[ragb.NOT_RATED, *RAGB.values]),
                name="action_status_ragb",
                violation_error_message="Status must be Red, Amber, Green, Blue or not rated.",
            ),
            models.CheckConstraint(
                condition=Q(lead_agency__in=["", *LeadAgency.values]),
                name="action_lead_agency_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(completed_on__gte=F("start_date")),
                name="action_start_before_completion",
                violation_error_message="An action cannot be completed before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.description[:80]}"

    def is_overdue(self, on):
        return ragb.is_overdue(due_date=self.due_date, status=self.status, on=on)


class MilestoneQuerySet(BoroughScopedQuerySet):
    def overdue(self, on):
        """Not achieved and due before `on` (the rule: Milestone.is_overdue)."""
        return self.filter(achieved_on__isnull=True, due_date__lt=on)


class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.TextField()
    timescale = models.CharField(max_length=200, blank=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    achieved_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = MilestoneQuerySet.as_manager()
    borough_path = "action__plan__borough"

    class Meta:
        ordering = ["action", "due_date", "position"]

    def __str__(self):
        return self.title

    def is_overdue(self, today):
        """Past its due date and not achieved: the one definition of an overdue milestone."""
        return self.achieved_on is None and self.due_date is not None and self.due_date < today
