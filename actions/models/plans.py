"""A plan and its levels: priorities, objectives and the tags on actions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from boroughs.models import Borough, BoroughScopedQuerySet


class LeadAgency(models.TextChoices):
    HEALTH = "health", "Health"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    SOCIAL_CARE = "social_care", "Social care"
    EDUCATION = "education", "Education"
    JOINT = "joint", "Joint"


class PlanKind(models.TextChoices):
    STRATEGY = "strategy", "Strategy"
    ACTION_PLAN = "action_plan", "Action plan"
    INSPECTION_RESPONSE = "inspection_response", "Inspection response"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class Plan(models.Model):
    Kind = PlanKind
    Status = PlanStatus

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="plans")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.ACTION_PLAN)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    source_document = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    # What this plan calls its levels: "Priority", "Ambition", "Workstream", ...
    priority_label = models.CharField(max_length=60, default="Priority")
    objective_label = models.CharField(max_length=60, default="Objective")
    # Time has two axes. An imported plan's history is dated from the first day its file
    # reports on (actions/spreadsheets/apply.py), so packs for those quarters show it;
    # this is when it was recorded here, so a pack made final before then leaves it out.
    recorded_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "slug"], name="plan_unique_slug"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="plan_period_start_before_end",
                violation_error_message="The plan's period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PlanKind.values) & Q(status__in=PlanStatus.values),
                name="plan_kind_and_status_valid",
            ),
        ]

    def __str__(self):
        return self.title


class Priority(models.Model):
    """The plan's top level, whatever the plan calls it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    # Reviews the priority's quarterly updates where the borough reviews them.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_priorities",
    )

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "position"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="priority_unique_position"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Objective(models.Model):
    """An optional middle level: a theme, an inspection issue, a numbered objective."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    number = models.CharField(max_length=20, blank=True)
    title = models.TextField()
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "priority__plan__borough"

    class Meta:
        ordering = ["priority", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "position"], name="objective_unique_position"
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.number else self.title


class Tag(models.Model):
    """A free label on actions, such as "KLOE 1" or a theme: each borough has its own,
    so typing a tag never finds (or reveals) another borough's."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="tags")
    name = models.CharField(max_length=200)

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="tag_name_unique_per_borough")
        ]

    def __str__(self):
        return self.name
