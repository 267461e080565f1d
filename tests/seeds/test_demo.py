"""load_demo adds illustrative, clearly marked, repeatable history on top of the seeds.

Loading the demo takes seconds, so every test here reads one load, made once for the
module (each test in its own rolled-back transaction); the last test loads it twice
more, to show a rerun changes nothing and a fresh database gets the same demo.
"""

import datetime as dt
import hashlib
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from actions.models import Action, MeasureValue, Plan, ReviewState, StatusUpdate
from actions.selectors import actions_for_quarter, plan_actions_as_at
from boroughs.models import Borough
from boroughs.selectors import boroughs_for_user
from governance.demo import DEMO_PASSWORD, demo_quarters, load_demo
from governance.models import Board, Meeting, ReportingRound, Risk, RoundStatus
from sendplan.periods import ReportingPeriod

TODAY = dt.date(2025, 5, 20)  # in 2025/26 Q1, so the span is 2023/24 Q3 to 2024/25 Q4
SPAN = [ReportingPeriod.parse(p) for p in ("2023/24 Q3", "2023/24 Q4", "2024/25 Q1",
                                           "2024/25 Q2", "2024/25 Q3", "2024/25 Q4")]  # fmt: skip


def fingerprint():
    """Everything the demo decides, without database ids."""
    updates = StatusUpdate.objects.values_list(
        "action__plan__borough__slug", "action__plan__slug", "action__reference", "date",
        "status", "narrative", "next_steps", "author__username", "is_illustrative",
    )  # fmt: skip
    history = StatusUpdate.history.values_list("action__reference", "history_date", "status")
    actions = Action.objects.values_list(
        "plan__slug", "reference", "status", "status_date", "completed_on", "editor__username"
    )
    meetings = Meeting.objects.values_list("board__slug", "date", "is_illustrative")
    values = MeasureValue.objects.values_list("measure__description", "date", "value")
    parts = [sorted(map(repr, q)) for q in (updates, history, actions, meetings, values)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def history_rows():
    return sum(
        model.history.count()
        for label in ("boroughs", "actions", "governance")
        for model in apps.get_app_config(label).get_models()
        if hasattr(model._meta, "simple_history_manager_attribute")
    )


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo loaded into an empty database, with what it decided."""
    with django_db_blocker.unblock():
        load_demo(today=TODAY)
        loaded = {"fingerprint": fingerprint(), "history_rows": history_rows()}
    yield loaded
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


# --- reporting rounds ---------------------------------------------------------------


def test_each_demo_borough_has_an_illustrative_round_per_quarter_and_the_latest_is_open(
    demo,
):
    rounds = ReportingRound.objects.select_related("borough")
    by_borough = {}
    for reporting_round in rounds:
        by_borough.setdefault(reporting_round.borough.slug, []).append(reporting_round)

    assert len(by_borough) >= 4
    for slug, mine in by_borough.items():
        mine.sort(key=lambda r: (r.period_year, r.period_quarter))
        assert [r.period for r in mine] == SPAN, slug
        assert all(r.is_illustrative for r in mine)
        assert [r.status for r in mine[:-1]] == [RoundStatus.FINAL] * (len(SPAN) - 1)
        assert mine[-1].status == RoundStatus.OPEN


def test_the_demo_round_page_says_it_is_illustrative(demo, client):
    admin = get_user_model().objects.get(username="hackney-admin")
    reporting_round = ReportingRound.objects.get(borough__slug="hackney", status=RoundStatus.OPEN)
    client.force_login(admin)
    page = client.get(reverse("round_detail", args=[reporting_round.pk])).content.decode()
    assert "illustrative demo data" in page


def test_one_demo_borough_reviews_updates_and_its_open_round_shows_each_state(demo, client):
    hillingdon = Borough.objects.get(slug="hillingdon")
    assert hillingdon.updates_need_review is True
    reviewed = StatusUpdate.objects.filter(action__plan__borough=hillingdon).exclude(
        review_state=ReviewState.NOT_REVIEWED
    )
    assert sorted(reviewed.values_list("review_state", flat=True)) == sorted(
        [ReviewState.SUBMITTED, ReviewState.APPROVED, ReviewState.RETURNED]
    )
    assert all(u.is_illustrative for u in reviewed)
    returned = reviewed.get(review_state=ReviewState.RETURNED)
    assert returned.review_comment.startswith("Illustrative: Please say what was delivered")
    assert returned.reviewed_by.username == "hillingdon-admin"
    # Recorded after the quarter it reports on, before the demo's today.
    assert returned.date < returned.created_at.date() < returned.reviewed_at.date() < TODAY
    # The approved one is the action's rating now; the others leave it as it was.
    approved = reviewed.get(review_state=ReviewState.APPROVED)
    assert approved.action.status == approved.status
    assert approved.history_row is not None

    # The round's dashboard shows the returned and waiting updates.
    reporting_round = ReportingRound.objects.get(borough=hillingdon, status=RoundStatus.OPEN)
    client.force_login(get_user_model().objects.get(username="hillingdon-admin"))
    page = client.get(reverse("round_detail", args=[reporting_round.pk])).content.decode()
    assert "Returned for changes" in page and "Waiting for review" in page


def test_the_demo_publishes_hillingdons_plan_without_its_open_round_and_has_a_partner(demo, client):
    from reports.public.demo import PARTNER, load_public_demo

    plan = load_public_demo()
    hillingdon = plan.borough
    page = client.get(f"/public/{hillingdon.slug}/{plan.slug}/")
    assert page.status_code == 200
    text = page.content.decode()
    final = ReportingRound.objects.filter(borough=hillingdon, status=RoundStatus.FINAL).first()
    assert final.period.label in text
    in_review = StatusUpdate.objects.filter(action__plan=plan).exclude(
        review_state=ReviewState.NOT_REVIEWED
    )
    assert in_review.exists()
    distinct = [u.narrative.removeprefix("Illustrative:").strip() for u in in_review]
    # ("On track." alone is also a final quarter's opening words.)
    for narrative in [n for n in distinct if len(n) > 20]:
        assert narrative not in text
    assert "Please say what was delivered" not in text
    partner = get_user_model().objects.get(username=PARTNER)
    client.force_login(partner)
    assert client.get(reverse("partner_plan", args=[plan.pk])).status_code == 200
    risks = client.get(reverse("risk_list")).content.decode()
    for risk in Risk.objects.filter(borough=hillingdon):
        assert risk.description not in risks
    assert client.get(reverse("plan_detail", args=[plan.pk])).status_code == 404


# --- repeatable (last: it reloads the demo outside the rolled-back transactions) -----


def test_a_rerun_changes_nothing_and_a_fresh_database_gets_the_same_demo(
    demo_once, django_db_blocker
):
    with django_db_blocker.unblock():
        # Given the demo loaded once into an empty database (demo_once)
        # When it is loaded again on top of itself
        load_demo(today=TODAY)
        # Then nothing it decided changed, and no history row was added
        assert fingerprint() == demo_once["fingerprint"]
        assert history_rows() == demo_once["history_rows"]

        # And a second empty database gets exactly the same demo
        call_command("flush", interactive=False, verbosity=0)
        load_demo(today=TODAY)
        assert fingerprint() == demo_once["fingerprint"]
        assert history_rows() == demo_once["history_rows"]
