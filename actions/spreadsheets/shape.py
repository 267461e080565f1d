"""Finding a plan's table by its shape when its headings' words are not enough.

Councils head their action column with whatever phrase their plan uses ("Our plan",
"How will we get there?"), so the synonym table (columns.py) cannot be the gate. A
table looks the same whatever its words: a row of short, distinct labels, followed by
rows of prose. `find_by_shape` looks for that row; the column whose cells are the
longest text, row by row, among those the headings' words do not already place, is
the action column. The words still decide every column they name (they are the
tie-breaker), and the borough admin's own choices (`mapping`) win over both.
"""

import datetime as dt

from actions.spreadsheets.columns import normalise_header, read_headings

# A label is short: a header cell, not a sentence of the plan.
LABEL_CHARS = 80
LABEL_WORDS = 12
# Prose: a cell of this many characters (or words) is the plan's text, not a label.
PROSE_CHARS = 30
PROSE_WORDS = 5
# How many rows under a candidate header are looked at.
BODY_ROWS = 12


def _text(value):
    if value is None or isinstance(value, (int, float, dt.date)):
        return ""
    return str(value).strip()


def _is_prose(text):
    return len(text) >= PROSE_CHARS or len(text.split()) >= PROSE_WORDS


def _label_row(cells):
    """The row's labels [(index, text)] if it reads as a header row, else None."""
    labels = []
    for index, value in enumerate(cells):
        if value is None or value == "":
            continue
        text = _text(value)
        if not text:
            return None  # a number or a date: a row of data
        if len(text) > LABEL_CHARS or len(text.split()) > LABEL_WORDS:
            return None
        labels.append((index, text))
    keys = [normalise_header(t) for _, t in labels]
    # Three columns at least: two are notes or instructions ("Column | What to put in it").
    if len(labels) < 3 or len(set(keys)) != len(keys):
        return None
    return labels


def _body(rows, start):
    """The non-empty rows under a candidate header, at most BODY_ROWS of them."""
    found = []
    for cells in rows[start:]:
        if any(c not in ("", None) for c in cells):
            found.append(cells)
            if len(found) == BODY_ROWS:
                break
    return found


def _prose_rows(labels, body):
    """How many body rows are rows of the table with prose in a labelled column."""
    columns = {i for i, _ in labels}
    count = 0
    for cells in body:
        filled = [i for i, c in enumerate(cells) if c not in ("", None)]
        if len(filled) < 2 or not set(filled) <= columns | {min(columns)}:
            continue
        if any(_is_prose(_text(cells[i])) for i in filled if i in columns):
            count += 1
    return count


def _action_column(header, labels, body):
    """The column with the longest text per row among those the words leave unplaced."""
    placed = set(header.fields.values()) | {a.index for a in header.agencies}
    placed |= {i for i, _, _ in header.dated_status + header.dated_progress}
    placed |= {i for i, h in labels if normalise_header(h) in header.mapped}
    best, best_length = None, 0
    for index, _ in labels:
        if index in placed:
            continue
        lengths = [len(_text(cells[index])) for cells in body if index < len(cells)]
        mean = sum(lengths) / len(lengths) if lengths else 0
        if mean > best_length:
            best, best_length = index, mean
    return best


def find_by_shape(rows, mapping=None, search_rows=50):
    """The HeaderMap of the first row that is shaped like a table's header, or None."""
    for index, cells in enumerate(rows[:search_rows]):
        labels = _label_row(cells)
        if labels is None:
            continue
        body = _body(rows, index + 1)
        if not body or _label_row(body[0]) is not None and not _prose_rows(labels, body[:1]):
            continue  # a title row above the real header, or labels without a table
        if _prose_rows(labels, body) < max(1, min(2, len(body) // 2)):
            continue
        headings = ["" if c is None else str(c).strip() for c in cells]
        header = read_headings(headings, index, mapping)
        header.by_shape = True
        if not header.has("action") and not header.agencies:
            column = _action_column(header, labels, body)
            if column is None:
                continue
            header.fields["action"] = column
            if headings[column] in header.unknown:
                header.unknown.remove(headings[column])
        return header
    return None
