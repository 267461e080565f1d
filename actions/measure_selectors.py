"""Reads for success measures: their values, and a linked indicator's national figures.

A measure linked to a national indicator takes its values from the DfE's figures for the
plan's borough (found by Borough.la_number); England, the borough's region and its chosen
comparator areas are shown alongside. Any other measure's values are its MeasureValue rows.
Either way a value is a Point, which actions.measures.measure_rating can rate.
"""

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch

from actions.measures import measure_rating
from actions.models import MeasureValue, SuccessMeasure
from boroughs.indicators import ENGLAND, Area, IndicatorValue

SOURCE = "Source: DfE, LAIT"


@dataclasses.dataclass(frozen=True)
class Point:
    date: dt.date
    label: str
    value: Decimal | None
    provisional: bool = False
    is_illustrative: bool = False
    note: str = ""
    pk: int | None = None


@dataclasses.dataclass(frozen=True)
class Series:
    """One area's figures for an indicator (or a measure's own values)."""

    name: str
    role: str  # "local", "england", "region" or "comparator"
    points: list


def measure_queryset():
    """Every read of measures starts here: the relations a page or pack needs."""
    return SuccessMeasure.objects.select_related("plan__borough", "priority", "indicator")


def measures_for_plan(plan):
    return (
        measure_queryset()
        .filter(plan=plan)
        .prefetch_related(Prefetch("values", queryset=MeasureValue.objects.order_by("date")))
    )


def local_area(borough):
    if borough.la_number is None:
        return None
    return Area.objects.filter(la_number=borough.la_number).first()


def indicator_point(indicator, row):
    """The Point of one of the indicator's IndicatorValue rows."""
    return Point(
        date=indicator.period_end(row.year),
        label=row.year_label,
        value=row.value,
        provisional=row.provisional,
    )


def indicator_points(indicator, area):
    rows = IndicatorValue.objects.filter(indicator=indicator, area=area).order_by(
        "year", "provisional"
    )
    return [indicator_point(indicator, row) for row in rows]


def own_points(measure):
    """The measure's recorded values, oldest first (uses a prefetch where there is one)."""
    values = sorted(measure.values.all(), key=lambda v: v.date)
    return [
        Point(
            date=v.date,
            label=f"{v.date:%-d %b %Y}",
            value=v.value,
            is_illustrative=v.is_illustrative,
            note=v.note,
            pk=v.pk,
        )
        for v in values
    ]


def measure_points(measure):
    """The values the measure is rated on: the indicator's local figures, or its own."""
    if measure.indicator_id:
        area = local_area(measure.plan.borough)
        return indicator_points(measure.indicator, area) if area else []
    return own_points(measure)


def comparison_areas(borough):
    """The areas a borough's indicators are shown against: England, region, comparators."""
    areas = []
    local = local_area(borough)
    if local is not None:
        areas.append((local, "local"))
    england = Area.objects.filter(la_number=ENGLAND).first()
    if england is not None:
        areas.append((england, "england"))
    region = local.region_area() if local else None
    if region is not None:
        areas.append((region, "region"))
    for area in borough.comparators.exclude(pk__in=[a.pk for a, _ in areas]).order_by("name"):
        areas.append((area, "comparator"))
    return areas


def indicator_series(indicator, borough):
    """One Series per comparison area, each with a Point per year the DfE labels."""
    areas = comparison_areas(borough)
    rows = IndicatorValue.objects.filter(indicator=indicator, area__in=[a for a, _ in areas])
    by_area = {}
    for row in rows.order_by("year", "provisional"):
        by_area.setdefault(row.area_id, []).append(indicator_point(indicator, row))
    return [Series(area.name, role, by_area.get(area.pk, [])) for area, role in areas]


def year_table(series):
    """(labels, rows): the year labels across all series, and each series' value per label."""
    labels = []
    for s in series:
        for p in s.points:
            if p.label not in labels:
                labels.append(p.label)
    labels.sort(key=lambda label: (label[:4], "prov" in label))
    rows = []
    for s in series:
        by_label = {p.label: p.value for p in s.points}
        rows.append({"name": s.name, "role": s.role, "values": [by_label.get(lb) for lb in labels]})
    return labels, rows


def rated(measure, *, on):
    """The measure with its points and rating attached, for pages that list measures."""
    measure.points = measure_points(measure)
    measure.rating = measure_rating(measure, measure.points, on=on)
    measure.is_real = bool(measure.indicator_id)
    measure.has_illustrative = any(p.is_illustrative for p in measure.points)
    return measure
