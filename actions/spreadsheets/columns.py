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
    "priority": ["Priority", "Ambition", "Workstream", "Key priority", "Area for improvement"],
    "objective_number": ["Objective no.", "Objective number"],
    "objective": [
        "Objective",
        "Issue",
        "Finding",
        "Area for development",
        "Key concern",
        "Outcomes",
        "Outcome",
    ],
    "objective_description": ["Objective description"],
    "reference": ["Ref", "Reference", "No.", "No", "#", "Action ref", "Number", "Action number"],
    "action": ["Action", "Actions", "What we will do", "Action to be taken", "Our actions"],
    "lead_agency": ["Lead agency"],
    "lead_organisation": [
        "Lead organisation",
        "Lead organisations",
        "Lead organization",
        "Lead partner",
        "Lead partners",
        "Lead service",
    ],
    "owners": [
        "Owners",
        "Who",
        "Owner",
        "Lead",
        "Leads",
        "Responsible officer",
        "Action lead",
        "Lead officer",
    ],
    "accountable": ["SRO", "Senior responsible officer", "Accountable", "Accountable officer"],
    "start_date": ["Start date", "Start"],
    "completed_on": ["Date completed", "Completed on", "Actual completion date"],
    "timescale": [
        "Timescale",
        "Deadline",
        "Due",
        "Due date",
        "By when",
        "Target date",
        "Term",
        "End date",
        "Completion date",
        "When",
        "Timeframe",
        "Timeline",
    ],
    "status": ["Status", "RAGB", "RAG", "RAG status", "RAG rating"],
    "narrative": ["Narrative", "Update", "Progress", "Progress to date", "Evidence and impact"],
    "next_steps": ["Next steps"],
    "expected_impact": [
        "Expected impact",
        "Planned impact",
        "Intended impact",
        "Impact",
        "What we will see",
        "What will we see",
        "Expected outcome",
        "Difference it will make",
    ],
    "milestones": ["Milestones", "Key milestones", "Milestone", "Milestones and dates"],
    "success_measures": [
        "Success measures",
        "Measures of success",
        "Success criteria",
        "What does success look like",
        "How we will know",
        "Impact measures",
    ],
    "tags": ["Tags"],
    "kloe": ["KLOE"],
    "theme": ["Theme"],
}

# Headings that are sentences or carry extra words ("Responsible officer (action lead)",
# "Our actions to deliver this are to:") are matched by the longest of these phrases
# they contain as whole words. Short or ambiguous aliases ("No", "Lead", "Due") are
# matched only exactly.
CONTAINED = {
    "priority": ["area for improvement", "key priority"],
    "objective": ["outcomes", "outcome", "objective", "area for development"],
    "action": ["actions", "action to be taken", "what we will do"],
    "owners": [
        "responsible officer",
        "action lead",
        "lead officer",
        "owner",
        "who is leading",
        "who will lead",
        "who is responsible",
        "lead person",
    ],
    "accountable": ["senior responsible officer", "sro", "accountable"],
    "start_date": ["start date"],
    "completed_on": ["date completed", "completed on", "actual completion date"],
    "timescale": ["end date", "timescale", "deadline", "completion date", "target date"],
    "status": ["rag", "ragb", "status"],
    "narrative": ["progress", "update", "evidence", "commentary"],
    "next_steps": ["next steps"],
    "expected_impact": [
        "impact",
        "planned impact",
        "expected impact",
        "intended impact",
        "what we will see",
        "what will we see",
        "what difference",
    ],
    "lead_organisation": ["lead organisation", "lead organisations", "lead partner"],
    "milestones": ["milestone", "milestones"],
    "success_measures": [
        "success measure",
        "success measures",
        "measures of success",
        "success criteria",
        "what does success look like",
        "how we will know",
    ],
}

# The fields the column-mapping step offers for a heading the import does not know.
MAPPABLE = {
    "reference": "Reference",
    "action": "Action",
    "objective": "Objective",
    "priority": "Priority",
    "owners": "Owners (responsible)",
    "accountable": "Accountable (senior responsible officer)",
    "lead_agency": "Lead agency",
    "lead_organisation": "Lead organisations (as written)",
    "start_date": "Start date",
    "completed_on": "Date completed",
    "timescale": "Timescale or end date",
    "status": "Status",
    "narrative": "Narrative (progress)",
    "next_steps": "Next steps",
    "expected_impact": "Expected impact (what we will see)",
    "success_measures": "Success measures",
    "milestones": "Milestones (one a line, with dates)",
    "tags": "Tags",
    "labelled": "Several fields (labelled lines such as “Lead: …”)",
}

