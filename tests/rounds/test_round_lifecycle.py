"""Reporting rounds: opened after a quarter ends, extended, reviewed, made final; audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governance.models import ReportingRound, RoundStatus
from governance.round_services import (
    round_extend,
    round_finalise,
    round_open,
    round_start_review,
    rounds_open_for_ended_quarters,
)
from sendplan.periods import ReportingPeriod
from tests.rounds.conftest import Q2


def test_an_admin_opens_a_round_with_deadlines_counted_from_the_quarters_end(
    borough, borough_admin
):
    reporting_round = round_open(
        borough=borough, period=Q2, user=borough_admin, today=dt.date(2025, 10, 1)
    )

    assert reporting_round.status == RoundStatus.OPEN
    assert reporting_round.update_deadline == dt.date(2025, 10, 20)
    assert reporting_round.review_deadline == dt.date(2025, 10, 30)
    [row] = reporting_round.history.all()
    assert (row.history_user, row.history_change_reason) == (
        borough_admin,
        "Opened the 2025/26 Q2 round",
    )


def test_a_round_cannot_open_before_its_quarter_ends_nor_twice(borough, borough_admin):
    current = ReportingPeriod.containing(timezone.localdate())
    with pytest.raises(ValidationError, match="has not ended"):
        round_open(borough=borough, period=current, user=borough_admin)
    round_open(borough=borough, period=Q2, user=borough_admin)
    with pytest.raises(ValidationError, match="already has a round"):
        round_open(borough=borough, period=Q2, user=borough_admin)
    assert ReportingRound.objects.count() == 1


def test_only_borough_admins_run_rounds(borough, editor, outsider):
    for user in (editor, outsider):
        with pytest.raises(PermissionDenied):
            round_open(borough=borough, period=Q2, user=user)


def test_a_round_moves_open_to_review_to_final_and_then_never_changes(borough, borough_admin):
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)

    round_extend(
        reporting_round=reporting_round,
        user=borough_admin,
        update_deadline=reporting_round.update_deadline + dt.timedelta(days=7),
    )
    round_start_review(reporting_round=reporting_round, user=borough_admin)
    final = round_finalise(reporting_round=reporting_round, user=borough_admin)

    assert final.status == RoundStatus.FINAL and final.closed_at is not None
    reasons = [h.history_change_reason for h in final.history.order_by("history_date")]
    assert reasons[1].startswith("Extended the deadline to")
    assert reasons[2:] == ["Round in review", "Round final"]
    with pytest.raises(ValidationError):
        round_extend(reporting_round=final, user=borough_admin, update_deadline=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError):
        round_finalise(reporting_round=final, user=borough_admin)


def test_a_deadline_can_move_later_but_not_earlier(borough, borough_admin):
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    with pytest.raises(ValidationError, match="later"):
        round_extend(
            reporting_round=reporting_round,
            user=borough_admin,
            update_deadline=reporting_round.update_deadline - dt.timedelta(days=1),
        )


def test_the_daily_task_opens_each_boroughs_round_the_day_after_the_quarter_ends(
    borough, other_borough
):
    opened = rounds_open_for_ended_quarters(today=dt.date(2025, 10, 1))
    again = rounds_open_for_ended_quarters(today=dt.date(2025, 10, 2))

    assert sorted(r.borough.slug for r in opened) == ["hackney", "hammersmith-fulham"]
    assert {r.period for r in opened} == {Q2}
    assert again == []


def test_an_admin_opens_extends_and_finalises_a_round_through_the_pages(
    client, borough, borough_admin
):
    client.force_login(borough_admin)
    response = client.post(
        reverse("round_open", args=[borough.slug]),
        {"period": Q2.slug, "update_deadline_day": "", "review_deadline_day": ""},
    )
    reporting_round = ReportingRound.objects.get()
    assert response.url == reverse("round_detail", args=[reporting_round.pk])

    later = reporting_round.update_deadline + dt.timedelta(days=7)
    client.post(
        reverse("round_extend", args=[reporting_round.pk]),
        {
            "update_deadline_day": str(later.day),
            "update_deadline_month": str(later.month),
            "update_deadline_year": str(later.year),
        },
    )
    client.post(reverse("round_advance", args=[reporting_round.pk]), {"to": "final"})

    reporting_round.refresh_from_db()
    assert reporting_round.update_deadline == later
    assert reporting_round.status == RoundStatus.FINAL
    page = client.get(reverse("round_detail", args=[reporting_round.pk])).content.decode()
    assert "Final since" in page and "Make final" not in page


def test_the_open_form_refuses_a_review_deadline_before_the_update_deadline(
    client, borough, borough_admin
):
    client.force_login(borough_admin)
    # Deadlines from today: a deadline already past is refused for that reason first.
    updates = dt.date.today() + dt.timedelta(days=20)
    reviews = dt.date.today() + dt.timedelta(days=1)
    response = client.post(
        reverse("round_open", args=[borough.slug]),
        {
            "period": Q2.slug,
            "update_deadline_day": str(updates.day),
            "update_deadline_month": str(updates.month),
            "update_deadline_year": str(updates.year),
            "review_deadline_day": str(reviews.day),
            "review_deadline_month": str(reviews.month),
            "review_deadline_year": str(reviews.year),
        },
    )
    assert response.status_code == 400
    assert "Reviews due by must be on or after updates due by" in response.content.decode()
    assert not ReportingRound.objects.exists()


def test_a_board_with_its_own_scope_gets_its_own_round_and_its_packs_follow_it(
    client, borough, borough_admin
):
    from governance.models import Board
    from governance.round_selectors import pack_is_draft

    board = Board.objects.create(borough=borough, slug="health", name="Health board")
    client.force_login(borough_admin)
    client.post(
        reverse("round_open", args=[borough.slug]),
        {"period": Q2.slug, "board": str(board.pk)},
    )

    reporting_round = ReportingRound.objects.get()
    assert reporting_round.board == board
    assert pack_is_draft(borough, Q2, board) is True
    assert pack_is_draft(borough, Q2) is False  # the whole borough has no round yet
