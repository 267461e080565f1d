"""Free-text timescales from real plans become due dates, or None when they name none."""

from datetime import date

import pytest

from actions.timescales import TERM_ENDS, parse_timescale

# --- Seed 004: H&F SEND inspection action plan, June 2019 -------------------
# Every text in its Timescale column (rows 1-20), with the plan's period.
# Row 1's second timescale continues on the next table row after a page
# break; the importer joins the two, and the joined text is what is parsed.

HF_2019_START = date(2019, 6, 1)
HF_2019_END = date(2020, 3, 31)

HF_2019_TIMESCALES = [
    ("26/4/19 (CQG)", date(2019, 4, 26)),
    (
        "Timescale dependent on commissioning model agreed "
        "during 19/20. Clear plan in place and agreed by end of Q1.",
        None,  # "dependent on" makes every date in it conditional
    ),
    (
        "Timescale s dependent on commissioning model agreed – during 2019/20. "
        "Clear plan in place and agreed by end of Q1.",
        None,
    ),
    ("Q2", date(2019, 9, 30)),  # rows 3 and 4
    ("Data against new KPI to be collected and reported from Q1.", None),  # a start
    ("Joint commissioning steering group to agree plan by end of Q1", date(2019, 6, 30)),
    ("End Q1", date(2019, 6, 30)),
    ("Draft completion date – end of Q2.", date(2019, 9, 30)),
]


@pytest.mark.parametrize(("text", "expected"), HF_2019_TIMESCALES)
def test_every_timescale_in_the_2019_hf_inspection_plan_has_the_right_due_date(text, expected):
    assert parse_timescale(text, period_start=HF_2019_START, period_end=HF_2019_END) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The halves of row 1's split timescale, as extraction left them:
        # the first alone is conditional; the continuation alone would be
        # read as its latest deadline (end of 2019/20), which is why the
        # importer must join continuation rows before parsing.
        ("Timescale dependent on commissioning model agreed", None),
        (
            "during 19/20. Clear plan in place and agreed by end of Q1.",
            date(2020, 3, 31),
        ),
    ],
)
def test_the_halves_of_a_split_2019_timescale_read_differently_from_the_whole(text, expected):
    assert parse_timescale(text, period_start=HF_2019_START, period_end=HF_2019_END) == expected


# --- Seed 002: Hackney SEND Local Area Action Plan 2022-2025 ----------------
# "A visual timeline of the 3 years Sept 22 to Sept 25 by term". The
# extracted text keeps only its end points ("Sept 22", "Sept 25"); the term
# labels between them are written in the same style.

HACKNEY_START = date(2022, 9, 1)
HACKNEY_END = date(2025, 9, 30)

HACKNEY_TERMS = [
    ("Sept 22", date(2022, 9, 30)),
    ("Autumn 2022", date(2022, 12, 31)),
    ("Spring 2023", date(2023, 3, 31)),
    ("Summer 2023", date(2023, 7, 31)),
    ("Autumn 2023", date(2023, 12, 31)),
    ("Spring 2024", date(2024, 3, 31)),
    ("Summer 2024", date(2024, 7, 31)),
    ("Autumn 2024", date(2024, 12, 31)),
    ("Spring 2025", date(2025, 3, 31)),
    ("Summer 2025", date(2025, 7, 31)),
    ("Sept 25", date(2025, 9, 30)),
    # The same terms written with "term" and short years.
    ("Autumn term 2022", date(2022, 12, 31)),
    ("Spring term 2023", date(2023, 3, 31)),
    ("Summer term 2025", date(2025, 7, 31)),
    ("Autumn 22", date(2022, 12, 31)),
    ("Summer 25", date(2025, 7, 31)),
    # Objective wording in the plan itself.
    ("by December 2022", date(2022, 12, 31)),
]


@pytest.mark.parametrize(("text", "expected"), HACKNEY_TERMS)
def test_each_term_of_the_hackney_timeline_ends_on_the_documented_day(text, expected):
    assert parse_timescale(text, period_start=HACKNEY_START, period_end=HACKNEY_END) == expected


# --- Everything else the parser promises ------------------------------------

