"""Reporting periods are quarters of the UK financial year (pure Python, no database)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from sendplan.periods import ReportingPeriod

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # One date inside each quarter of 2025/26.
        (date(2025, 5, 15), ReportingPeriod(2025, 1)),
        (date(2025, 8, 15), ReportingPeriod(2025, 2)),
        (date(2025, 11, 15), ReportingPeriod(2025, 3)),
        (date(2026, 2, 15), ReportingPeriod(2025, 4)),
        # Boundaries.
        (date(2025, 3, 31), ReportingPeriod(2024, 4)),
        (date(2025, 4, 1), ReportingPeriod(2025, 1)),
        (date(2025, 6, 30), ReportingPeriod(2025, 1)),
        (date(2025, 7, 1), ReportingPeriod(2025, 2)),
        (date(2025, 9, 30), ReportingPeriod(2025, 2)),
        (date(2025, 10, 1), ReportingPeriod(2025, 3)),
        (date(2025, 12, 31), ReportingPeriod(2025, 3)),
        (date(2026, 1, 1), ReportingPeriod(2025, 4)),
        (date(2024, 2, 29), ReportingPeriod(2023, 4)),
        # A datetime is placed by its date.
        (datetime(2019, 6, 30, 23, 59), ReportingPeriod(2019, 1)),
    ],
)
def test_containing_finds_the_financial_quarter_a_date_falls_in(day, expected):
    assert ReportingPeriod.containing(day) == expected


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (ReportingPeriod(2025, 1), date(2025, 4, 1), date(2025, 6, 30)),
        (ReportingPeriod(2025, 2), date(2025, 7, 1), date(2025, 9, 30)),
        (ReportingPeriod(2025, 3), date(2025, 10, 1), date(2025, 12, 31)),
        (ReportingPeriod(2025, 4), date(2026, 1, 1), date(2026, 3, 31)),
        (ReportingPeriod(2019, 4), date(2020, 1, 1), date(2020, 3, 31)),
    ],
)
def test_start_and_end_are_the_first_and_last_days_of_the_quarter(period, start, end):
    assert (period.start, period.end) == (start, end)
    assert ReportingPeriod.containing(start) == period
    assert ReportingPeriod.containing(end) == period


@pytest.mark.parametrize(
    ("period", "label", "slug"),
    [
        (ReportingPeriod(2025, 2), "2025/26 Q2", "2025-26-Q2"),
        (ReportingPeriod(2019, 1), "2019/20 Q1", "2019-20-Q1"),
        (ReportingPeriod(2024, 4), "2024/25 Q4", "2024-25-Q4"),
        (ReportingPeriod(2099, 3), "2099/00 Q3", "2099-00-Q3"),
    ],
)
def test_label_and_slug_name_the_financial_year_and_quarter(period, label, slug):
    assert period.label == label
    assert str(period) == label
    assert period.slug == slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/26 Q2", ReportingPeriod(2025, 2)),
        ("2025-26-Q2", ReportingPeriod(2025, 2)),
        ("2025/26 q2", ReportingPeriod(2025, 2)),
        ("  2025/26 Q2  ", ReportingPeriod(2025, 2)),
        ("2025/2026 Q2", ReportingPeriod(2025, 2)),
        ("2024-25-q4", ReportingPeriod(2024, 4)),
        ("2099/00 Q1", ReportingPeriod(2099, 1)),
    ],
)
def test_parse_accepts_labels_and_slugs(text, expected):
    assert ReportingPeriod.parse(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025/27 Q2",  # years not consecutive
        "2025/25 Q2",
        "2025/26 Q5",  # no such quarter
        "2025/26 Q0",
        "Q5",
        "2025 Q2",  # no financial year
        "25/26 Q2",  # two-digit starting year
        "2025/26",  # no quarter
        "2025/26 Q2 extra",
        "",
        "   ",
    ],
)
def test_parse_rejects_malformed_text_naming_it_in_the_error(text):
    with pytest.raises(ValueError, match="Not a reporting period") as excinfo:
        ReportingPeriod.parse(text)
    assert repr(text) in str(excinfo.value)


def test_parse_explains_that_years_must_be_consecutive():
    with pytest.raises(ValueError, match="not consecutive"):
        ReportingPeriod.parse("2025/27 Q2")


@pytest.mark.parametrize("period", [ReportingPeriod(2025, q) for q in (1, 2, 3, 4)])
def test_parse_reads_back_its_own_label_and_slug(period):
    assert ReportingPeriod.parse(period.label) == period
    assert ReportingPeriod.parse(period.slug) == period


@pytest.mark.parametrize(("year", "quarter"), [(2025, 0), (2025, 5), (0, 1)])
def test_constructing_an_impossible_period_is_refused(year, quarter):
    with pytest.raises(ValueError):
        ReportingPeriod(year, quarter)


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (ReportingPeriod(2025, 1), ReportingPeriod(2024, 4), ReportingPeriod(2025, 2)),
        (ReportingPeriod(2025, 2), ReportingPeriod(2025, 1), ReportingPeriod(2025, 3)),
        (ReportingPeriod(2025, 3), ReportingPeriod(2025, 2), ReportingPeriod(2025, 4)),
        (ReportingPeriod(2025, 4), ReportingPeriod(2025, 3), ReportingPeriod(2026, 1)),
    ],
)
def test_previous_and_next_step_one_quarter_across_year_boundaries(period, previous, following):
    assert period.previous() == previous
    assert period.next() == following
    assert period.next().previous() == period


def test_periods_sort_chronologically():
    shuffled = [ReportingPeriod(2025, 1), ReportingPeriod(2024, 4), ReportingPeriod(2025, 3)]
    assert sorted(shuffled) == [
        ReportingPeriod(2024, 4),
        ReportingPeriod(2025, 1),
        ReportingPeriod(2025, 3),
    ]
    assert ReportingPeriod(2024, 4) < ReportingPeriod(2025, 1)


def test_periods_are_hashable_values():
    assert len({ReportingPeriod(2025, 2), ReportingPeriod.parse("2025-26-Q2")}) == 1


@pytest.mark.parametrize(
    ("period", "last_day", "utc_offset"),
    [
        # Q1 and Q2 end in British Summer Time, Q3 and Q4 in GMT.
        (ReportingPeriod(2025, 1), date(2025, 6, 30), timedelta(hours=1)),
        (ReportingPeriod(2025, 2), date(2025, 9, 30), timedelta(hours=1)),
        (ReportingPeriod(2025, 3), date(2025, 12, 31), timedelta(0)),
        (ReportingPeriod(2025, 4), date(2026, 3, 31), timedelta(hours=1)),
        (ReportingPeriod(2018, 4), date(2019, 3, 31), timedelta(hours=1)),
        (ReportingPeriod(2021, 4), date(2022, 3, 31), timedelta(hours=1)),
    ],
)
def test_end_datetime_is_the_last_microsecond_of_the_last_day_in_london(
    period, last_day, utc_offset
):
    as_at = period.end_datetime()
    assert as_at == datetime.combine(last_day, time(23, 59, 59, 999999), tzinfo=LONDON)
    assert as_at.tzinfo == LONDON
    assert as_at.utcoffset() == utc_offset
    # One microsecond later is the next period.
    assert ReportingPeriod.containing((as_at + timedelta(microseconds=1)).date()) == period.next()


def test_end_datetime_accepts_another_time_zone():
    utc = ZoneInfo("UTC")
    as_at = ReportingPeriod(2025, 2).end_datetime(utc)
    assert as_at == datetime(2025, 9, 30, 23, 59, 59, 999999, tzinfo=utc)
    assert ReportingPeriod(2025, 2).end_datetime("UTC") == as_at


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 5, 1), date(2025, 5, 31), ["2025/26 Q1"]),
        (date(2025, 4, 1), date(2025, 4, 1), ["2025/26 Q1"]),
        (date(2025, 6, 30), date(2025, 7, 1), ["2025/26 Q1", "2025/26 Q2"]),
        (
            date(2025, 11, 1),
            date(2026, 4, 1),
            ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1"],
        ),
        (
            # The 2019 H&F inspection action plan's year.
            date(2019, 6, 1),
            date(2020, 3, 31),
            ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3", "2019/20 Q4"],
        ),
    ],
)
def test_range_lists_every_period_a_date_span_touches(start, end, expected):
    assert [p.label for p in ReportingPeriod.range(start, end)] == expected


def test_range_covers_a_three_year_plan_starting_mid_quarter():
    periods = ReportingPeriod.range(date(2022, 9, 1), date(2025, 8, 31))
    # Starting and ending part-way through a quarter: 13 periods, both ends partial.
    assert len(periods) == 13
    assert (periods[0].label, periods[-1].label) == ("2022/23 Q2", "2025/26 Q2")


def test_range_refuses_a_span_that_runs_backwards():
    with pytest.raises(ValueError, match="backwards"):
        ReportingPeriod.range(date(2025, 5, 1), date(2025, 4, 30))
