"""load_demo adds illustrative, clearly marked, repeatable history on top of the seeds."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from actions.models import Action, MeasureValue, Plan, StatusUpdate
from actions.selectors import actions_for_quarter, plan_actions_as_at
from boroughs.selectors import boroughs_for_user
from governance.demo import DEMO_PASSWORD, demo_quarters, load_demo
from governance.models import Board, Meeting, ReportingRound
from sendplan.periods import ReportingPeriod

TODAY = dt.date(2025, 5, 20)  # in 2025/26 Q1, so the span is 2023/24 Q3 to 2024/25 Q4
SPAN = [ReportingPeriod.parse(p) for p in ("2023/24 Q3", "2023/24 Q4", "2024/25 Q1",
                                           "2024/25 Q2", "2024/25 Q3", "2024/25 Q4")]  # fmt: skip


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo(today=TODAY)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_once, db):
    return None


def test_the_demo_covers_the_six_complete_quarters_before_today():
    assert demo_quarters(TODAY) == SPAN


def test_every_demo_rating_is_marked_illustrative_in_six_quarters(demo):
    updates = StatusUpdate.objects.all()
    assert updates.exists()
    assert not updates.filter(is_illustrative=False).exists()
    assert all(n.startswith("Illustrative: ") for n in updates.values_list("narrative", flat=True))
    quarters = {ReportingPeriod.containing(d) for d in updates.values_list("date", flat=True)}
    assert quarters == set(SPAN)
    # Every action is rated in the first quarter.
    first = updates.filter(date__range=(SPAN[0].start, SPAN[0].end))
    assert first.count() == Action.objects.count()


def test_demo_updates_are_written_in_the_weeks_after_their_quarter_some_late(demo):
    # Two kinds of time: each update reports on a day in its quarter and was written
    # after the quarter ended, as the round asks, and before the round closed.
    late = 0
    for update in StatusUpdate.objects.all():
        quarter = ReportingPeriod.containing(update.date)
        written = update.created_at.astimezone(quarter.end_datetime().tzinfo).date()
        # Its first history row is its writing (a reviewed one has a second, the review).
        first = update.history.order_by("history_date", "history_id").first()
        assert first.history_date == update.created_at
        assert quarter.end < written <= quarter.end + dt.timedelta(days=45), update
        late += written > quarter.end + dt.timedelta(days=20)
    assert 0 < late < StatusUpdate.objects.count() / 4


def test_ratings_look_plausible(demo):
    final = Counter(Action.objects.values_list("status", flat=True))
    total = sum(final.values())
    assert final["green"] + final["amber"] > total / 2
    assert 0 < final["red"] < total / 10
    assert 0 < final["blue"] < total / 3
    completed = Action.objects.filter(status="blue")
    assert not completed.filter(completed_on__isnull=True).exists()
    latest = SPAN[-1]
    unrated = Action.objects.exclude(status="blue").exclude(
        updates__date__range=(latest.start, latest.end)
    )
    assert 5 <= unrated.count() <= 25  # a handful are due an update


def test_a_past_quarter_reads_back_with_the_illustrative_ratings_reported_for_it(demo):
    plan = Plan.objects.get(slug="send-inspection-2019")
    quarter = SPAN[2]
    rated_then = {
        u.action_id: u
        for u in StatusUpdate.objects.filter(
            action__plan=plan, date__range=(quarter.start, quarter.end)
        )
    }
    closed = ReportingRound.objects.get(
        borough=plan.borough,
        period_year=quarter.year,
        period_quarter=quarter.quarter,
        board__isnull=True,
    ).closed_at
    as_at = {
        a.id: a
        for a in actions_for_quarter(
            plan_ids=[plan.pk],
            period_end=quarter.end,
            structure_at=quarter.end_datetime(),
            recorded_by=closed,
        )
    }

    assert len(as_at) == 29
    assert rated_then
    for action_id, update in rated_then.items():
        assert as_at[action_id].status == update.status
        assert as_at[action_id].status_narrative == update.narrative
    before = plan_actions_as_at(plan=plan, when=SPAN[0].previous().end_datetime())
    assert {a.status for a in before} == {""}  # nothing was rated before the span


def test_demo_users_see_the_right_boroughs(demo):
    User = get_user_model()

    def seen(username):
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        return set(boroughs_for_user(user).values_list("slug", flat=True))

    assert seen("hackney-viewer") == {"hackney"}
    assert seen("hampshire-editor") == {"hampshire"}
    assert seen("hillingdon-admin") == {"hillingdon"}
    assert seen("icb-viewer") == {"hammersmith-fulham", "hillingdon"}
    assert seen("icb-editor") == {"hackney", "hammersmith-fulham"}
    assert seen("admin") == {"hackney", "hammersmith-fulham", "hampshire", "hillingdon"}
    editor = User.objects.get(username="hackney-editor")
    assert editor.get_full_name()
    assert Action.objects.filter(editor=editor, plan__borough__slug="hackney").count() == 3


def test_demo_meetings_and_measure_values_are_illustrative(demo):
    meetings = Meeting.objects.all()
    assert not meetings.filter(is_illustrative=False).exists()
    upcoming = [SPAN[-1].next(), SPAN[-1].next().next()]
    for board in Board.objects.all():
        quarters = [ReportingPeriod.containing(m.date) for m in board.meetings.all()]
        assert quarters == [*SPAN, *upcoming]
    # Hackney's 20-week timescale measure, the only one with a baseline, is a national
    # indicator: it shows the DfE's published figures, so no values are made up for it.
    values = MeasureValue.objects.all()
    assert values.count() == 0
    assert all(v.is_illustrative and v.note.startswith("Illustrative: ") for v in values)


def test_a_seed_measure_that_is_a_national_indicator_shows_the_real_figures(demo):
    from actions.measure_selectors import measure_points
    from actions.models import SuccessMeasure

    measure = SuccessMeasure.objects.get(
        plan__borough__slug="hackney", description__startswith="Improved the 20 week"
    )
    assert measure.indicator.code == "SEN_EHC_Excpt_20wks"
    figures = {p.label: p.value for p in measure_points(measure)}
    assert figures["2024"] == Decimal("43.3")
    assert figures["2023"] is None
    assert not any(p.is_illustrative for p in measure_points(measure))