PLAN_START = date(2019, 6, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Financial-year quarters: the first one ending on/after the plan start.
        ("Q1", date(2019, 6, 30)),
        ("Q2", date(2019, 9, 30)),
        ("Q3", date(2019, 12, 31)),
        ("Q4", date(2020, 3, 31)),
        ("q3", date(2019, 12, 31)),
        ("End Q1", date(2019, 6, 30)),
        ("end of Q2", date(2019, 9, 30)),
        ("by end of Q1", date(2019, 6, 30)),
        ("Quarter 3", date(2019, 12, 31)),
        # A quarter with its financial year named.
        ("Q2 2020/21", date(2020, 9, 30)),
        ("2025/26 Q4", date(2026, 3, 31)),
        ("2025-26-Q2", date(2025, 9, 30)),
        # Day/month/year, UK order.
        ("26/4/19 (CQG)", date(2019, 4, 26)),
        ("26/04/2019", date(2019, 4, 26)),
        ("1/12/22 board meeting", date(2022, 12, 1)),
        ("31 March 2020", date(2020, 3, 31)),
        ("1st Dec 22", date(2022, 12, 1)),
        ("2024-03-31", date(2024, 3, 31)),
        # Financial years end 31 March; academic years 31 July when named.
        ("during 2019/20", date(2020, 3, 31)),
        ("during 19/20", date(2020, 3, 31)),
        ("2023/24", date(2024, 3, 31)),
        ("2023-24", date(2024, 3, 31)),
        ("2023/2024", date(2024, 3, 31)),
        ("financial year 2023/24", date(2024, 3, 31)),
        ("academic year 2023/24", date(2024, 7, 31)),
        ("by the end of the 2023/24 school year", date(2024, 7, 31)),
        # Month and year: the last day of the month.
        ("by December 2022", date(2022, 12, 31)),
        ("Sept 25", date(2025, 9, 30)),
        ("Sept 2025", date(2025, 9, 30)),
        ("September 2025", date(2025, 9, 30)),
        ("Dec 22", date(2022, 12, 31)),
        ("Feb 2024", date(2024, 2, 29)),
        ("end of March 2021", date(2021, 3, 31)),
        # School terms.
        ("Autumn term 2023", date(2023, 12, 31)),
        ("Autumn 2023", date(2023, 12, 31)),
        ("Spring term 2024", date(2024, 3, 31)),
        ("Summer 2024", date(2024, 7, 31)),
        ("Summer term 2024", date(2024, 7, 31)),
        ("Autumn term 2023/24", date(2023, 12, 31)),
        ("Spring term 2023/24", date(2024, 3, 31)),
        ("Summer term", date(2019, 7, 31)),  # first Summer term ending after plan start
        ("Spring term", date(2020, 3, 31)),
        # Calendar years.
        ("by end of 2025", date(2025, 12, 31)),
        # Several deadlines: the latest.
        ("Draft by Q1, final version by Q3", date(2019, 12, 31)),
        ("Q1-Q3", date(2019, 12, 31)),
        ("Autumn 2023 and Spring 2024", date(2024, 3, 31)),
        ("Pilot from Q1, review by end of Q2", date(2019, 9, 30)),
    ],
)
def test_supported_phrases_give_the_due_date_they_name(text, expected):
    assert parse_timescale(text, period_start=PLAN_START) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Ongoing",
        "TBC",
        "tbc - Q2",
        "To be confirmed",
        "Timescale dependent on commissioning model agreed",
        "Subject to funding, Q3",
        "Depending on recruitment: Autumn 2023",
        "Data against new KPI to be collected and reported from Q1.",
        "Starting September 2025",
        "Immediate",
        "As soon as possible",
        "Q1 2024",  # calendar or financial Q1? not guessed
        "31/2/20",  # not a real date
        "2019/21",  # not a financial year
        "End of plan",  # no period_end given
    ],
)
def test_texts_that_name_no_firm_deadline_give_none(text):
    assert parse_timescale(text, period_start=PLAN_START) is None


@pytest.mark.parametrize(
    ("text", "period_end", "expected"),
    [
        ("End of plan", date(2020, 3, 31), date(2020, 3, 31)),
        ("by end of the strategy", date(2028, 3, 31), date(2028, 3, 31)),
        ("Ongoing", date(2020, 3, 31), None),
    ],
)
def test_end_of_plan_means_the_plans_period_end(text, period_end, expected):
    assert parse_timescale(text, period_start=PLAN_START, period_end=period_end) == expected


@pytest.mark.parametrize(
    ("text", "period_start", "expected"),
    [
        ("Q1", date(2019, 6, 30), date(2019, 6, 30)),  # Q1 still running on its last day
        ("Q1", date(2019, 7, 1), date(2020, 6, 30)),  # Q1 already over: next year's
        ("Q4", date(2020, 1, 15), date(2020, 3, 31)),
        ("Q4", date(2020, 4, 1), date(2021, 3, 31)),
        ("Summer term", date(2019, 8, 1), date(2020, 7, 31)),
    ],
)
def test_year_less_phrases_are_anchored_to_the_plan_start(text, period_start, expected):
    assert parse_timescale(text, period_start=period_start) == expected


def test_term_ends_are_published_for_the_ui_to_explain():
    assert TERM_ENDS == {"autumn": (12, 31), "spring": (3, 31), "summer": (7, 31)}
