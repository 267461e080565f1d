"""Round defaults that fit the day (issue 27): deadlines proposed from today for a
quarter that ended weeks ago, imported completed actions that never block an update,
counts that stay put across a save, and owner links confirmed and shown."""

import datetime as dt

import pytest
from django.urls import reverse

from actions.models import RAGB, Action
from actions.spreadsheets.services import ImportRejected, import_plan
from governance.round_forms import RoundOpenForm, RoundUpdateForm
from governance.round_selectors import mine_in_round, progress_summary, round_progress
from governance.round_services import round_open
from sendplan.periods import ReportingPeriod
from tests.imports.conftest import xlsx_bytes
from tests.rounds.conftest import Q2

TODAY = dt.date(2025, 12, 5)  # 2025/26 Q2 ended on 30 September, 66 days before


def test_a_round_for_a_quarter_that_ended_weeks_ago_proposes_deadlines_from_today(
    borough, borough_admin
):
    form = RoundOpenForm(today=TODAY)
    assert "Leave blank for 25 December 2025" in form.fields["update_deadline"].help_text
    assert "Leave blank for 4 January 2026" in form.fields["review_deadline"].help_text

    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin, today=TODAY)

    assert reporting_round.update_deadline == dt.date(2025, 12, 25)
    assert reporting_round.review_deadline == dt.date(2026, 1, 4)


def test_a_deadline_already_past_is_refused_with_a_message(borough):
    form = RoundOpenForm(
        {
            "period": Q2.slug,
            "update_deadline_day": "20",
            "update_deadline_month": "10",
            "update_deadline_year": "2025",
        },
        today=TODAY,
    )
    assert not form.is_valid()
    assert form.errors["update_deadline"] == ["Updates due by must be today or in the future"]


def _import(borough, rows, header=("Ref", "Action", "Status", "Date completed")):
    _, plan = import_plan(
        data=xlsx_bytes(list(header), rows),
        filename="plan.xlsx",
        borough=borough,
        new_plan_title="TEST DATA: plan",
    )
    return {a.reference: a for a in Action.objects.filter(plan=plan)}


def test_an_imported_completed_action_carries_the_date_its_file_gives(borough):
    got = _import(
        borough,
        [
            ["1", "TEST DATA: done", "Complete", dt.date(2025, 3, 14)],
            ["2", "TEST DATA: b", "Green", ""],
        ],
    )
    assert got["1"].status == RAGB.BLUE and got["1"].completed_on == dt.date(2025, 3, 14)
    assert got["1"].updates.get().completed_on == dt.date(2025, 3, 14)
    assert got["2"].completed_on is None


def test_an_imported_completed_action_without_a_date_never_blocks_an_update(borough):
    action = _import(borough, [["1", "TEST DATA: done", "Complete"]], ("Ref", "Action", "Status"))[
        "1"
    ]
    assert action.completed_on is None
    form = RoundUpdateForm(
        {"status": "blue", "narrative": "", "next_steps": "", "version": action.version},
        action=action,
    )
    assert form.is_valid(), form.errors


def test_a_round_counts_the_same_actions_before_and_after_a_save(round_world, editor, client):
    reporting_round = round_world["round"]
    before = progress_summary(
        round_progress(reporting_round, mine_in_round(reporting_round, editor), today=TODAY)
    )
    action = Action.objects.get(pk=round_world["actions"]["1.1"].pk)
    client.force_login(editor)
    url = reverse("round_update", args=[reporting_round.pk]) + f"?action={action.pk}"
    # Completed, long before the quarter began: the update still counts in this round.
    response = client.post(
        url,
        {
            "version": action.version,
            "status": "blue",
            "narrative": "Finished last year.",
            "completed_on_day": "1",
            "completed_on_month": "2",
            "completed_on_year": "2025",
        },
    )
    assert response.status_code == 302
    after = progress_summary(
        round_progress(reporting_round, mine_in_round(reporting_round, editor), today=TODAY)
    )
    assert (before["done"], before["total"]) == (0, 3)
    assert (after["done"], after["total"]) == (1, 3)
    assert ReportingPeriod.containing(TODAY).previous() == Q2


def test_a_completion_date_before_the_start_date_is_a_row_error(borough):
    with pytest.raises(ImportRejected) as refused:
        _import(
            borough,
            [["1", "TEST DATA: done", "Complete", dt.date(2025, 5, 1), dt.date(2025, 3, 1)]],
            ("Ref", "Action", "Status", "Start date", "Date completed"),
        )
    assert refused.value.result.rows[0].errors == ["The date completed is before the start date."]
    assert not Action.objects.exists()