MONTHS = {
    m: n
    for n, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = re.compile(r"\b(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\s*(\d{2,4})?")

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
    # Dated columns: [(column index, (year or None, month), heading)], left to right.
    dated_status: list = field(default_factory=list)
    dated_progress: list = field(default_factory=list)
    mapped: dict = field(default_factory=dict)  # heading -> field, from a saved mapping
    by_shape: bool = False  # found by the table's shape, not its headings' words

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

    @property
    def has_dated(self):
        return bool(self.dated_status or self.dated_progress)

    def unknown_columns(self):
        """[(index, heading)] of the non-empty headings no field reads."""
        used = {*self.fields.values(), *(a.index for a in self.agencies)}
        used |= {i for i, _, _ in self.dated_status} | {i for i, _, _ in self.dated_progress}
        return [
            (i, h)
            for i, h in enumerate(self.headings)
            if h and i not in used and normalise_header(h) not in self.mapped
        ]


def dated_heading(key):
    """ "rag may 20" -> ("status", (2020, 5)); "november update" -> ("progress", (None, 11))."""
    match = _MONTH.search(key)
    if not match:
        return None
    words = set(key.split())
    year = match[2]
    if year:
        year = int(year) + (2000 if len(year) == 2 else 0)
    month = (year, MONTHS[match[1]])
    if words & {"rag", "ragb", "rating", "status"}:
        return "status", month
    if words & {"progress", "update", "updates", "commentary"}:
        return "progress", month
    return None


def contained_field(key):
    """The field whose longest phrase the heading contains as whole words, if any."""
    padded = f" {key} "
    best = None
    for name, phrases in CONTAINED.items():
        for phrase in phrases:
            if f" {phrase} " in padded and (best is None or len(phrase) > len(best[1])):
                best = (name, phrase)
    return best[0] if best else None


def match_header(cells, row_index=0, mapping=None):
    """A HeaderMap if `cells` read as a header row by their words, else None.

    A header row must name an action column and at least one column that describes
    it (a reference, objective, owner, timescale ...), so that a data row that
    happens to contain the word "Action" is not taken for one. A table whose headings
    say less than that is found by its shape instead (shape.py).
    """
    headings = ["" if c is None else str(c).strip() for c in cells]
    if sum(1 for h in headings if h) < 2:
        return None
    found = read_headings(headings, row_index, mapping)
    has_action = found.has("action") or found.agencies
    described = DESCRIBING_FIELDS & found.fields.keys() or found.has_dated
    if has_action and described:
        return found
    return None


def read_headings(headings, row_index=0, mapping=None):
    """The HeaderMap of a row of headings: what each column's words say it is.

    The borough admin's choice for a heading (`mapping`: normalised heading -> field,
    or "" to ignore it) always wins: it is placed first, and a heading naming the
    same field by its words is then a duplicate.
    """
    found = HeaderMap(row_index=row_index, headings=headings)
    mapping = mapping or {}
    for index, heading in enumerate(headings):
        key = normalise_header(heading) if heading else ""
        if key in mapping:
            found.mapped[key] = mapping[key]
            if mapping[key] and mapping[key] not in found.fields:
                found.fields[mapping[key]] = index
    later = []
    for index, heading in enumerate(headings):
        if not heading:
            continue
        key = normalise_header(heading)
        if key in mapping:
            continue
        dated = dated_heading(key) if key not in _LOOKUP else None
        if dated:
            kind, month = dated
            target = found.dated_status if kind == "status" else found.dated_progress
            target.append((index, month, heading))
        elif key in _AGENCY_LOOKUP:
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
            later.append((index, heading, key))
    # Exact names first, so "Action" beats "Our actions to deliver this are to:".
    for index, heading, key in later:
        name = contained_field(key)
        if name and name not in found.fields:
            found.fields[name] = index
        else:
            found.unknown.append(heading)
    return found
