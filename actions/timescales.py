"""Turn an action plan's free-text "Timescale" into a due date.

Plans write timescales however their authors like: "Q2", "End Q1",
"26/4/19 (CQG)", "during 19/20", "Autumn term 2023", "Sept 25",
"Timescale dependent on commissioning model agreed". The text is always kept
as written elsewhere; this module only derives a *due date* from it so that
overdue actions can be flagged. When in doubt it returns ``None`` rather than
guessing.

How a text is read (see ``parse_timescale``):

1. Blank text gives ``None``.
2. Conditional wording ("dependent on", "subject to", "TBC", ...) gives
   ``None`` even if the text also names a date: the date is not a commitment.
3. The ``RULES`` below are tried in order. Each finds every place its pattern
   occurs; what it matched is blanked out so that later, looser rules cannot
   re-read part of it (e.g. the "19" in "26/4/19").
4. A date introduced by "from", "starting", "commencing", ... is a *start*
   ("to be collected and reported from Q1"), not a deadline, and is ignored.
5. If several deadlines remain, the latest one is the due date: a timescale
   such as "draft by Q1, final by Q3" is not finished until Q3.

Conventions (all dates are the *last* day of the thing named):

* Quarters are quarters of the UK financial year (Q1 April-June ... Q4
  January-March). A bare "Q2" means the first Q2 that ends on or after the
  plan's ``period_start``. "Q2 2019/20" / "2019/20 Q2" name one exactly.
* "2019/20", "19/20", "2019-20" are financial years ending 31 March (councils
  and the NHS plan by financial year), unless "academic year" or
  "school year" is written next to it, when it ends 31 July.
* School terms end on the dates in ``TERM_ENDS``: Autumn 31 December, Spring
  31 March, Summer 31 July of the calendar year written. (Real terms end a
  little earlier; these round up to a month end and make Spring line up with
  the financial year end.) "Autumn 2023/24" is the Autumn term of that
  academic year (31 December 2023). A term with no year ("Summer term")
  means the first one ending on or after ``period_start``.
* Month and year ("Sept 25", "Dec 2022", "by December 2022") is the last
  day of that month. A two-digit number after a month is read as the year
  (the Hackney timeline runs "Sept 22 to Sept 25"), never as a day.
* Two-digit years are 20xx.
* "end of 2025" / "by 2025" / "during 2025" is 31 December 2025.
* "end of plan" / "end of the strategy" is ``period_end`` (``None`` if the
  plan has no end date).

This module is pure Python (no Django imports).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date

from sendplan.periods import ReportingPeriod

__all__ = [
    "ACADEMIC_YEAR_END",
    "CONDITIONAL_WORDING",
    "FINANCIAL_YEAR_END",
    "RULES",
    "TERM_ENDS",
    "parse_timescale",
]

#: School term -> (month, day) on which we treat it as ending, in the
#: calendar year written ("Summer 2024" -> 31 July 2024).
TERM_ENDS: dict[str, tuple[int, int]] = {
    "autumn": (12, 31),
    "spring": (3, 31),
    "summer": (7, 31),
}

#: A financial year "2019/20" ends on this (month, day) of its second year.
FINANCIAL_YEAR_END = (3, 31)
#: An academic year "2019/20" ends on this (month, day) of its second year,
#: the same day as the Summer term.
ACADEMIC_YEAR_END = TERM_ENDS["summer"]

#: Wording that makes any date in the text conditional: the parser returns
#: None rather than treat the date as a deadline.
CONDITIONAL_WORDING = re.compile(
    r"""\b(
        dependent \s+ (on|upon) | dependant \s+ (on|upon)
      | depend(s|ing)? \s+ (on|upon)
      | contingent \s+ (on|upon) | conditional \s+ (on|upon)
      | subject \s+ to
      | tbc | tbd | tba
      | to \s+ be \s+ (confirmed|determined|decided|arranged)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

# Words that make the date right after them a start rather than a deadline:
# "from Q1", "starting in April 2020", "from the beginning of June".
_START_WORDING = re.compile(
    r"""\b(from|starting|commencing|beginning|begins?|starts?|with \s+ effect \s+ from)
        (\s+ (in|on|at|of|the|start|beginning))* \s* $""",
    re.IGNORECASE | re.VERBOSE,
)

_ACADEMIC_WORDING = re.compile(r"\b(academic|school)\s+year\b", re.IGNORECASE)

# --- pattern fragments -------------------------------------------------------

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Full names and the usual abbreviations, including "Sept".
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"'?(?P<year>\d{4}|\d{2})"  # "2025", "25", "'25"
# "2019/20", "19/20", "2019/2020", "2019-20": two years, checked consecutive.
_SPAN = r"(?P<first>\d{4}|\d{2})\s*[/-]\s*(?P<second>\d{4}|\d{2})"
_QUARTER = r"(?:q|quarter\s*)(?P<quarter>[1-4])"
_TERM = r"(?P<term>autumn|spring|summer)"


# --- small helpers -----------------------------------------------------------


def _full_year(text: str) -> int:
    """A year as written: two-digit years are taken as 20xx."""
    year = int(text)
    return 2000 + year if len(text) <= 2 else year


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _span_first_year(match: re.Match[str]) -> int | None:
    """Starting year of "2019/20"-style text, or None if not consecutive years."""
    first = _full_year(match["first"])
    second_text = match["second"]
    second = int(second_text)
    expected = first + 1 if len(second_text) == 4 else (first + 1) % 100
    return first if second == expected else None


def _first_ending_on_or_after(candidates: Callable[[int], date], start: date) -> date:
    """Earliest ``candidates(year)`` that is on or after ``start``."""
    year = start.year - 1
    while candidates(year) < start:
        year += 1
    return candidates(year)


# --- rule handlers -----------------------------------------------------------
# Each takes (match, context) and returns a date, or None when the text
# matched but is not a usable date (e.g. 31/2/20, or "2019/21").


class _Context:
    """What a handler needs besides its own match."""

    def __init__(self, text: str, period_start: date, period_end: date | None) -> None:
        self.text = text
        self.period_start = period_start
        self.period_end = period_end


def _iso_date(m: re.Match[str], ctx: _Context) -> date | None:
    # "2024-03-31"
    try:
        return date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None


def _day_month_year_numeric(m: re.Match[str], ctx: _Context) -> date | None:
    # "26/4/19", "26.04.2019": UK order, day first.
    try:
        return date(_full_year(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None


def _day_month_name_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "31 March 2020", "1st Dec 22"
    try:
        return date(_full_year(m["year"]), _MONTHS[m["month"][:3].lower()], int(m["day"]))
    except ValueError:
        return None


def _quarter_of_financial_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Q2 2019/20", "2019/20 Q2", "2025-26-Q2"
    first = _span_first_year(m)
    if first is None:
        return None
    return ReportingPeriod(first, int(m["quarter"])).end


def _quarter_with_calendar_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Q1 2024" could mean January-March 2024 (calendar) or April-June 2024
    # (financial year 2024/25). Rather than guess, it gives no date; the rule
    # exists so that the bare "Q1" rule does not pick it up.
    return None


def _term_of_academic_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Autumn term 2023/24": Autumn falls in the first year, Spring and
    # Summer in the second.
    first = _span_first_year(m)
    if first is None:
        return None
    month, day = TERM_ENDS[m["term"].lower()]
    year = first if m["term"].lower() == "autumn" else first + 1
    return date(year, month, day)


def _financial_or_academic_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "during 2019/20", "19/20": the end of a financial year, or of an
    # academic year when the text says so next to it.
    first = _span_first_year(m)
    if first is None:
        return None
    nearby = ctx.text[max(0, m.start() - 20) : m.end() + 20]
    month, day = ACADEMIC_YEAR_END if _ACADEMIC_WORDING.search(nearby) else FINANCIAL_YEAR_END
    return date(first + 1, month, day)


def _term_and_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Autumn term 2023", "Spring 2024", "Summer 24"
    month, day = TERM_ENDS[m["term"].lower()]
    return date(_full_year(m["year"]), month, day)


def _month_and_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Sept 25", "December 2022", "by Dec 22"
    return _month_end(_full_year(m["year"]), _MONTHS[m["month"][:3].lower()])


def _end_of_calendar_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "end of 2025", "by 2025", "during 2025"
    return date(int(m["year"]), 12, 31)


def _term_without_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Summer term": the first one ending on or after the plan starts.
    month, day = TERM_ENDS[m["term"].lower()]
    return _first_ending_on_or_after(lambda y: date(y, month, day), ctx.period_start)


def _quarter_without_year(m: re.Match[str], ctx: _Context) -> date | None:
    # "Q2", "End Q1", "by end of Q1": the first such quarter ending on or
    # after the plan starts.
    quarter = int(m["quarter"])
    return _first_ending_on_or_after(lambda y: ReportingPeriod(y, quarter).end, ctx.period_start)


def _end_of_plan(m: re.Match[str], ctx: _Context) -> date | None:
    # "by end of plan", "end of the strategy"
    return ctx.period_end


Handler = Callable[[re.Match[str], _Context], date | None]


def _rule(pattern: str) -> re.Pattern[str]:
    # Case-insensitive, and never starting or ending in the middle of a word
    # or number ("2019" must not be read as "19", nor "26/4/19" as "4/19").
    return re.compile(rf"(?<![\w/]){pattern}(?![\w/]|[.-]\d)", re.IGNORECASE)


#: (pattern, handler) pairs, most specific first. A later rule never sees
#: text an earlier rule matched.
RULES: list[tuple[re.Pattern[str], Handler]] = [
    (_rule(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"), _iso_date),
    (
        _rule(r"(?P<day>\d{1,2})(?P<sep>[/.-])(?P<month>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"),
        _day_month_year_numeric,
    ),
    (_rule(rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+{_YEAR}"), _day_month_name_year),
    (_rule(rf"{_QUARTER}[\s,]*(?:of\s+)?(?:fy\s*)?{_SPAN}"), _quarter_of_financial_year),
    (_rule(rf"(?:fy\s*)?{_SPAN}[\s-]*{_QUARTER}"), _quarter_of_financial_year),
    (_rule(rf"{_QUARTER}\s+(?P<year>\d{{4}})"), _quarter_with_calendar_year),
    (_rule(rf"{_TERM}(?:\s+term)?\s+{_SPAN}"), _term_of_academic_year),
    (_rule(_SPAN), _financial_or_academic_year),
    (_rule(rf"{_TERM}(?:\s+term)?\s+{_YEAR}"), _term_and_year),
    (_rule(rf"{_MONTH}\s*{_YEAR}"), _month_and_year),
    (_rule(r"(?:end\s+of|by|during|in)\s+(?P<year>\d{4})"), _end_of_calendar_year),
    (_rule(rf"{_TERM}\s+term"), _term_without_year),
    (_rule(_QUARTER), _quarter_without_year),
    (_rule(r"end\s+of\s+(?:the\s+)?(?:plan|strategy|programme)(?:\s+period)?"), _end_of_plan),
]


def parse_timescale(
    text: str, *, period_start: date, period_end: date | None = None
) -> date | None:
    """The due date a free-text timescale names, or None if it names none.

    ``period_start`` anchors year-less phrases ("Q2", "Summer term") to the
    plan's own period; ``period_end`` is used only for "end of plan". See the
    module docstring for the conventions.
    """
    if not text or not text.strip():
        return None
    # One space between words, and plain hyphens for en/em dashes.
    text = re.sub(r"\s+", " ", text.replace("\u2013", "-").replace("\u2014", "-")).strip()

    # Conditional wording wins over any date in the text.
    if CONDITIONAL_WORDING.search(text):
        return None

    ctx = _Context(text, period_start, period_end)
    remaining = text  # matched spans are blanked here so later rules skip them
    deadlines: list[date] = []
    for pattern, handler in RULES:
        for match in pattern.finditer(remaining):
            start, end = match.span()
            remaining = remaining[:start] + " " * (end - start) + remaining[end:]
            # A date introduced by "from"/"starting"/... is when something
            # begins, not when it is due.
            if _START_WORDING.search(text[:start]):
                continue
            due = handler(match, ctx)
            if due is not None:
                deadlines.append(due)

    # Several deadlines: the work is due when the last of them is met.
    return max(deadlines, default=None)
