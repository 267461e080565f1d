"""National SEND indicators: the DfE's published figures (LAIT) for every local area.

Reference data, loaded from fixtures/lait-send/ by `manage.py load_indicators` and never
edited in the app, so it keeps no history. An Area is a local authority, a region or
England, keyed by the DfE's LA number (Hackney 204, London 986, England 970); a Borough
finds its own area by Borough.la_number. A figure the DfE does not publish ("-" in the
file: suppressed or not collected) is kept as a row with no value, so "no figure for
2023" is a fact the app can show rather than a gap.
"""

import datetime as dt

from django.db import models

ENGLAND = 970
LONDON = 986
# The DfE files London boroughs under "Inner London" or "Outer London", whose own rows
# are mostly empty; the London figure is the one boards compare with.
LONDON_SUBREGIONS = {"inner london", "outer london"}


class Indicator(models.Model):
    """One LAIT indicator, with the DfE's own words for it."""

    class YearType(models.TextChoices):
        CALENDAR = "Calendar Year"
        ACADEMIC = "Academic Year"
        FINANCIAL = "Financial Year"
        JANUARY = "Annual - January"

    code = models.CharField(max_length=60, unique=True, help_text="LAIT's short name.")
    topic = models.CharField(max_length=100)
    name = models.CharField(max_length=300)
    chart_title = models.CharField(max_length=300)
    unit = models.CharField(max_length=100, help_text="The DfE's axis label.")
    # As the DfE writes it: "High" (higher is better), "Low", or "-"/"NA" (neither).
    polarity = models.CharField(max_length=10, blank=True)
    year_type = models.CharField(max_length=30)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=100, blank=True)
    methodology = models.TextField(blank=True)
    links = models.TextField(blank=True)

    class Meta:
        ordering = ["topic", "name"]

    def __str__(self):
        return self.name

    @property
    def direction(self):
        """ "up", "down" or "": the polarity in SuccessMeasure.Direction's terms."""
        return {"high": "up", "low": "down"}.get(self.polarity.strip().lower(), "")

    @property
    def is_percentage(self):
        return self.unit.startswith("%") or "(%)" in self.chart_title

    def period_end(self, year):
        """The date a figure labelled ``year`` stands for, to order and rate it.

        The DfE labels each figure by one year; what the year means depends on the
        indicator. An academic year is labelled by the year it ends (2024 = 2023/24).
        """
        if self.year_type == self.YearType.ACADEMIC:
            return dt.date(year, 8, 31)
        if self.year_type == self.YearType.FINANCIAL:
            return dt.date(year, 3, 31)
        if self.year_type == self.YearType.JANUARY:
            return dt.date(year, 1, 31)
        return dt.date(year, 12, 31)


class Area(models.Model):
    """A local authority, a region or England, as the DfE names and numbers it."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        REGION = "region", "Region"
        ENGLAND = "england", "England"

    la_number = models.PositiveSmallIntegerField("DfE LA number", unique=True)
    name = models.CharField(max_length=100)
    # The DfE's region of a local authority ("Inner London"); blank for regions.
    region = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=10, choices=Kind)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def region_area(self):
        """The region this local authority is compared with (London for London boroughs)."""
        region = self.region.strip().lower()
        if not region:
            return None
        if region in LONDON_SUBREGIONS:
            return Area.objects.filter(la_number=LONDON).first()
        return Area.objects.filter(kind=Area.Kind.REGION, name__iexact=region).first()


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="indicator_values")
    # The DfE's label, kept as written ("2025 (prov)"); year and provisional read from it.
    year_label = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    provisional = models.BooleanField(default=False)
    # None where the DfE publishes no figure ("-").
    value = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)

    class Meta:
        ordering = ["indicator", "area", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year_label"], name="indicatorvalue_unique"
            ),
        ]
        indexes = [models.Index(fields=["area", "indicator", "year"], name="indicatorvalue_area")]

    def __str__(self):
        return f"{self.indicator.code} {self.area} {self.year_label}: {self.value}"

    @property
    def date(self):
        return self.indicator.period_end(self.year)
