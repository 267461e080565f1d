"""Reading single cells: text, status words, lead agencies, KLOEs and tags."""

import datetime as dt
import re

from actions.models import RAGB, LeadAgency
from actions.services import MAX_TEXT_CHARS
from actions.spreadsheets.safety import DANGEROUS_PREFIXES

# Excel itself stops at 32,767 characters; a cell this long is a paste gone wrong.
MAX_CELL_CHARS = MAX_TEXT_CHARS  # 10,000: the status form's limit too

# Words that mean "no action in this column" in an agency's cell.
NO_ACTION = {"n/a", "na", "-", "–", "—", "none", "not applicable"}

STATUS_WORDS = {
    "r": RAGB.RED,
    "red": RAGB.RED,
    "a": RAGB.AMBER,
    "amber": RAGB.AMBER,
    "g": RAGB.GREEN,
    "green": RAGB.GREEN,
    "on track": RAGB.GREEN,
    "b": RAGB.BLUE,
    "blue": RAGB.BLUE,
    "complete": RAGB.BLUE,
    "completed": RAGB.BLUE,
}
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


def status(value):
    word = " ".join(text(value).lower().replace(".", " ").split())
    if word in STATUS_WORDS:
        return STATUS_WORDS[word]
    if not word:
        return ""
    raise CellError(f"The status “{text(value)}” is not one the import knows. Use {STATUS_HELP}.")


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
