"""The demo data makes a sensible pack for every borough, marked as illustrative."""

import datetime as dt

import pytest
from django.core.management import call_command

from actions.models import Action, StatusUpdate
from boroughs.models import Borough
from reports.generation import generate_pack_files
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import SECTION_HEADINGS, pdf_text

TODAY = dt.date(2026, 11, 23)


@pytest.mark.django_db
def test_each_demo_borough_gets_a_pack_for_the_last_quarter_that_matches_its_history(tmp_path):
    call_command("load_demo", "--force", "--today", TODAY.isoformat(), verbosity=0)
    period = ReportingPeriod.containing(TODAY).previous()
    boroughs = list(Borough.objects.filter(plans__isnull=False).distinct())
    assert boroughs
    for borough in boroughs:
        files = generate_pack_files(borough=borough, period=period)
        latest = {}
        rows = Action.history.filter(
            plan__borough=borough, history_date__lte=period.end_datetime()
        ).order_by("history_date", "history_id")
        for row in rows:
            latest[row.id] = row
        live = [row for row in latest.values() if row.history_type != "-"]
        # Each action's rating is its latest update reporting on the quarter or before,
        # written after the quarter ended (the round is still open), else its history's.
        reported = {}
        for update in StatusUpdate.objects.filter(
            action__plan__borough=borough, date__lte=period.end
        ).order_by("date", "created_at", "id"):
            reported[update.action_id] = update.status
        assert any(
            u.created_at > period.end_datetime()
            for u in StatusUpdate.objects.filter(action__plan__borough=borough)
        )
        statuses = [reported.get(row.id, row.status) for row in live]
        overall = files.content["summary"]["overall"]
        assert overall["total"] == len(live), borough.name
        assert overall["red"] == statuses.count("red"), borough.name
        assert overall["blue"] == statuses.count("blue"), borough.name
        assert files.content["draft"] is True, borough.name
        text = pdf_text(files.pdf, tmp_path)
        # Page one is one page: it ends with the decisions; the contents open page two
        pages = text.split("\f")
        assert "Decisions the board is asked to make" in pages[0], borough.name
        assert "Contents" not in pages[0], borough.name
        assert "Contents" in pages[1].split("Data quality")[0], borough.name
        headline = files.content["headline"]
        if headline["undated"] and not headline["overdue"]:
            # A bold "0 overdue" never leads while due dates are missing
            assert "0 overdue" not in pages[0], borough.name
            assert "none of the dated ones is overdue" in " ".join(pages[0].split())
        shown = files.content["attention_shown"]
        assert shown >= 1 or not files.content["attention"], borough.name
        if len(files.content["attention"]) > shown:
            more = len(files.content["attention"]) - shown
            assert f"And {more} more, see section 3 (Exceptions)" in " ".join(pages[0].split())
        for heading in SECTION_HEADINGS:
            assert heading in text, (borough.name, heading)
        if any(row.status for row in live):
            assert files.content["has_illustrative"], borough.name
            assert "illustrative demonstration data" in " ".join(text.split())
