"""Success measures ("how we will know") and their dated values."""

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.models.plans import Objective, Plan, Priority
from boroughs.models import BoroughScopedQuerySet, Indicator


class SuccessMeasure(models.Model):
    """ "How we will know": a measure of progress, on an action, an objective, a priority
    or the whole plan."""

    class Direction(models.TextChoices):
        UP = "up", "Higher is better"
        DOWN = "down", "Lower is better"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    # The action it was written against, when a plan gives an action its own measures
    # (its priority and objective are then the action's, so packs list it as before).
    action = models.ForeignKey(
        "Action", on_delete=models.CASCADE, null=True, blank=True, related_name="measures"
    )
    description = models.TextField()
    unit = models.CharField(max_length=30, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_date = models.DateField(null=True, blank=True)
    direction = models.CharField(max_length=4, choices=Direction, blank=True)
    data_source = models.CharField(max_length=300, blank=True)
    # A measure that is a national indicator takes its values from the DfE's figures for
    # the plan's borough (actions/measure_selectors.py), not from MeasureValue rows.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        help_text="The national indicator this measure is, if any.",
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "plan__borough"

    class Meta:
        ordering = ["plan", "priority__position", "position"]

    def __str__(self):
        return self.description[:80]


class MeasureValue(models.Model):
    measure = models.ForeignKey(SuccessMeasure, on_delete=models.CASCADE, related_name="values")
    # Two kinds of time, as for status updates: the date the value is for, and when it
    # was recorded (a value for 30 September entered in October belongs to Q2's pack).
    date = models.DateField(help_text="The date the value was measured, or its period's end.")
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.TextField(blank=True)
    is_illustrative = models.BooleanField(default=False)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "measure__plan__borough"

    class Meta:
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="measurevalue_unique_date"),
        ]

    def __str__(self):
        return f"{self.value} on {self.date}"
