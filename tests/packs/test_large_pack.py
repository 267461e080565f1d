"""The worst case the benchmark measures (bench/large_borough.py: 300 actions, every one
re-rated every quarter for two years), read back from its PDF: page one is one page, and
the whole pack stays within 45 pages."""

import io

import pypdf
import pytest

from bench.large_borough import ACTIONS, build_borough
from reports.generation import generate_pack_files
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import pdf_text


@pytest.mark.django_db
def test_the_300_action_packs_page_one_fits_one_page_and_the_pack_45_pages(tmp_path):
    # Given the benchmark's borough of 300 actions, with many of them needing attention
    period = ReportingPeriod(2025, 2)
    borough, board = build_borough(period)

    # When its board pack is made
    files = generate_pack_files(borough=borough, period=period, board=board)

    # Then page one holds the summary through to the decisions, and no more
    pages = pdf_text(files.pdf, tmp_path).split("\f")
    first = " ".join(pages[0].split())
    assert "Decisions the board is asked to make" in first
    assert "Contents" not in first
    assert "Contents" in pages[1]
    # the attention list is cut to what fits, pointing to the rest
    attention, shown = files.content["attention"], files.content["attention_shown"]
    assert files.content["summary"]["overall"]["total"] == ACTIONS
    assert 1 <= shown < len(attention)
    assert f"And {len(attention) - shown} more, see section 3 (Exceptions)" in first
    # And the whole pack is at most 45 pages
    assert len(pypdf.PdfReader(io.BytesIO(files.pdf)).pages) <= 45
