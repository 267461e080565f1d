"""Rating a success measure against its target: the rule in actions/measures.py."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from actions.measures import format_value, measure_rating

ON = dt.date(2025, 1, 1)


def _measure(direction="up", target="75", baseline="55", target_date=None, unit="%", **borough):
    borough = SimpleNamespace(**borough)
    return SimpleNamespace(
        direction=direction,
        target=Decimal(target) if target is not None else None,
        baseline=Decimal(baseline) if baseline is not None else None,
        target_date=target_date,
        unit=unit,
        plan=SimpleNamespace(borough=borough),
    )


def _values(*pairs):
    return [SimpleNamespace(date=dt.date(year, 12, 31), value=value) for year, value in pairs]


def test_higher_is_better_at_the_target_is_green():
    rating = measure_rating(_measure(), _values((2023, 60), (2024, 75)), on=ON)
    assert rating.rating == "green"
    assert rating.reason == "75% against a target of 75% (higher is better)."
    assert rating.latest == Decimal("75")


def test_higher_is_better_within_ten_percent_is_amber():
    rating = measure_rating(_measure(), _values((2023, 70), (2024, 70)), on=ON)
    assert rating.rating == "amber"
    assert "within 10% of the target" in rating.reason


def test_higher_is_better_far_short_but_improving_is_amber():
    rating = measure_rating(_measure(), _values((2023, 40), (2024, 50)), on=ON)
    assert rating.rating == "amber"
    assert rating.reason.endswith("improving since 40%.")


def test_higher_is_better_far_short_and_worse_is_red():
    rating = measure_rating(_measure(), _values((2023, 54.3), (2024, 43.3)), on=ON)
    assert rating.rating == "red"
    assert rating.reason == "43.3% against a target of 75% (higher is better)."


def test_lower_is_better_under_the_target_is_green_and_over_it_red():
    measure = _measure(direction="down", target="5", baseline="9")
    assert measure_rating(measure, _values((2024, 4.5)), on=ON).rating == "green"
    assert measure_rating(measure, _values((2024, 5.4)), on=ON).rating == "amber"
    worse = measure_rating(measure, _values((2023, 7), (2024, 8)), on=ON)
    assert worse.rating == "red"
    assert "(lower is better)" in worse.reason
    assert measure_rating(measure, _values((2023, 9), (2024, 8)), on=ON).rating == "amber"


def test_a_passed_target_date_is_flagged_unless_the_target_is_met():
    measure = _measure(target_date=dt.date(2022, 12, 31))
    missed = measure_rating(measure, _values((2023, 54.3), (2024, 43.3)), on=ON)
    assert missed.target_passed is True
    assert "the target date, 31 December 2022, has passed" in missed.reason
    met = measure_rating(measure, _values((2024, 80)), on=ON)
    assert met.target_passed is False
    before = measure_rating(measure, _values((2021, 43)), on=dt.date(2022, 6, 1))
    assert before.target_passed is False


def test_values_after_the_date_rated_are_ignored():
    rating = measure_rating(_measure(), _values((2021, 43), (2024, 80)), on=dt.date(2022, 1, 1))
    assert rating.latest == Decimal("43")


def test_no_target_no_value_or_no_direction_cannot_be_rated():
    assert measure_rating(_measure(target=None), _values((2024, 1)), on=ON).rating == ""
    empty = measure_rating(_measure(), [], on=ON)
    assert (empty.rating, empty.latest) == ("", None)
    assert empty.reason == "No value has been recorded yet."
    unknown = _measure(direction="", baseline=None)
    assert measure_rating(unknown, _values((2024, 1)), on=ON).rating == ""


def test_direction_is_inferred_from_baseline_and_target_when_not_given():
    measure = _measure(direction="", baseline="20", target="10", unit="")
    assert measure_rating(measure, _values((2024, 9)), on=ON).rating == "green"


def test_a_borough_can_narrow_the_margin_and_ignore_improvement():
    strict = _measure(measure_amber_margin=2, measure_amber_when_improving=False)
    assert measure_rating(strict, _values((2023, 60), (2024, 70)), on=ON).rating == "red"
    assert measure_rating(strict, _values((2024, 74)), on=ON).rating == "amber"


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("75.00"), "%", "75%"),
        (Decimal("70.60"), "%", "70.6%"),
        (Decimal("1234.00"), "", "1,234"),
        (-0.07, "", "-0.07"),
        (Decimal("12.50"), "days", "12.5 days"),
    ],
)
def test_values_are_shown_without_decimal_noise(value, unit, text):
    assert format_value(value, unit) == text
