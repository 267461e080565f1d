"""A measure linked to a national indicator: the DfE's figures for the pack's quarter.

The borough's figure for the latest year the DfE labels on or before the quarter's end
(the points of actions.measure_selectors.indicator_points, which the app's measure page
reads too), the year before it for the direction since last year, and England, the
borough's region and its chosen statistical neighbours for the same year. The neighbours
are those chosen as at the quarter's end (the borough's history), so a later choice
leaves the pack alone. National reads all of it once for a quarter's linked measures;
the pack and the public page both ask it.
"""

from actions.measure_selectors import SOURCE, indicator_point, local_area
from boroughs.indicators import ENGLAND, Area, Indicator, IndicatorValue
from boroughs.models import Borough
from reports.pack.snapshot import number
from sendplan.history import rows_as_at


def comparison_areas(snap, local):
    """[(area, role)]: England, the region, then the neighbours chosen at the quarter's end."""
    areas = [(a, "england") for a in Area.objects.filter(la_number=ENGLAND)]
    region = local.region_area() if local else None
    if region is not None:
        areas.append((region, "region"))
    rows = rows_as_at(Borough, when=snap.when, id=snap.borough.pk)
    through = Borough.history.model.comparators.model
    chosen = through.objects.filter(history_id__in=[r.history_id for r in rows])
    neighbours = Area.objects.filter(pk__in=chosen.values("area_id")).order_by("name")
    areas += [(a, "comparator") for a in neighbours if local is None or a.pk != local.pk]
    return areas


def _figures(areas, rows):
    """England, the region and the neighbours: each area's row, the first in `rows`."""
    by_area = {}
    for row in rows:
        by_area.setdefault(row.area_id, row)
    found = {"england": None, "region": None, "neighbours": []}
    for area, role in areas:
        row = by_area.get(area.pk)
        figure = {"name": area.name, "value": number(row.value) if row else None}
        if role == "comparator":
            found["neighbours"].append(figure)
        else:
            found[role] = figure
    return found


def change(latest, previous, direction):
    """'better', 'worse' or 'same' in the measure's direction ('higher'/'lower' without one)."""
    if latest == previous:
        return "same"
    if direction in ("up", "down"):
        return "better" if (latest > previous) == (direction == "up") else "worse"
    return "higher" if latest > previous else "lower"


def _since_last_year(points, latest, direction):
    """How the latest figure compares with the DfE's figure for the year before it."""
    earlier = [p for p in points if p.date < latest.date and p.value is not None]
    if not earlier:
        return None
    previous = earlier[-1]
    return {
        "label": previous.label,
        "value": number(previous.value),
        "change": change(latest.value, previous.value, direction),
    }


class National:
    """The DfE's figures for a quarter's linked measures, read once for all of them.

    `indicator_ids`: the indicators the measures link to. The indicators, the borough's
    area, its comparison areas and every figure of theirs for those indicators are read
    here, in a fixed number of queries however many measures there are (none without a
    link); `points` and `figures` then answer each measure from what was read.
    """

    def __init__(self, snap, indicator_ids):
        self.snap = snap
        ids = {i for i in indicator_ids if i is not None}
        self.indicators = Indicator.objects.in_bulk(ids) if ids else {}
        self.local = local_area(snap.borough) if self.indicators else None
        self.areas = comparison_areas(snap, self.local) if self.local else []
        self.rows = {}
        if self.local is None:
            return
        wanted = [self.local, *(area for area, _ in self.areas)]
        rows = IndicatorValue.objects.filter(indicator_id__in=self.indicators, area__in=wanted)
        for row in rows.order_by("year", "provisional"):
            self.rows.setdefault(row.indicator_id, []).append(row)

    def points(self, indicator_id):
        """(indicator, local area, the borough's DfE points dated by the quarter's end)."""
        indicator = self.indicators.get(indicator_id)
        if indicator is None or self.local is None:
            return indicator, self.local, []
        rows = [r for r in self.rows.get(indicator_id, []) if r.area_id == self.local.pk]
        points = [indicator_point(indicator, row) for row in rows]
        return indicator, self.local, [p for p in points if p.date <= self.snap.period.end]

    def figures(self, indicator_id, direction):
        """The national block of a linked measure, or None when the DfE has no figure yet."""
        indicator, _, points = self.points(indicator_id)
        with_value = [p for p in points if p.value is not None]
        if indicator is None or not with_value:
            return None
        latest = with_value[-1]
        year = int(latest.label[:4])
        # Ordered by year, then provisional: each area's final figure comes first.
        rows = [r for r in self.rows[indicator_id] if r.year == year]
        return {
            "indicator": indicator.name,
            "code": indicator.code,
            "year": latest.label,
            "year_type": indicator.year_type,
            "value": number(latest.value),
            "provisional": latest.provisional,
            "since": _since_last_year(points, latest, direction),
            **_figures(self.areas, rows),
            "source": SOURCE,
        }
