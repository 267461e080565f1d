"""load_indicators: the DfE's LAIT extract loaded as published, every row, idempotently."""

import csv
import shutil
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from boroughs.indicator_loader import DIRECTORY, parse_value, parse_year
from boroughs.models import Area, Indicator, IndicatorValue

TWENTY_WEEKS = "SEN_EHC_Excpt_20wks"


def _figure(code, la_number, year):
    return IndicatorValue.objects.get(
        indicator__code=code, area__la_number=la_number, year_label=year
    ).value


@pytest.fixture(scope="module")
def file_rows():
    with (DIRECTORY / "values.csv").open(newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.mark.django_db
def test_every_row_is_loaded_and_a_second_run_changes_nothing(file_rows, capsys):
    call_command("load_indicators")
    first = capsys.readouterr().out
    assert f"{file_rows} created" in first
    assert IndicatorValue.objects.count() == file_rows == 94520
    assert Indicator.objects.count() == 74
    assert Area.objects.count() == 170

    call_command("load_indicators")
    second = capsys.readouterr().out
    assert "0 created, 0 updated, 0 deleted" in second
    assert f"{file_rows} unchanged" in second
    assert IndicatorValue.objects.count() == file_rows


@pytest.mark.django_db
def test_known_figures_are_as_the_dfe_publishes_them():
    call_command("load_indicators")
    assert _figure(TWENTY_WEEKS, 970, "2024") == Decimal("46.4")  # England
    assert _figure(TWENTY_WEEKS, 204, "2024") == Decimal("43.3")  # Hackney
    assert _figure(TWENTY_WEEKS, 204, "2023") is None  # "-": no figure
    # "64.900000000000006" in the file is 64.9.
    assert _figure(TWENTY_WEEKS, 970, "2017") == Decimal("64.9")
    indicator = Indicator.objects.get(code=TWENTY_WEEKS)
    assert indicator.direction == "up"
    assert Indicator.objects.get(code="SEN_AppealableDec").direction == "down"
    hackney = Area.objects.get(la_number=204)
    assert (hackney.name, hackney.kind, hackney.region_area().name) == (
        "Hackney",
        "la",
        "London",
    )
    assert Area.objects.get(la_number=970).kind == "england"
    assert IndicatorValue.objects.filter(year_label="2025 (prov)", provisional=True).exists()


@pytest.mark.django_db
def test_a_newer_extract_updates_changed_figures_and_drops_withdrawn_ones(tmp_path, capsys):
    call_command("load_indicators")
    shutil.copy(DIRECTORY / "indicators.csv", tmp_path)
    with (DIRECTORY / "values.csv").open(newline="") as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[1:]
    body = [r for r in body if not (r[0] == TWENTY_WEEKS and r[1] == "2016")]
    for r in body:
        if r[0] == TWENTY_WEEKS and r[1] == "2023" and r[3] == "204":
            r[5] = "51.2"
    with (tmp_path / "values.csv").open("w", newline="") as target:
        csv.writer(target).writerows([header, *body])

    call_command("load_indicators", directory=str(tmp_path))
    out = capsys.readouterr().out
    assert "figures: 0 created, 1 updated, 170 deleted" in out
    assert _figure(TWENTY_WEEKS, 204, "2023") == Decimal("51.2")


@pytest.mark.django_db
def test_a_bad_file_is_refused_and_nothing_is_written(tmp_path):
    shutil.copy(DIRECTORY / "indicators.csv", tmp_path)
    (tmp_path / "values.csv").write_text(
        "code,years,area,la_number,region,value\n"
        f"{TWENTY_WEEKS},2024,Hackney,204,Inner London,43.3\n"
        f"{TWENTY_WEEKS},twenty24,Hackney,204,Inner London,43.3\n"
    )
    with pytest.raises(CommandError, match="line 3: expected a year like 2024"):
        call_command("load_indicators", directory=str(tmp_path))
    assert not Indicator.objects.exists()
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("-", None),
        ("64.900000000000006", Decimal("64.9")),
        ("-7.0000000000000007E-2", Decimal("-0.07")),
        ("100", Decimal("100")),
    ],
)
def test_raw_values_are_read_as_the_dfe_meant_them(text, value):
    assert parse_value(text) == value


def test_provisional_years_are_recognised():
    assert parse_year("2025 (prov)") == (2025, True)
    assert parse_year("2024") == (2024, False)
