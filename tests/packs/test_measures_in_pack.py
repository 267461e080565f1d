"""A pack tells the truth about measures: national figures from their source, and
measures with nothing to say kept to one line of data quality. Read from one PDF."""

import re

import pytest

from actions.measure_services import borough_measure_settings_update, measure_link_indicator
from actions.models import SuccessMeasure
from boroughs.indicators import Area
from boroughs.models import Borough
from reports.generation import generate_pack_files
from tests.measures.conftest import TWENTY_WEEKS, indicators, lait_slice  # noqa: F401
from tests.packs.conftest import Q2, at, pdf_text

APRIL = at(2025, 4, 1)


@pytest.fixture
def measured_pack(pack_world, borough, indicators, tmp_path):  # noqa: F811
    # Given H&F (LA 205) compared with Camden and Westminster, a measure linked to the
    # DfE's 20-week timeliness, and 50 measures with neither a value nor a target
    borough.la_number = 205
    borough.save()
    borough = Borough.objects.get(pk=borough.pk)
    borough_measure_settings_update(
        borough=borough,
        user=None,
        amber_margin=10,
        amber_when_improving=True,
        comparators=list(Area.objects.filter(la_number__in=[202, 213])),
    )
    linked = SuccessMeasure.objects.create(
        plan=pack_world["plan"], description="EHC plans within 20 weeks (statutory)", target=75
    )
    measure_link_indicator(measure=linked, user=None, indicator=indicators[TWENTY_WEEKS])
    SuccessMeasure.objects.bulk_create(
        SuccessMeasure(plan=pack_world["plan"], description=f"Families say things improved {i}")
        for i in range(50)
    )
    for model in (SuccessMeasure, Borough):
        model.history.model.objects.update(history_date=APRIL)
    SuccessMeasure.history.bulk_history_create(
        SuccessMeasure.objects.filter(description__startswith="Families say"),
        default_date=APRIL,
    )
    files = generate_pack_files(borough=borough, period=Q2)
    return files, pdf_text(files.pdf, tmp_path)


def test_a_linked_measure_shows_the_dfe_figure_and_empty_ones_are_one_line(measured_pack):
    files, text = measured_pack
    flat = " ".join(text.split())
    [linked] = [m for m in files.content["measures"] if m["national"]]
    # Then it is rated on H&F's 2024 figure (85.4%), the latest dated by 30 September 2025
    assert linked["rating"]["rating"] == "green"
    assert linked["national"]["year"] == "2024"
    assert linked["national"]["since"] == {"label": "2023", "value": "81", "change": "better"}
    assert linked["national"]["england"] == {"name": "England", "value": "46.4"}
    assert linked["national"]["region"] == {"name": "London", "value": "66.9"}
    assert linked["national"]["neighbours"] == [
        {"name": "Camden", "value": "96.6"},
        {"name": "Westminster", "value": "100"},
    ]
    # And the PDF says so, with the source and year
    assert "Rated Green: 85.4% against a target of 75% (higher is better)." in flat
    assert "the DfE's 2024 figure (calendar year). Source: DfE, LAIT." in flat
    for figure in ("85.4% (2024)", "46.4%", "66.9%", "96.6%"):
        assert figure in flat, figure
    # A table cell wraps, so its words may be interleaved with its neighbours'
    assert re.search(r"Better than .{0,80}2023.{0,80}\(81%\)", flat)
    assert "Camden" in flat and "Westminster" in flat

    # Measures without figures are one data-quality line and no measure rows (same PDF):
    # the own-value measure and the linked one have figures; the other 50 do not
    assert files.content["data_quality"]["measures_without_values"]["count"] == 50
    assert "Success measures with a figure (2); 50 more have none yet (see Data quality)" in flat
    assert re.search(r"Success measures with no figure yet .*? 50 Families say", flat)
    assert "and 42 more" in flat
    # Not one of them has a heading, a row or a placeholder in the measures section
    measures_part = flat.split("Success measures with a figure (2)")[1].split("Risk register")[0]
    assert "Families say" not in measures_part
    assert "No target is set" not in flat
