"""Load the DfE's LAIT extract (fixtures/lait-send/) into Indicator, Area and IndicatorValue.

The files are read as the DfE publishes them (see fixtures/lait-send/README.md): "-" is
no figure, values carry float artefacts ("64.900000000000006", "-7.0000000000000007E-2"),
provisional years are labelled "2025 (prov)", areas go by the DfE's names and numbers.
Loading is idempotent: a second run over the same files changes nothing, and a newer
extract updates what changed and removes figures the DfE no longer publishes. It all
happens in one transaction, so a bad file leaves the database as it was.
"""

import collections
import csv
import dataclasses
import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from boroughs.indicators import ENGLAND, Area, Indicator, IndicatorValue

DIRECTORY = Path(settings.BASE_DIR) / "fixtures" / "lait-send"
INDICATOR_COLUMNS = {
    "code": "code",
    "topic": "topic",
    "measure": "name",
    "chart_title": "chart_title",
    "unit": "unit",
    "polarity": "polarity",
    "year_type": "year_type",
    "description": "description",
    "source": "source",
    "methodology": "methodology",
    "links": "links",
}
VALUE_COLUMNS = ["code", "years", "area", "la_number", "region", "value"]
NO_FIGURE = "-"
PLACES = Decimal("1e-12")
_YEAR = re.compile(r"^(\d{4})\s*(\(prov\))?$", re.I)


class IndicatorFileError(Exception):
    """A file that cannot be read as a LAIT extract; nothing has been written."""


@dataclasses.dataclass
class LoadReport:
    counts: collections.Counter = dataclasses.field(default_factory=collections.Counter)

    def add(self, outcome, label, n=1):
        self.counts[(outcome, label)] += n

    @property
    def changed(self):
        return any(n for (outcome, _), n in self.counts.items() if outcome != "unchanged")

    def summary(self):
        parts = []
        for label in ("indicators", "areas", "figures"):
            counts = {o: self.counts[(o, label)] for o in ("created", "updated", "deleted")}
            counts["unchanged"] = self.counts[("unchanged", label)]
            parts.append(f"{label}: " + ", ".join(f"{n} {o}" for o, n in counts.items()))
        return "; ".join(parts)


def parse_value(text):
    """A figure as a Decimal, or None for the DfE's "-"; float artefacts removed."""
    text = text.strip()
    if text in (NO_FIGURE, "", "NA"):
        return None
    # The DfE's figures are doubles printed in full; the shortest repr is what it meant.
    return Decimal(repr(float(text))).quantize(PLACES)


def parse_year(label):
    """(year, provisional) from a label such as "2024" or "2025 (prov)"."""
    match = _YEAR.match(label.strip())
    if not match:
        raise ValueError(f"expected a year like 2024 or 2025 (prov), found {label!r}")
    return int(match[1]), bool(match[2])


def _rows(path, columns):
    if not path.exists():
        raise IndicatorFileError(f"{path} does not exist")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise IndicatorFileError(f"{path.name} has no column {', '.join(missing)}")
        yield from enumerate(reader, start=2)


def read_indicators(path):
    indicators = {}
    for line, row in _rows(path, INDICATOR_COLUMNS):
        code = row["code"].strip()
        if not code:
            raise IndicatorFileError(f"{path.name} line {line}: the code is empty")
        indicators[code] = {
            field: (row[col] or "").strip()
            for col, field in INDICATOR_COLUMNS.items()
            if field != "code"
        }
    return indicators


def read_values(path, codes):
    areas, values = {}, {}
    for line, row in _rows(path, VALUE_COLUMNS):
        where = f"{path.name} line {line}"
        code = row["code"].strip()
        if code not in codes:
            raise IndicatorFileError(f"{where}: {code!r} is not in indicators.csv")
        try:
            number = int(row["la_number"])
            year, provisional = parse_year(row["years"])
            value = parse_value(row["value"])
        except ValueError as error:
            raise IndicatorFileError(f"{where}: {error}") from None
        region = row["region"].strip()
        areas[number] = {"name": row["area"].strip(), "region": "" if region == "NA" else region}
        key = (code, number, row["years"].strip())
        if key in values:
            raise IndicatorFileError(f"{where}: a second figure for {', '.join(map(str, key))}")
        values[key] = {"year": year, "provisional": provisional, "value": value}
    return areas, values


def _area_kind(number, region):
    if number == ENGLAND:
        return Area.Kind.ENGLAND
    return Area.Kind.LOCAL_AUTHORITY if region else Area.Kind.REGION


@transaction.atomic
def indicators_load(*, directory=DIRECTORY, codes=None):
    """Create or update every indicator, area and figure in ``directory``; see the module.

    ``codes`` limits the figures to those indicators (the demo loads only what it shows);
    figures of other indicators are then left alone.
    """
    directory = Path(directory)
    indicators = read_indicators(directory / "indicators.csv")
    areas, values = read_values(directory / "values.csv", indicators)
    if codes is not None:
        values = {key: v for key, v in values.items() if key[0] in codes}
    report = LoadReport()

    by_code = _sync(Indicator, "code", indicators, report, "indicators")
    for number, area in areas.items():
        area["kind"] = _area_kind(number, area["region"])
    by_number = _sync(Area, "la_number", areas, report, "areas")

    stored = IndicatorValue.objects.all()
    if codes is not None:
        stored = stored.filter(indicator__code__in=codes)
    existing = {(v.indicator_id, v.area_id, v.year_label): v for v in stored}
    create, update = [], []
    for (code, number, label), fields in values.items():
        key = (by_code[code].pk, by_number[number].pk, label)
        row = existing.pop(key, None)
        if row is None:
            create.append(
                IndicatorValue(indicator_id=key[0], area_id=key[1], year_label=label, **fields)
            )
        elif any(getattr(row, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(row, f, v)
            update.append(row)
    IndicatorValue.objects.bulk_create(create, batch_size=2000)
    IndicatorValue.objects.bulk_update(update, ["year", "provisional", "value"], batch_size=2000)
    IndicatorValue.objects.filter(pk__in=[v.pk for v in existing.values()]).delete()
    report.add("created", "figures", len(create))
    report.add("updated", "figures", len(update))
    report.add("deleted", "figures", len(existing))
    report.add("unchanged", "figures", len(values) - len(create) - len(update))
    return report


def _sync(model, key, wanted, report, label):
    """Create or update ``model`` rows keyed by ``key``; return them by key."""
    found = {getattr(obj, key): obj for obj in model.objects.all()}
    for k, fields in wanted.items():
        obj = found.get(k)
        if obj is None:
            found[k] = model.objects.create(**{key: k}, **fields)
            report.add("created", label)
        elif any(getattr(obj, f) != v for f, v in fields.items()):
            for f, v in fields.items():
                setattr(obj, f, v)
            obj.save()
            report.add("updated", label)
        else:
            report.add("unchanged", label)
    return found
