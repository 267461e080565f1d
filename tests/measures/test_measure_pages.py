"""Measure pages: a plan's measures rated against target, one measure with its chart and
table, a measure linked to a national indicator, and the measure register's forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from actions import measure_services
from actions.measure_selectors import indicator_series, measure_points
from actions.models import MeasureValue, SuccessMeasure
from tests.measures.conftest import TWENTY_WEEKS


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def timeliness(plan, priority):
    return SuccessMeasure.objects.create(
        plan=plan,
        priority=priority,
        description="EHC plans issued within 20 weeks",
        unit="%",
        baseline=Decimal("55"),
        target=Decimal("75"),
        target_date=dt.date(2022, 12, 31),
        direction="up",
    )


def test_a_linked_measure_takes_the_dfe_figures_for_its_borough(
    indicators, our_la, timeliness, editor
):
    measure_services.measure_link_indicator(
        measure=timeliness, user=editor, indicator=indicators[TWENTY_WEEKS]
    )
    points = {p.label: p.value for p in measure_points(timeliness)}
    assert points["2024"] == Decimal("85.4")  # Hammersmith and Fulham, LA 205
    assert points["2016"] == Decimal("40.7")
    assert timeliness.history.first().history_change_reason == (
        f"Linked to national indicator {TWENTY_WEEKS}"
    )
    assert timeliness.history.first().history_user == editor


def test_england_the_region_and_chosen_comparators_are_shown_alongside(
    indicators, our_la, timeliness
):
    from boroughs.models import Area

    our_la.comparators.add(Area.objects.get(la_number=204))
    series = {s.name: s for s in indicator_series(indicators[TWENTY_WEEKS], our_la)}
    assert [s.role for s in series.values()] == ["local", "england", "region", "comparator"]
    assert {p.label: p.value for p in series["England"].points}["2024"] == Decimal("46.4")
    assert {p.label: p.value for p in series["Hackney"].points}["2023"] is None
    assert {p.label: p.value for p in series["London"].points}["2024"] == Decimal("66.9")


def test_the_measure_page_shows_the_figures_the_rating_and_the_source(
    indicators, our_la, timeliness, viewer, editor
):
    measure_services.measure_link_indicator(
        measure=timeliness, user=editor, indicator=indicators[TWENTY_WEEKS]
    )
    response = _client(viewer).get(reverse("measure_detail", args=[timeliness.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Source: DfE, LAIT" in page
    assert "Published figures" in page
    assert "85.4% against a target of 75% (higher is better)." in page
    assert "data:image/svg+xml;base64," in page
    assert '<th scope="row" class="govuk-table__header">England' in page
    assert "46.4" in page


def test_the_plan_measure_list_rates_each_measure(plan, timeliness, viewer, editor):
    for year, value in ((2021, "43"), (2022, "54.3")):
        MeasureValue.objects.create(measure=timeliness, date=dt.date(year, 12, 31), value=value)
    response = _client(viewer).get(reverse("measure_list", args=[plan.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-tag--yellow" in page  # Amber: improving since 43%
    assert "improving since 43%" in page
    assert "Target date passed" in page
    assert "54.30" not in page


def test_recording_a_value_lands_on_the_measure_page_without_decimal_noise(timeliness, editor):
    client = _client(editor)
    response = client.post(
        reverse("measure_value_add", args=[timeliness.pk]),
        {"date_day": "31", "date_month": "12", "date_year": "2019", "value": "61.50"},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("measure_detail", args=[timeliness.pk])
    assert "61.5%" in page
    assert "61.50" not in page
    assert "Value added" in page


def test_an_editor_adds_and_changes_a_measure_through_the_register(plan, editor, indicators):
    client = _client(editor)
    response = client.post(
        reverse("measure_add", args=[plan.pk]),
        {
            "description": "Appeals to the SEND Tribunal",
            "unit": "%",
            "target": "2",
            "baseline": "3.5",
            "direction": "down",
            "indicator": indicators["SEN_AppealableDec"].pk,
        },
    )
    measure = SuccessMeasure.objects.get(description="Appeals to the SEND Tribunal")
    assert response["Location"] == reverse("measure_detail", args=[measure.pk])
    assert (measure.target, measure.direction) == (Decimal("2"), "down")
    assert measure.history.get().history_user == editor

    response = client.post(
        reverse("measure_edit", args=[measure.pk]),
        {
            "description": "Appeals to the SEND Tribunal",
            "unit": "%",
            "target": "1.5",
            "baseline": "3.5",
            "direction": "down",
        },
    )
    measure.refresh_from_db()
    assert (measure.target, measure.indicator) == (Decimal("1.5"), None)
    assert measure.history.first().history_change_reason == "Edited measure"


def test_a_measure_without_a_description_is_refused_and_nothing_is_written(plan, editor):
    response = _client(editor).post(reverse("measure_add", args=[plan.pk]), {"target": "x"})
    assert response.status_code == 400
    assert "Enter the measure" in response.content.decode()
    assert not SuccessMeasure.objects.exists()


def test_a_viewer_cannot_change_a_measure(timeliness, viewer):
    url = reverse("measure_edit", args=[timeliness.pk])
    page = _client(viewer).get(url)
    posted = _client(viewer).post(
        url, {"description": "Changed by a viewer", "target": "10", "direction": "down"}
    )
    assert (page.status_code, posted.status_code) == (403, 403)
    timeliness.refresh_from_db()
    assert (timeliness.description, timeliness.target) == (
        "EHC plans issued within 20 weeks",
        Decimal("75"),
    )
    assert timeliness.history.count() == 1


def test_another_boroughs_measure_is_not_found(timeliness, outsider):
    response = _client(outsider).get(reverse("measure_detail", args=[timeliness.pk]))
    assert response.status_code == 404


def test_the_comparison_page_shows_chosen_indicators_for_the_current_borough(
    indicators, our_la, viewer
):
    response = _client(viewer).get(
        reverse("indicator_compare") + f"?indicator={TWENTY_WEEKS}&indicator=SEN_AppealableDec"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "New EHC plans issued within 20 weeks - excluding exception cases (%)" in page
    assert "Appeal rate" in page
    assert "Hammersmith and Fulham" in page
    assert "Source: DfE, LAIT" in page


def test_a_borough_admin_chooses_comparators_and_the_rating_margin(
    indicators, our_la, borough_admin
):
    from boroughs.models import Area

    hackney = Area.objects.get(la_number=204)
    client = _client(borough_admin)
    response = client.post(
        reverse("measure_settings", args=[our_la.slug]),
        {"amber_margin": "5", "amber_when_improving": "no", "comparators": [hackney.pk]},
    )
    assert response.status_code == 302
    our_la.refresh_from_db()
    assert (our_la.measure_amber_margin, our_la.measure_amber_when_improving) == (5, False)
    assert list(our_la.comparators.all()) == [hackney]
    assert our_la.history.first().history_user == borough_admin
    page = client.get(reverse("indicator_compare") + f"?indicator={TWENTY_WEEKS}")
    assert '<th scope="row" class="govuk-table__header">Hackney</th>' in page.content.decode()


def test_measure_settings_refuse_a_bad_margin_and_change_nothing(our_la, borough_admin, editor):
    response = _client(borough_admin).post(
        reverse("measure_settings", args=[our_la.slug]),
        {"amber_margin": "150", "amber_when_improving": "yes"},
    )
    assert response.status_code == 400
    assert "The Amber margin must be 100 or less" in response.content.decode()
    our_la.refresh_from_db()
    assert our_la.measure_amber_margin == 10
    assert _client(editor).get(reverse("measure_settings", args=[our_la.slug])).status_code == 403


def test_the_measure_list_reads_a_fixed_number_of_queries_however_many_measures(
    plan, viewer, django_assert_num_queries
):
    client = _client(viewer)
    url = reverse("measure_list", args=[plan.pk])
    client.get(url)  # warm the session and membership caches
    for n in range(12):
        measure = SuccessMeasure.objects.create(
            plan=plan, description=f"M{n}", target=10, direction="up"
        )
        MeasureValue.objects.create(measure=measure, date=dt.date(2024, 3, 31), value=n)
    # The same six queries for any number of measures: their values are prefetched.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("against a target of 10") == 12


def test_an_editor_corrects_then_removes_a_value_and_the_history_keeps_both(timeliness, editor):
    value = MeasureValue.objects.create(measure=timeliness, date=dt.date(2021, 12, 31), value=40)
    client = _client(editor)
    url = reverse("measure_value_edit", args=[value.pk])
    response = client.post(
        url, {"date_day": "31", "date_month": "12", "date_year": "2021", "value": "43"}
    )
    assert response["Location"] == reverse("measure_detail", args=[timeliness.pk])
    value.refresh_from_db()
    assert value.value == Decimal("43")

    client.post(url, {"delete": "1"})
    assert not MeasureValue.objects.exists()
    reasons = [h.history_change_reason for h in MeasureValue.history.order_by("history_date")]
    assert reasons[-2:] == ["Corrected measure value", "Removed measure value"]
    assert MeasureValue.history.order_by("history_date").last().history_user == editor
