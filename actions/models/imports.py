"""What a borough's spreadsheets mean: its column headings, layouts and status words."""

from django.db import models
from simple_history.models import HistoricalRecords

from actions.ragb import RAGB
from boroughs.models import Borough, BoroughScopedQuerySet


class ImportColumnMapping(models.Model):
    """What a borough's spreadsheets mean by a column heading the import did not know.

    Set in the import preview; the next import for the borough reads the column so.
    A blank field means "ignore this column".
    """

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    heading = models.CharField(max_length=200, help_text="The heading, normalised.")
    field = models.CharField(max_length=40, blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "heading"], name="import_column_unique")
        ]

    def __str__(self):
        return f"{self.heading} -> {self.field or 'ignored'}"


class ImportLayout(models.Model):
    """How a borough's file for a plan is laid out, as its admin set it on the grid.

    `layout` is {"sheets": {sheet name: {"header_row": spreadsheet row number,
    "columns": {column index: field, or "" to ignore it}, "headings": {row number:
    "priority", "objective" or "context"}}}, "read": [sheet names] or absent for all}.
    The import of the plan reads the next quarter's file the same way, with no
    questions; the CLI takes it by name (`import_plan --layout NAME`).
    """

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(
        "Plan", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    layout = models.JSONField(default=dict)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "name"], name="import_layout_unique")
        ]

    def __str__(self):
        return self.name


class ImportStatusWord(models.Model):
    """A borough's own status word and the RAGB rating it means ("" = not rated)."""

    borough = models.ForeignKey(Borough, on_delete=models.CASCADE, related_name="+")
    word = models.CharField(max_length=200, help_text="The word, normalised.")
    status = models.CharField(max_length=10, choices=RAGB, blank=True)

    history = HistoricalRecords()

    objects = BoroughScopedQuerySet.as_manager()
    borough_path = "borough"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borough", "word"], name="import_status_word_unique")
        ]

    def __str__(self):
        return f"{self.word} -> {self.status or 'not rated'}"
