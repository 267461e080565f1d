"""Fixtures for measures: a slice of the real LAIT extract, loaded fast."""

import csv
import shutil

import pytest

from boroughs.indicator_loader import DIRECTORY, indicators_load
from boroughs.models import Indicator

TWENTY_WEEKS = "SEN_EHC_Excpt_20wks"
APPEALS = "SEN_AppealableDec"


@pytest.fixture(scope="session")
def lait_slice(tmp_path_factory):
    """The real files, cut to two indicators so each test loads them in well under a second."""
    folder = tmp_path_factory.mktemp("lait")
    shutil.copy(DIRECTORY / "indicators.csv", folder)
    with (DIRECTORY / "values.csv").open(newline="") as source:
        rows = list(csv.reader(source))
    with (folder / "values.csv").open("w", newline="") as target:
        csv.writer(target).writerows(
            [rows[0], *(r for r in rows[1:] if r[0] in (TWENTY_WEEKS, APPEALS))]
        )
    return folder


@pytest.fixture
def indicators(db, lait_slice):
    indicators_load(directory=lait_slice)
    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def our_la(borough):
    borough.la_number = 205
    borough.region = "London"
    borough.save()
    return borough
