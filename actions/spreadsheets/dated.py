"""Dated rating and progress columns: "RAG May 20" ... "RAG August 22", "November update".

Each dated column is one point in an action's history. A rating column's cell is a
status word (mapped like the Status column's); a progress column's cell is the
narrative written then. An update is dated the last day of its column's month: the
rating held for that month. A month without a year ("November progress update")
takes the year of the latest dated rating column or, without one, the year that puts
it on or before the "reported as at" date the admin gave (by default the end of the
last finished quarter, `default_reported_as_at`), never the import day. The latest
rated update is the action's current status (unless the sheet also has a plain Status
column) and the latest progress note its narrative (unless it has a plain Narrative
column).
"""

import calendar
import datetime as dt

from actions.spreadsheets import values
from sendplan.periods import ReportingPeriod


def default_reported_as_at(today):
    """The day a file reports on unless the admin says: the last finished quarter's end."""
    return ReportingPeriod.containing(today).previous().end


def column_dates(header, today, reported_as_at=None):
    """{column index: date} for the header's dated columns."""
    as_at = reported_as_at or today
    years = [y for _, (y, _), _ in header.dated_status + header.dated_progress if y]
    latest = max(years) if years else as_at.year
    dates = {}
    for index, (year, month), _ in header.dated_status + header.dated_progress:
        if year is None:
            year = latest
            if dt.date(year, month, 1) > (today if years else as_at):
                year -= 1
        dates[index] = dt.date(year, month, calendar.monthrange(year, month)[1])
    return dates


def dated_updates(walker, cells, row, fields):
    """[(date, status, word, narrative)] for the row, oldest first; None on an error.

    Sets the row's current status and narrative from the latest, as described above.
    """
    header = walker.header
    if not header.has_dated:
        return []
    if getattr(walker, "_dated_header", None) is not header:
        walker._dated_header = header
        walker._dated_dates = column_dates(
            header, walker.today, getattr(walker, "reported_as_at", None)
        )
    dates = walker._dated_dates
    ratings, notes = {}, {}
    for index, _, _ in header.dated_status:
        value = cells[index] if index < len(cells) else None
        if not values.text(value):
            continue
        status = walker.status_of(value, row)
        if status is None:
            return None
        if status:  # "Not started" is read, but rates nothing
            ratings[dates[index]] = (status, values.text(value)[:200])
    for index, _, _ in header.dated_progress:
        text = values.text(cells[index] if index < len(cells) else None)
        if text:
            notes[dates[index]] = text
    updates, current = [], None
    if fields.get("status") and not ratings:
        # Progress notes with no rating column beside them carry the row's own rating,
        # so they reach the history rather than only the latest note.
        current = (fields["status"], values.text(walker.cell(cells, "status"))[:200])
    for date in sorted(ratings.keys() | notes.keys()):
        if date in ratings:
            current = ratings[date]
        if current is None:
            continue  # a note before any rating has no status to go with it
        status, word = current
        word = word if date in ratings or not ratings else ""
        updates.append((date, status, word, notes.get(date, "")))
    if ratings and not header.has("status"):
        fields["status"], _ = ratings[max(ratings)]
        fields["status_date"] = max(ratings)
    if notes and not header.has("narrative"):
        fields["status_narrative"] = notes[max(notes)]
    return updates
