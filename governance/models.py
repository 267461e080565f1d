from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from actions.models import Action
from boroughs.models import Borough, BoroughScopedQuerySet, Person


class Board(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
        EXECUTIVE_BOARD = "executive_board", "Executive board"
        DELIVERY_GROUP = "delivery_group", "Delivery group"
        OFFICER_GROUP = "officer_group", "Officer group"
        OTHER = "other", "Other"

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="boards")
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PARTNERSHIP_BOARD)
    chair = models.CharField(max_length=300, blank=True)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting_boards"
    )

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "slug"], name="board_unique_slug"),
        ]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    # Demo meetings are made up to show the product working; they must say so wherever shown.
    is_illustrative = models.BooleanField(default=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "board__borough"

    class Meta:
        ordering = ["board", "date"]
        constraints = [
            models.UniqueConstraint(fields=["board", "date"], name="meeting_unique_date"),
        ]

    def __str__(self):
        return f"{self.board} on {self.date:%d %B %Y}"


class RiskStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Risk(models.Model):
    Status = RiskStatus

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="risks")
    risk_id = models.CharField(
        "risk ID", max_length=20, help_text="As the plan writes it, like R12."
    )
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 to 5")
    impact = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 to 5")
    owner = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="risks"
    )
    mitigation = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    actions = models.ManyToManyField(Action, blank=True, related_name="risks")

    history = HistoricalRecords(m2m_fields=[actions])

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "risk_id"]
        constraints = [
            models.UniqueConstraint(fields=["borough", "risk_id"], name="risk_unique_id"),
            models.CheckConstraint(
                condition=Q(likelihood__isnull=True) | Q(likelihood__gte=1, likelihood__lte=5),
                name="risk_likelihood_1_to_5",
                violation_error_message="Likelihood must be between 1 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(impact__isnull=True) | Q(impact__gte=1, impact__lte=5),
                name="risk_impact_1_to_5",
                violation_error_message="Impact must be between 1 and 5.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="risk_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.risk_id}: {self.description[:60]}"

    @property
    def score(self):
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact


class InspectionFinding(models.Model):
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, related_name="inspection_findings"
    )
    inspection = models.CharField(max_length=200)
    inspection_date = models.DateField(null=True, blank=True)
    text = models.TextField()
    kloe = models.CharField("KLOE", max_length=30, blank=True)
    actions = models.ManyToManyField(Action, blank=True, related_name="inspection_findings")

    history = HistoricalRecords(m2m_fields=[actions])

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        ordering = ["borough__name", "inspection_date", "id"]

    def __str__(self):
        return self.text[:80]
