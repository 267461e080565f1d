"""What an import found, row by row: the items parse.py reads and compare.py judges.

Each item is a priority, objective or action the file describes, with the existing
object it matches (None: new) and what would change. apply.py writes exactly these.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

NEW, UPDATE, UNCHANGED, ERROR, SKIPPED = "new", "update", "unchanged", "error", "skipped"
_RANK = {SKIPPED: 0, UNCHANGED: 1, UPDATE: 2, NEW: 3, ERROR: 4}

# Field limits of the models, checked here so a long value is a row error, not a crash.
LIMITS = {"reference": 30, "number": 20, "timescale": 500, "name": 200, "tag": 200}


@dataclass(eq=False)
class PriorityItem:
    number: str | None  # None: the file gives no number
    title: str
    existing: object = None
    changes: dict = field(default_factory=dict)
    description: str | None = None  # None: the file says nothing more about it

    @property
    def label(self):
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass(eq=False)
class ObjectiveItem:
    priority: PriorityItem
    number: str | None  # None: the file gives no number
    title: str
    description: str | None  # None: the file has no column for it
    row: int
    existing: object = None
    changes: dict = field(default_factory=dict)
    sheet: str = ""

    @property
    def label(self):
        return f"objective {self.number}" if self.number else f"objective “{short(self.title)}”"


@dataclass(eq=False)
class ActionItem:
    reference: str
    row: int
    priority: PriorityItem
    objective: ObjectiveItem | None
    fields: dict  # model field -> value, only for the columns the file has
    owners: list | None  # [name_key], None: no owners column
    tags: list | None  # [tag name], None: no tag columns
    existing: object = None
    changes: list = field(default_factory=list)
    sheet: str = ""
    # Dated ratings and progress notes: [(date, status, the plan's word, narrative)].
    updates: list = field(default_factory=list)
    new_updates: list = field(default_factory=list)  # those the plan does not hold yet
    diffs: list = field(default_factory=list)  # [(field words, old, new)] for the preview
    # The Status cell as written ("Progressing but delayed"), for the StatusUpdate that
    # the one writer (issue 9) records for a rating change; not written by apply.py yet.
    status_word: str = ""
    milestones: list | None = None  # [(title, due date)], None: no milestones column
    new_milestones: list = field(default_factory=list)  # those the action does not hold


@dataclass(eq=False)
class MeasureItem:
    """A success measure from a success-measure column, on a priority or objective, or
    on the action of the row it was written on."""

    priority: PriorityItem
    objective: ObjectiveItem | None
    description: str
    existing: object = None
    action: ActionItem | None = None


@dataclass
class RowResult:
    number: int
    outcome: str = UNCHANGED
    messages: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    references: list = field(default_factory=list)
    objective: object = None  # the ObjectiveItem this row starts, if any
    priority: object = None  # the PriorityItem this row names, if any
    sheet: str = ""
    diffs: list = field(default_factory=list)  # [(what, old, new)] for the preview

    @property
    def label(self):
        return f"{self.sheet}, row {self.number}" if self.sheet else f"Row {self.number}"

    @property
    def anchor(self):
        if not self.sheet:
            return f"row-{self.number}"
        return f"row-{''.join(c if c.isalnum() else '-' for c in self.sheet)}-{self.number}"

    def settle(self, outcome):
        if _RANK[outcome] > _RANK[self.outcome]:
            self.outcome = outcome


@dataclass
class ImportResult:
    filename: str
    sheet: object
    state: object
    rows: list = field(default_factory=list)
    priorities: list = field(default_factory=list)
    objectives: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    new_people: dict = field(default_factory=dict)  # name_key -> (name, job title)
    tag_names: set = field(default_factory=set)
    today: object = None  # the date the import rates actions on
    rated_on: object = None  # the day a rating with no date of its own reports on
    # The day the file reports on, as the admin gave it (default: the end of the last
    # finished quarter): undated ratings and year-less progress columns take it.
    reported_as_at: datetime.date | None = None
    layout: dict | None = None  # the admin's layout the file was read with, if any
    clear_blanks: bool = False  # the admin chose: a blank cell clears what the plan holds
    sheets: list = field(default_factory=list)  # every sheet read; `sheet` is the first
    skipped_sheets: list = field(default_factory=list)  # names of sheets with no table
    notices: list = field(default_factory=list)  # file-wide warnings
    unknown_words: dict = field(default_factory=dict)  # status word -> as first written
    measures: list = field(default_factory=list)  # MeasureItem

    @property
    def unknown_columns(self):
        """[(sheet name, heading)] of columns no field reads, each heading once."""
        seen, found = set(), []
        for sheet in self.sheets or [self.sheet]:
            for _, heading in sheet.header.unknown_columns():
                if heading not in seen:
                    seen.add(heading)
                    found.append((sheet.name, heading))
        return found

    @property
    def reports_from(self):
        """The first day the file reports on: its earliest dated update, or the day it
        reports as at. A new plan's history starts then (apply.py)."""
        days = [u[0] for a in self.actions for u in (a.new_updates or ())]
        if self.reported_as_at is not None:
            days.append(self.reported_as_at)
        return min(days, default=None)

    @property
    def new_updates(self):
        return sum(len(a.new_updates) for a in self.actions)

    @property
    def errors(self):
        return [r for r in self.rows if r.errors]

    @property
    def warnings(self):
        return [w for r in self.rows for w in r.warnings]

    @property
    def ok(self):
        return not self.errors

    @property
    def has_changes(self):
        return (
            bool(self.new_people)
            or any(m.existing is None for m in self.measures)
            or any(
                i.existing is None or i.changes
                for i in (*self.priorities, *self.objectives, *self.actions)
            )
        )

    def counts(self):
        def tally(items):
            new = sum(1 for i in items if i.existing is None)
            updated = sum(1 for i in items if i.existing is not None and i.changes)
            return {"created": new, "updated": updated, "unchanged": len(items) - new - updated}

        in_file = {a.reference for a in self.actions}
        return {
            "rows": len(self.rows),
            "priorities": tally(self.priorities),
            "objectives": tally(self.objectives),
            "actions": tally(self.actions),
            "people": len(self.new_people),
            "measures": sum(1 for m in self.measures if m.existing is None),
            "updates": self.new_updates,
            "warnings": len(self.warnings),
            "errors": sum(len(r.errors) for r in self.rows),
            "error_rows": len(self.errors),
            "not_in_file": len(set(self.state.actions) - in_file),
        }

    def versions(self):
        """{reference: version} of every existing action the file names, as read now."""
        return {i.reference: i.existing.version for i in self.actions if i.existing is not None}

    def fingerprint(self):
        """Changes if what the import would do changes; the web confirm step checks it."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(
                f"{row.sheet}|{row.number}|{row.outcome}|{','.join(row.references)}\n".encode()
            )
        return digest.hexdigest()


def short(text, length=60):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
