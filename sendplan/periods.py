"""Reporting periods: quarters of the UK financial year.

Councils and the NHS report against the financial year that runs from
1 April to 31 March, so board packs and RAGB status updates are grouped by
its quarters:

    Q1  April - June
    Q2  July - September
    Q3  October - December
    Q4  January - March (of the following calendar year)

A period is identified by the calendar year in which its financial year
*starts* and a quarter number, so 2025/26 Q4 is January - March 2026.

This module is pure Python (no Django imports) so that it can be used from
models, views, management commands and plain unit tests alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

__all__ = ["DEFAULT_TIMEZONE", "ReportingPeriod"]

#: Board packs are "as at" the end of a period in UK local time.
DEFAULT_TIMEZONE = ZoneInfo("Europe/London")

# First calendar month of each quarter, and how many calendar years after the
# financial year's starting year that month falls in (only Q4 crosses over).
_QUARTER_START = {1: (4, 0), 2: (7, 0), 3: (10, 0), 4: (1, 1)}

# "2025/26 Q2", "2025-26-Q2", "2025/2026 q2", with optional surrounding spaces.
# The quarter is captured as any number so that "Q5" gets a specific message.
_PERIOD_RE = re.compile(
    r"""^\s*
    (?P<start>\d{4}) \s* [/-] \s* (?P<end>\d{2}|\d{4})   # financial year
    (?: \s+ | \s*-\s* )                                  # space or hyphen
    [qQ] (?P<quarter>\d+)                                # quarter
    \s*$""",
    re.VERBOSE,
)

_EXPECTED = "expected a financial-year quarter such as '2025/26 Q2' or '2025-26-Q2'"


@dataclass(frozen=True, order=True, slots=True)
class ReportingPeriod:
    """One quarter of a UK financial year.

    ``year`` is the calendar year in which the financial year starts (2025 for
    2025/26); ``quarter`` is 1-4. Field order (year, quarter) makes the
    generated ordering chronological.
    """

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"Quarter must be 1-4, not {self.quarter!r}")
        # date() only handles years 1-9999 and Q4 falls in year + 1.
        if not 1 <= self.year <= 9998:
            raise ValueError(f"Financial year must start in 1-9998, not {self.year!r}")

    # --- construction -----------------------------------------------------

    @classmethod
    def containing(cls, d: date) -> ReportingPeriod:
        """The period that ``d`` falls in (a datetime's date part is used)."""
        if isinstance(d, datetime):
            d = d.date()
        if d.month >= 4:
            # April (month 4) -> Q1 ... December (month 12) -> Q3.
            return cls(d.year, (d.month - 4) // 3 + 1)
        # January - March belong to Q4 of the financial year that began the
        # previous April.
        return cls(d.year - 1, 4)

    @classmethod
    def parse(cls, text: str) -> ReportingPeriod:
        """Parse a label or slug: "2025/26 Q2", "2025-26-Q2", "2025/26 q2".

        Raises ``ValueError`` naming the offending text if it is malformed,
        the two years are not consecutive, or the quarter is not 1-4.
        """
        if not isinstance(text, str):
            raise ValueError(f"Not a reporting period: {text!r} ({_EXPECTED})")
        match = _PERIOD_RE.match(text)
        if match is None:
            raise ValueError(f"Not a reporting period: {text!r} ({_EXPECTED})")

        start = int(match["start"])
        end_text = match["end"]
        end = int(end_text)
        # "2025/26" or "2025/2026": the end must be the very next year.
        expected_end = start + 1 if len(end_text) == 4 else (start + 1) % 100
        if end != expected_end:
            raise ValueError(
                f"Not a reporting period: {text!r} "
                f"({start} and {end_text} are not consecutive years)"
            )

        quarter = int(match["quarter"])
        if not 1 <= quarter <= 4:
            raise ValueError(f"Not a reporting period: {text!r} (quarter must be Q1-Q4)")
        return cls(start, quarter)

    @classmethod
    def range(cls, start_date: date, end_date: date) -> list[ReportingPeriod]:
        """Every period overlapping ``start_date``..``end_date`` inclusive, in order.

        Raises ``ValueError`` if the span runs backwards.
        """
        if end_date < start_date:
            raise ValueError(f"Date range runs backwards: {start_date} is after {end_date}")
        period = cls.containing(start_date)
        last = cls.containing(end_date)
        periods = [period]
        while period < last:
            period = period.next()
            periods.append(period)
        return periods

    # --- navigation -------------------------------------------------------

    def previous(self) -> ReportingPeriod:
        """The quarter before this one (2025/26 Q1 -> 2024/25 Q4)."""
        if self.quarter == 1:
            return ReportingPeriod(self.year - 1, 4)
        return ReportingPeriod(self.year, self.quarter - 1)

    def next(self) -> ReportingPeriod:
        """The quarter after this one (2025/26 Q4 -> 2026/27 Q1)."""
        if self.quarter == 4:
            return ReportingPeriod(self.year + 1, 1)
        return ReportingPeriod(self.year, self.quarter + 1)

    # --- dates ------------------------------------------------------------

    @property
    def start(self) -> date:
        """First day of the quarter."""
        month, year_offset = _QUARTER_START[self.quarter]
        return date(self.year + year_offset, month, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (the day before the next quarter starts)."""
        month, year_offset = _QUARTER_START[self.quarter]
        # Last day of the third month: the 1st of the month after, minus a day.
        following_month = month + 3
        year = self.year + year_offset
        if following_month > 12:
            following_month -= 12
            year += 1
        return date(year, following_month, 1) - timedelta(days=1)

    def end_datetime(self, tz: tzinfo | str | None = None) -> datetime:
        """The "as at" instant for board packs: 23:59:59.999999 on the last day.

        ``tz`` is a tzinfo or an IANA name; it defaults to Europe/London, so
        the result is BST or GMT as the calendar dictates (Q1/Q2 end in BST,
        Q3/Q4 in GMT).
        """
        if tz is None:
            tz = DEFAULT_TIMEZONE
        elif isinstance(tz, str):
            tz = ZoneInfo(tz)
        return datetime.combine(self.end, time.max, tzinfo=tz)

    # --- text -------------------------------------------------------------

    @property
    def financial_year(self) -> str:
        """The financial year as written in plans, e.g. "2025/26"."""
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """Human label, e.g. "2025/26 Q2"."""
        return f"{self.financial_year} Q{self.quarter}"

    @property
    def slug(self) -> str:
        """URL-safe form, e.g. "2025-26-Q2"; ``parse`` accepts it back."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.quarter}"

    def __str__(self) -> str:
        return self.label
