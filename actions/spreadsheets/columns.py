"""The columns an action plan spreadsheet may have, and how headers are recognised.

Councils head their columns in many ways ("No.", "Ref", "#"; "Who", "Lead officer"...).
A header cell is matched case-insensitively, ignoring punctuation and extra spaces,
against the aliases below. Each field takes the first column that names it.
"""

import re
from dataclasses import dataclass, field

from actions.models import LeadAgency

# The template's own headings come first in each list: export writes those.
ALIASES = {
    "priority_number": ["Priority no.", "Priority number"],
    "priority": ["Priority", "Ambition", "Workstream", "Key priority"],
    "objective_number": ["Objective no.", "Objective number"],
    "objective": ["Objective", "Issue", "Finding", "Area for development", "Key concern"],
    "objective_description": ["Objective description"],
    "reference": ["Ref", "Reference", "No.", "No", "#", "Action ref"],
    "action": ["Action", "Actions"],
    "lead_agency": ["Lead agency"],
    "owners": ["Owners", "Who", "Owner", "Lead", "Leads", "Responsible officer"],
    "timescale": ["Timescale", "Deadline", "Due", "Due date", "By when", "Target date", "Term"],
    "status": ["Status", "RAGB", "RAG", "RAG status"],
    "narrative": ["Narrative", "Update", "Progress"],
    "next_steps": ["Next steps"],
    "tags": ["Tags"],
    "kloe": ["KLOE"],
    "theme": ["Theme"],
}

# An agency's own action column: each non-empty cell is one action led by that agency.
# The code goes into the reference, as fixtures/seeds/SCHEMA.md describes ("1-LA1").
AGENCY_COLUMNS = {
    "Action Health": (LeadAgency.HEALTH, "H"),
    "Action LA": (LeadAgency.LOCAL_AUTHORITY, "LA"),
    "Action Social Care": (LeadAgency.SOCIAL_CARE, "SC"),
    "Action Education": (LeadAgency.EDUCATION, "ED"),
}

# The columns the template and every export have, in order.
TEMPLATE_COLUMNS = [
    "Priority no.",
    "Priority",
    "Objective no.",
    "Objective",
    "Objective description",
    "Ref",
    "Action",
    "Lead agency",
    "Owners",
    "Timescale",
    "Status",
    "Narrative",
    "Next steps",
    "Tags",
]

# The fields whose columns tell a header row from a row of data.
DESCRIBING_FIELDS = {"reference", "objective", "priority", "owners", "timescale", "status"}


def normalise_header(text):
    """ "No." -> "no", "  RAG  status " -> "rag status", "#" -> "#"."""
    text = str(text).strip()
    if text == "#":
        return "#"
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


_LOOKUP = {normalise_header(alias): name for name, aliases in ALIASES.items() for alias in aliases}
_AGENCY_LOOKUP = {normalise_header(h): value for h, value in AGENCY_COLUMNS.items()}


@dataclass
class AgencyColumn:
    index: int
    heading: str
    lead_agency: str
    code: str


@dataclass
class HeaderMap:
    """Where each recognised field is in the sheet's rows (0-based column indexes)."""

    row_index: int
    headings: list
    fields: dict = field(default_factory=dict)  # field name -> column index
    agencies: list = field(default_factory=list)  # AgencyColumn, left to right
    unknown: list = field(default_factory=list)  # headings we ignore
    duplicates: list = field(default_factory=list)  # headings naming a field twice

    @property
    def agency_mode(self):
        """Inspection tables: one column per lead agency, and "No." numbers the issue."""
        return bool(self.agencies)

    def has(self, name):
        return name in self.fields

    def heading_of(self, name):
        return self.headings[self.fields[name]]

    @property
    def recognised(self):
        return [self.headings[i] for i in sorted(self.fields.values())] + [
            a.heading for a in self.agencies
        ]


def match_header(cells, row_index=0):
    """A HeaderMap if `cells` read as a header row, else None.

    A header row must name an action column and at least one column that describes
    it (a reference, objective, owner, timescale ...), so that a data row that
    happens to contain the word "Action" is not taken for one.
    """
    headings = ["" if c is None else str(c).strip() for c in cells]
    found = HeaderMap(row_index=row_index, headings=headings)
    for index, heading in enumerate(headings):
        if not heading:
            continue
        key = normalise_header(heading)
        if key in _AGENCY_LOOKUP:
            lead_agency, code = _AGENCY_LOOKUP[key]
            if any(a.code == code for a in found.agencies):
                found.duplicates.append(heading)
            else:
                found.agencies.append(AgencyColumn(index, heading, lead_agency, code))
        elif key in _LOOKUP:
            name = _LOOKUP[key]
            if name in found.fields:
                found.duplicates.append(heading)
            else:
                found.fields[name] = index
        else:
            found.unknown.append(heading)
    has_action = found.has("action") or found.agencies
    if has_action and DESCRIBING_FIELDS & found.fields.keys():
        return found
    return None
