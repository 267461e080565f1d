"""Success measures: each with its values by quarter and its rating against its target.

The rating is actions.measures.measure_rating's, as at the period's end, on the measure as
it stood then (its history row) and the borough's rating settings.
"""

from types import SimpleNamespace

from actions import ragb
from actions.measures import measure_rating
from actions.models import MeasureValue, SuccessMeasure
from reports.pack import national
from reports.pack.snapshot import iso, number
from sendplan.history import rows_as_at

TREND_QUARTERS = 6


def _measures(snap):
    measures = rows_as_at(SuccessMeasure, when=snap.when, plan_id__in=list(snap.plan_by_id))
    measures = [m for m in measures if not m.priority_id or m.priority_id in snap.priority_by_id]
    measures.sort(key=lambda m: (snap.plan_by_id[m.plan_id].title, m.position, m.id))
    return measures


def _links(snap, measures):
    """{measure id: (indicator id, direction)} as recorded by the cutoff, like its values.

    Linking a measure to a national indicator says where its figures come from, so a link
    made after the quarter's end but before its round closed counts, as a value would.
    """
    rows = rows_as_at(SuccessMeasure, when=snap.recorded_by, id__in=[m.id for m in measures])
    return {m.id: (m.indicator_id, m.direction) for m in rows if m.indicator_id}


def _values(snap, measures):
    """{measure id: values dated by the period's end}, as recorded by the cutoff."""
    values = {}
    # A value for the quarter recorded after its end still belongs to it.
    for v in rows_as_at(
        MeasureValue, when=snap.recorded_by, measure_id__in=[m.id for m in measures]
    ):
        if v.date <= snap.period.end:
            values.setdefault(v.measure_id, []).append(v)
    return values


def _window(period):
    window = [period]
    for _ in range(TREND_QUARTERS - 1):
        window.insert(0, window[0].previous())
    return window


def _trend(values, window):
    """A point per quarter from the first value on; a quarter with no value is a gap."""
    trend = []
    for quarter in window:
        inside = [v for v in values if quarter.start <= v.date <= quarter.end]
        v = inside[-1] if inside else None
        trend.append(
            {
                "period": quarter.label,
                "date": iso(v.date) if v else None,
                "value": number(v.value) if v else None,
                "illustrative": v.is_illustrative if v else False,
            }
        )
    for index, point in enumerate(trend):
        if point["value"] is not None:
            return trend[index:]
    return []


def _rating(snap, m, values, direction, unit):
    measure = SimpleNamespace(
        target=m.target,
        baseline=m.baseline,
        direction=direction,
        unit=unit,
        target_date=m.target_date,
        plan=SimpleNamespace(borough=snap.borough),
    )
    rated = measure_rating(measure, values, on=snap.period.end)
    return {
        "rating": ragb.key(rated.rating),
        "reason": rated.reason,
        "target_passed": rated.target_passed,
    }


def _latest(values):
    latest = values[-1] if values else None
    if latest is None:
        return None
    return {
        "value": number(latest.value),
        "date": iso(latest.date),
        "illustrative": latest.is_illustrative,
    }


def _since(values, direction):
    """The latest own value against the one before it."""
    if len(values) < 2:
        return None
    latest, previous = values[-1], values[-2]
    return {
        "label": f"{previous.date:%-d %b %Y}",
        "value": number(previous.value),
        "change": national.change(latest.value, previous.value, direction),
    }


def _measure(snap, m, values, window, link, reader):
    """One measure's entry. A linked measure is rated on the DfE's figures (as in the app)."""
    direction, unit = m.direction, m.unit
    figures = None
    rated_on = values
    if link:
        indicator_id, direction = link[0], m.direction or link[1]
        indicator, _, points = reader.points(indicator_id)
        figures = reader.figures(indicator_id, direction)
        rated_on = points
        if not unit and indicator is not None and indicator.is_percentage:
            unit = "%"
    return {
        "description": m.description,
        "rating": _rating(snap, m, rated_on, direction, unit),
        "unit": unit,
        "direction": direction,
        "baseline": number(m.baseline),
        "target": number(m.target),
        "target_date": iso(m.target_date),
        "latest": _latest(values),
        "trend": _trend(values, window),
        "since": _since(values, direction),
        "national": figures,
    }


def section(snap):
    """Every measure in scope; the pack shows those with a figure, data quality the rest."""
    measures = _measures(snap)
    values = _values(snap, measures)
    links = _links(snap, measures)
    window = _window(snap.period)
    reader = national.National(snap, [link[0] for link in links.values()])
    return [
        _measure(
            snap,
            m,
            sorted(values.get(m.id, []), key=lambda v: v.date),
            window,
            links.get(m.id),
            reader,
        )
        for m in measures
    ]


def has_figures(measure):
    """A measure with something to say: a value of its own or a national figure."""
    return bool(measure["latest"] or measure.get("national"))


def rule(snap):
    return {
        "amber_margin": snap.borough.measure_amber_margin,
        "amber_when_improving": snap.borough.measure_amber_when_improving,
    }
