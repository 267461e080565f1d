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
