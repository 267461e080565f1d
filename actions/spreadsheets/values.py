"""Reading single cells: text, status words, lead agencies, KLOEs and tags."""

import datetime as dt
import re

from actions.models import RAGB, LeadAgency
from actions.services import MAX_TEXT_CHARS
from actions.spreadsheets.safety import DANGEROUS_PREFIXES
from actions.timescales import parse_timescale

# Excel itself stops at 32,767 characters; a cell this long is a paste gone wrong.
MAX_CELL_CHARS = MAX_TEXT_CHARS  # 10,000: the status form's limit too

# Words that mean "no action in this column" in an agency's cell.
NO_ACTION = {"n/a", "na", "-", "–", "—", "none", "not applicable"}

# The words plans use for a rating, and the RAGB status each means by default
# (docs/importing.md lists them). "" is "not rated": such a word is read, but rates
# nothing. A borough's admin can map any other word in the import preview.
STATUS_WORDS = {
    "r": RAGB.RED,
    "red": RAGB.RED,
    "delayed": RAGB.RED,
    "off track": RAGB.RED,
    "at risk": RAGB.RED,
    "a": RAGB.AMBER,
    "amber": RAGB.AMBER,
    "work in progress": RAGB.AMBER,
    "in progress": RAGB.AMBER,
    "started but delayed": RAGB.AMBER,
    "progressing but delayed": RAGB.AMBER,
    "some slippage": RAGB.AMBER,
    "g": RAGB.GREEN,
    "green": RAGB.GREEN,
    "on track": RAGB.GREEN,
    "progressing and on track": RAGB.GREEN,
    "progressing": RAGB.GREEN,
    "b": RAGB.BLUE,
    "blue": RAGB.BLUE,
    "complete": RAGB.BLUE,
    "completed": RAGB.BLUE,
    "achieved": RAGB.BLUE,
    "embedded": RAGB.BLUE,
    "done": RAGB.BLUE,
    "not started": "",
    "not yet started": "",
}


def status_word_table():
    """[(RAGB label or "Not rated", [words])], for the import help page."""
    labels = {**dict(RAGB.choices), "": "Not rated"}
    table = {label: [] for label in labels.values()}
    for word, status in STATUS_WORDS.items():
        if len(word) > 1:
            table[labels[status]].append(word.capitalize())
    return list(table.items())


STATUS_HELP = "Red, Amber, Green, Blue (or R, A, G, B), Complete, Completed, On track, or blank"

AGENCY_WORDS = {
    **{a.value: a.value for a in LeadAgency},
    **{a.label.lower(): a.value for a in LeadAgency},
    "la": LeadAgency.LOCAL_AUTHORITY,
    "nhs": LeadAgency.HEALTH,
}
AGENCY_HELP = ", ".join(a.label for a in LeadAgency) + " or blank"


class CellError(ValueError):
    """A cell the import cannot take; the message is for the user."""


def text(value):
    """A cell as the text a person sees, undoing export's formula neutralising."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    # Line breaks are kept as written (web forms store CRLF), so an export imports back as it was.
    return restore(str(value).strip())


def restore(value):
    """Strip the apostrophe that export adds before =, +, -, @, tab or CR; nothing else."""
    if value.startswith("'") and value[1:].startswith(DANGEROUS_PREFIXES):
        return value[1:]
    return value


class UnknownStatus(CellError):
    """A status word the import does not know: the preview offers to map it."""

    def __init__(self, message, word):
        super().__init__(message)
        self.word = word


def status_key(value):
    """How status words are compared: "Progressing, but delayed." -> "progressing but delayed"."""
    return " ".join(re.sub(r"[^\w\s]", " ", text(value).lower()).split())


def status(value, vocabulary=None):
    """The RAGB status a cell means; `vocabulary` is the borough's own {word: status}."""
    word = status_key(value)
    if vocabulary and word in vocabulary:
        return vocabulary[word]
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    if not word:
        return ""
    raise UnknownStatus(
        f"The status “{text(value)}” is not one the import knows. Use {STATUS_HELP}.", word
    )


def date_cell(value):
    """A date from a date cell, an ISO date or a UK dd/mm/yyyy date; None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    written = text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(written, pattern).date()
        except ValueError:
            continue
    return None


_TERM_STARTS = {"spring": 1, "summer": 4, "autumn": 9, "fall": 9, "winter": 12}


def date_in_words(value):
    """The first day a start date in words names: "February 2020" -> 1 February 2020,
    "Spring term 2025" -> 1 January 2025, "Q3 2024/25" -> 1 October 2024; "end of
    Sept 25" -> 30 September 2025. None when the words name no date."""
    written = text(value)
    if not written or not re.search(r"\d", written):
        return None
    end = parse_timescale(written, period_start=None, period_end=None)
    if end is None or re.search(r"\b(end|by|before|until)\b", written, re.I):
        return end
    words = written.lower()
    for season, month in _TERM_STARTS.items():
        if season in words:
            year = end.year if month <= end.month else end.year - 1
            return dt.date(year, month, 1)
    if re.search(r"\bq[1-4]\b", words):
        return dt.date(end.year, end.month - 2, 1)
    return end.replace(day=1)


# "Action 1.1: Publish the offer", "1.2 - Train SENCOs": a reference inside the action text.
_TEXT_REFERENCE = re.compile(
    r"^(?:action\s+)?(\d+(?:\.\d+)*[a-z]?)\s*[:.)\-–]\s+(\S.*)$", re.I | re.S
)
# "(A) Audit the plans": a sub-action of the reference above.
SUB_ACTION = re.compile(r"^\(([A-Za-z])\)\s*")


def reference_in_text(value):
    """(reference, rest of the text) when the text starts with one, else ("", text)."""
    written = text(value)
    match = _TEXT_REFERENCE.match(written)
    if match:
        return match[1], match[2].strip()
    return "", written


def lines(value):
    """The lines or bullet points of a cell, without their bullets."""
    found = []
    for line in re.split(r"[\n\r]+", text(value)):
        line = re.sub(r"^\s*(?:[•·\-–*]|\d+[.)])\s*", "", line).strip()
        if line:
            found.append(line)
    return found


def lead_agency(value):
    word = " ".join(text(value).lower().split())
    if not word:
        return ""
    if word in AGENCY_WORDS:
        return AGENCY_WORDS[word]
    raise CellError(
        f"The lead agency “{text(value)}” is not one the import knows. Use {AGENCY_HELP}."
    )


def kloe_tags(value):
    """ "1 & 2" -> ["KLOE 1", "KLOE 2"]."""
    raw = re.sub(r"(?i)\bkloes?\b", "", text(value))
    parts = [p.strip(" .") for p in re.split(r"&|,|/|;|\band\b", raw)]
    return [f"KLOE {p}" for p in parts if p]


def list_cell(value):
    """Tags: separated by semicolons or line breaks (commas live inside theme names)."""
    return [p.strip() for p in re.split(r"[;\n]", text(value)) if p.strip()]


def reference(value):
    """ "1." -> "1": inspection tables number their rows with a full stop."""
    ref = text(value)
    return ref[:-1].strip() if ref.endswith(".") else ref


def is_no_action(value):
    return text(value).lower() in NO_ACTION
