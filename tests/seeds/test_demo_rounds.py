"""The demo has reporting rounds for its quarters, marked illustrative, the latest open."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from governance.demo import load_demo
from governance.models import ReportingRound, RoundStatus
from tests.seeds.test_demo import SPAN, TODAY


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo(today=TODAY)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_each_demo_borough_has_an_illustrative_round_per_quarter_and_the_latest_is_open(
    demo_once, db
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


def test_the_demo_round_page_says_it_is_illustrative(demo_once, db, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="hackney-admin")
    reporting_round = ReportingRound.objects.get(borough__slug="hackney", status=RoundStatus.OPEN)
    client.force_login(admin)
    page = client.get(reverse("round_detail", args=[reporting_round.pk])).content.decode()
    assert "illustrative demo data" in page


def test_one_demo_borough_reviews_updates_and_its_open_round_shows_each_state(
    demo_once, db, client
):
    from django.contrib.auth import get_user_model

    from actions.models import ReviewState, StatusUpdate
    from boroughs.models import Borough

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
