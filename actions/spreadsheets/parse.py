"""Rows of a plan spreadsheet -> the changes an import would make, row by row.

Nothing here writes. `build_import` walks the rows once, decides which priority,
objective and actions each row describes, then compares them with what the plan
holds (loaded up front in a fixed number of queries, see selectors.load_plan_state)
so that every row can say "new", "update", "unchanged" or "error" before anyone
confirms. apply.py then writes exactly what this found.

How rows are read (fixtures/seeds/SCHEMA.md has the reference scheme):

* Inspection tables have one action column per lead agency ("Action Health",
  "Action LA"). There the reference column ("No.") numbers the row's issue, and
  each non-empty agency cell is an action "{row}-{H|LA|SC|ED}{n}". A row with no
  number but new issue text starts an unnumbered issue, "4a", "4b" after row 4.
* Otherwise one "Action" column holds one action per row and the reference column
  is the action's own reference. Rows with none get the previous reference plus a
  letter ("1.2a"), or a count ("1", "2") when the file has no references at all.
* Either way, a row with no reference and no objective text continues the row
  above: its actions join the same objective, with their own owners and timescale.
* A column the file lacks leaves that field alone; a blank cell in a column the
  file has clears it (so a blank status means "not rated").
"""

import datetime as dt
import hashlib
import re
import string
from dataclasses import dataclass, field

from django.utils import timezone

from actions.models import Plan
from actions.spreadsheets import values
from actions.spreadsheets.owners import KnownNames, name_key, parse_owners
from actions.spreadsheets.selectors import load_tags
from actions.timescales import parse_timescale

NEW, UPDATE, UNCHANGED, ERROR, SKIPPED = "new", "update", "unchanged", "error", "skipped"
_RANK = {SKIPPED: 0, UNCHANGED: 1, UPDATE: 2, NEW: 3, ERROR: 4}

# Field limits of the models, checked here so a long value is a row error, not a crash.
LIMITS = {"reference": 30, "number": 20, "timescale": 500, "name": 200, "tag": 200}

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
FORMULA_MESSAGE = (
    "The {heading} cell holds a formula. Replace formulas with their values (copy, "
    "then Paste Special > Values) and upload the file again."
)

# What users call the fields an update changes.
FIELD_WORDS = {
    "title": "title",
    "number": "number",
    "description": "description",
    "priority": "priority",
    "objective": "objective",
    "lead_agency": "lead agency",
    "timescale": "timescale",
    "due_date": "due date",
    "status": "status",
    "status_narrative": "narrative",
    "next_steps": "next steps",
    "owners": "owners",
    "tags": "tags",
}


@dataclass(eq=False)
class PriorityItem:
    number: str | None  # None: the file gives no number
    title: str
    existing: object = None
    changes: dict = field(default_factory=dict)

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

    @property
    def label(self):
        return f"objective {self.number}" if self.number else f"objective “{_short(self.title)}”"


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
        return bool(self.new_people) or any(
            i.existing is None or i.changes
            for i in (*self.priorities, *self.objectives, *self.actions)
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
            "warnings": len(self.warnings),
            "errors": sum(len(r.errors) for r in self.rows),
            "error_rows": len(self.errors),
            "not_in_file": len(set(self.state.actions) - in_file),
        }

    def fingerprint(self):
        """Changes if what the import would do changes; the web confirm step checks it."""
        digest = hashlib.sha256()
        for row in self.rows:
            digest.update(f"{row.number}|{row.outcome}|{','.join(row.references)}\n".encode())
        return digest.hexdigest()


def _short(text, length=60):
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _letters():
    """a, b, ..., z, aa, ab, ...: the suffixes of unnumbered rows."""
    for first in ["", *string.ascii_lowercase]:
        for second in string.ascii_lowercase:
            yield first + second


class _Walker:
    """Reads the rows in order, keeping what "the row above" means."""

    def __init__(self, sheet, state, filename, today):
        self.sheet = sheet
        self.header = sheet.header
        self.state = state
        self.plan = state.plan
        self.result = ImportResult(filename=filename, sheet=sheet, state=state)
        self.known = KnownNames(state.people.keys())
        start = getattr(self.plan, "period_start", None) or today
        self.period = (start, getattr(self.plan, "period_end", None))
        self.timescales = {}
        self.owner_cells = {}
        self.priority_items = {}
        self.objective_items = {}
        self.references = {}  # reference -> row number, for duplicates
        self.priority = None
        self.objective = None
        self.row_key = None  # agency mode: the number ("4", "4a")
        self.last_number = ""
        self.letters = _letters()
        self.inherited = {}  # KLOE and Theme cells, carried into continuation rows
        self.agency_counts = {}
        self.action_count = 0
        self.last_reference = ""
        self.pending_reference = ""
        self.priority_by_pk = {}
        self._index_existing()

    # --- existing priorities and objectives ---------------------------------

    def _index_existing(self):
        self.priority_by_number = {p.number: p for p in self.state.priorities if p.number}
        self.priority_by_title = {name_key(p.title): p for p in self.state.priorities}
        self.objective_index = {}
        for o in self.state.objectives:
            scope = o.priority_id if self.header.has("priority") else None
            if o.number:
                self.objective_index.setdefault((scope, "n", o.number), o)
            self.objective_index.setdefault((scope, "t", name_key(o.title)), o)

    def existing_priority(self, priority, number=None, title=None):
        """The one PriorityItem for an existing priority, however rows reach it."""
        if priority.pk not in self.priority_by_pk:
            item = PriorityItem(number, title or priority.title, existing=priority)
            self.priority_by_pk[priority.pk] = item
            self.result.priorities.append(item)
        return self.priority_by_pk[priority.pk]

    def default_priority(self):
        """Without a priority column everything new goes under one priority."""
        if "default" not in self.priority_items:
            if self.state.priorities:
                item = self.existing_priority(self.state.priorities[0])
            else:
                label = getattr(self.plan, "priority_label", "") or "Priority"
                item = PriorityItem(None, label if label != "Priority" else "Actions")
                self.result.priorities.append(item)
            self.priority_items["default"] = item
        return self.priority_items["default"]

    def priority_for(self, number, title, row):
        key = ("n", number) if number else ("t", name_key(title))
        if key in self.priority_items:
            item = self.priority_items[key]
            if number and title and name_key(title) != name_key(item.title):
                row.errors.append(
                    f"Priority {number} is given two different titles: here and above."
                )
            return item
        existing = (
            self.priority_by_number.get(number) if number else None
        ) or self.priority_by_title.get(name_key(title))
        if existing is None and not title:
            row.errors.append(f"There is no priority {number} in the plan: give its title.")
            return None
        if existing is not None:
            item = self.existing_priority(existing, number, title)
        else:
            item = PriorityItem(number, title)
            self.result.priorities.append(item)
        row.priority = item  # the first row to name a priority reports on it
        self.priority_items[key] = item
        return item

    def objective_for(self, priority, number, title, description, row):
        scope_key = id(priority) if self.header.has("priority") else None
        key = (scope_key, "n", number) if number else (scope_key, "t", name_key(title))
        if key in self.objective_items:
            item = self.objective_items[key]
            if title and name_key(title) != name_key(item.title):
                row.errors.append(
                    f"Objective {number} is given two different texts: here and on row {item.row}."
                )
            return item
        scope = None
        if self.header.has("priority") and priority.existing is not None:
            scope = priority.existing.pk
        existing = None
        if self.header.has("priority") and priority.existing is None:
            existing = None  # a new priority has no objectives yet
        elif number:
            existing = self.objective_index.get((scope, "n", number))
        else:
            existing = self.objective_index.get((scope, "t", name_key(title)))
        if existing is None and not title:
            row.errors.append(
                f"Give the {self.objective_word()} for reference {number}: the plan has no "
                f"{self.objective_word()} numbered {number} yet."
            )
            return None
        if existing is not None and not self.header.has("priority"):
            # Without a priority column an objective stays under the priority it has.
            priority = self._priority_of(existing, priority)
        item = ObjectiveItem(
            priority=priority,
            number=number,
            title=title or existing.title,
            description=description,
            row=row.number,
            existing=existing,
        )
        self.objective_items[key] = item
        self.result.objectives.append(item)
        return item

    def _priority_of(self, objective, fallback):
        for p in self.state.priorities:
            if p.pk == objective.priority_id:
                return self.existing_priority(p)
        return fallback

    def objective_word(self):
        if self.header.has("objective"):
            return self.header.heading_of("objective").lower()
        return "objective"

    # --- cells --------------------------------------------------------------

    def cell(self, cells, name):
        index = self.header.fields.get(name)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def check_cells(self, number, cells, row):
        """Formulas and runaway cells, in the columns the import reads."""
        columns = [*self.header.fields.values(), *(a.index for a in self.header.agencies)]
        for index in sorted(columns):
            heading = self.header.headings[index]
            if (number, index) in self.sheet.formula_cells:
                row.errors.append(FORMULA_MESSAGE.format(heading=heading))
            value = cells[index] if index < len(cells) else None
            if isinstance(value, str) and len(value) > values.MAX_CELL_CHARS:
                row.errors.append(
                    f"The {heading} cell is {len(value):,} characters long; the limit is "
                    f"{values.MAX_CELL_CHARS:,}. Shorten it, or check it was not pasted twice."
                )

    def is_repeated_header(self, cells):
        first = min(self.header.fields.values(), default=0)
        heading = self.header.headings[first].lower()
        if first >= len(cells) or values.text(cells[first]).lower() != heading:
            return False
        seen = [values.text(c).lower() for c in cells[: len(self.header.headings)]]
        wanted = [h.lower() for h in self.header.headings]
        return seen[: len(wanted)] == wanted[: len(seen)] and any(seen)

    def limit(self, row, what, value, limit_name):
        if len(value) > LIMITS[limit_name]:
            row.errors.append(
                f"The {what} “{_short(value, 40)}” is {len(value)} characters long; the "
                f"limit is {LIMITS[limit_name]}."
            )
            return False
        return True

    # --- rows ---------------------------------------------------------------

    def walk(self):
        for number, cells in self.sheet.rows:
            if not any(values.text(c) for c in cells):
                continue
            row = RowResult(number=number)
            if self.is_repeated_header(cells):
                row.outcome = SKIPPED
                row.messages.append("The header row again; skipped.")
                self.result.rows.append(row)
                continue
            self.check_cells(number, cells, row)
            if not row.errors:
                self.read_row(cells, row)
            self.result.rows.append(row)
        return self.result

    def read_row(self, cells, row):
        get = lambda name: self.cell(cells, name)  # noqa: E731
        ref = values.reference(get("reference"))
        objective_text = values.text(get("objective"))
        objective_number = values.reference(get("objective_number")) or None
        priority_text = values.text(get("priority"))
        priority_number = values.reference(get("priority_number")) or None

        if priority_text or priority_number:
            priority = self.priority_for(priority_number, priority_text, row)
            if priority is None:
                return
            if priority is not self.priority:
                self.objective = None
            self.priority = priority
        elif self.priority is None:
            if self.header.has("priority"):
                row.errors.append("Give this row a priority: no row above it names one.")
                return
            self.priority = self.default_priority()
            if self.priority.existing is None:
                row.priority = self.priority

        if self.header.agency_mode:
            continuing = self.agency_row(ref, objective_text, cells, row)
        else:
            continuing = self.single_row(
                ref, objective_text, objective_number, bool(priority_text), cells, row
            )
        if continuing is None or row.errors:
            return
        self.actions_of_row(cells, row, continuing)

    def objective_description(self, cells):
        if self.header.has("objective_description"):
            return values.text(self.cell(cells, "objective_description"))
        if self.header.has("theme"):
            theme = values.text(self.cell(cells, "theme"))
            return f"Theme: {theme}" if theme else ""
        return None

    def start_objective(self, number, title, cells, row):
        if number and not self.limit(row, "number", number, "number"):
            return None
        item = self.objective_for(
            self.priority, number, title, self.objective_description(cells), row
        )
        if item is None:
            return None
        self.objective = item
        self.inherited = {
            "kloe": self.cell(cells, "kloe"),
            "theme": self.cell(cells, "theme"),
        }
        row.objective = item
        return item

    def agency_row(self, ref, objective_text, cells, row):
        """Inspection tables: returns True for a continuation row, False for a new issue."""
        same_text = self.objective and name_key(objective_text) == name_key(self.objective.title)
        if not ref and (not objective_text or same_text):
            if self.objective is None:
                row.errors.append(
                    "This row continues the row above (it has no reference and no "
                    f"{self.objective_word()}), but no row above starts one."
                )
                return None
            return True
        if ref:
            key, number = ref, ref
            self.last_number, self.letters = ref, _letters()
        else:
            # An unnumbered issue: "4a", "4b" after row 4, as the seed plans number them.
            key, number = f"{self.last_number}{next(self.letters)}", ""
        if key in self.references:
            row.errors.append(
                f"Reference {key} is already used on row {self.references[key]}. "
                "Each row needs its own reference."
            )
            return None
        self.references[key] = row.number
        self.row_key = key
        if self.start_objective(number, objective_text, cells, row) is None:
            return None
        return False

    def single_row(self, ref, objective_text, objective_number, has_priority, cells, row):
        """One action per row: the reference column is the action's reference."""
        if objective_text or objective_number:
            if self.start_objective(objective_number, objective_text, cells, row) is None:
                return None
        elif has_priority or not self.header.has("objective"):
            # A priority named with no objective: the action sits under the priority.
            self.objective = None
            self.inherited = {
                "kloe": self.cell(cells, "kloe"),
                "theme": self.cell(cells, "theme"),
            }
        # Otherwise a blank objective continues the one above (merged cells read so).
        self.pending_reference = ref
        return not (ref or objective_text or objective_number or has_priority)

    # --- actions ------------------------------------------------------------

    def action_cells(self, cells):
        """[(description, lead agency or None, reference code)] for this row."""
        found = []
        if self.header.agency_mode:
            for column in self.header.agencies:
                value = cells[column.index] if column.index < len(cells) else None
                if values.text(value) and not values.is_no_action(value):
                    found.append((values.text(value), column.lead_agency, column.code))
            plain = values.text(self.cell(cells, "action"))
            if plain and not values.is_no_action(plain):
                found.append((plain, None, "A"))
        else:
            plain = values.text(self.cell(cells, "action"))
            if plain:
                found.append((plain, None, None))
        return found

    def next_reference(self, code):
        if code is not None:
            count = self.agency_counts.get((self.row_key, code), 0) + 1
            self.agency_counts[(self.row_key, code)] = count
            return f"{self.row_key}-{code}{count}"
        given = self.pending_reference
        if given:
            self.last_reference, self.letters = given, _letters()
            return given
        if self.last_reference:
            return f"{self.last_reference}{next(self.letters)}"
        return str(self.action_count + 1)

    def actions_of_row(self, cells, row, continuing):
        found = self.action_cells(cells)
        if not found:
            details = ("owners", "timescale", "status", "narrative", "next_steps")
            if any(values.text(self.cell(cells, name)) for name in details):
                row.warnings.append(
                    "This row has no action text, so its owners, timescale and status are "
                    "not imported."
                )
            return
        shared = self.shared_fields(cells, row, continuing)
        if shared is None:
            return
        for description, agency, code in found:
            reference = self.next_reference(code)
            self.action_count += 1
            if not self.limit(row, "reference", reference, "reference"):
                continue
            if code is None and reference in self.references:
                row.errors.append(
                    f"Reference {reference} is already used on row "
                    f"{self.references[reference]}. Each action needs its own reference."
                )
                continue
            self.references.setdefault(reference, row.number)
            fields = dict(shared["fields"], description=description)
            if agency is not None:
                fields["lead_agency"] = agency
            item = ActionItem(
                reference=reference,
                row=row.number,
                priority=self.objective.priority if self.objective else self.priority,
                objective=self.objective,
                fields=fields,
                owners=shared["owners"],
                tags=shared["tags"],
                existing=self.state.actions.get(reference),
            )
            self.timescale_of(item, shared, row)
            row.references.append(reference)
            self.result.actions.append(item)

    def shared_fields(self, cells, row, continuing):
        """What every action of the row shares: owners, timescale, status, notes, tags."""
        get = lambda name: self.cell(cells, name)  # noqa: E731
        fields = {}
        try:
            if self.header.has("status"):
                fields["status"] = values.status(get("status"))
            if self.header.has("lead_agency"):
                fields["lead_agency"] = values.lead_agency(get("lead_agency"))
        except values.CellError as error:
            row.errors.append(str(error))
            return None
        if self.header.has("narrative"):
            fields["status_narrative"] = values.text(get("narrative"))
        if self.header.has("next_steps"):
            fields["next_steps"] = values.text(get("next_steps"))
        owners = None
        if self.header.has("owners"):
            owners = []
            cell = values.text(get("owners"))
            if cell not in self.owner_cells:
                # The same Who cell reads the same way every time: plans repeat them a lot.
                self.owner_cells[cell] = parse_owners(cell, self.known)
            for name, job_title in self.owner_cells[cell]:
                key = name_key(name)
                if not self.limit(row, "owner's name", name, "name"):
                    return None
                if key not in self.known.keys:
                    self.known.add(key)
                    self.result.new_people[key] = (name, job_title[: LIMITS["name"]])
                if key not in owners:
                    owners.append(key)
        tags = None
        if {"tags", "kloe", "theme"} & self.header.fields.keys():
            kloe = get("kloe") if values.text(get("kloe")) or not continuing else None
            theme = get("theme") if values.text(get("theme")) or not continuing else None
            kloe = kloe if kloe is not None else self.inherited.get("kloe")
            theme = theme if theme is not None else self.inherited.get("theme")
            tags = values.kloe_tags(kloe)
            if values.text(theme):
                tags.append(f"Theme: {values.text(theme)}")
            tags += values.list_cell(get("tags"))
            tags = list(dict.fromkeys(tags))
            for tag in tags:
                if not self.limit(row, "tag", tag, "tag"):
                    return None
            self.result.tag_names.update(tags)
        timescale = get("timescale") if self.header.has("timescale") else None
        return {"fields": fields, "owners": owners, "tags": tags, "timescale": timescale}

    def timescale_of(self, item, shared, row):
        if not self.header.has("timescale"):
            return
        value = shared["timescale"]
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            item.fields["timescale"], item.fields["due_date"] = "", value
            return
        written = values.text(value)
        if ISO_DATE.fullmatch(written):
            # A CSV has no date cells: an ISO date there is what an export wrote for one.
            try:
                item.fields["due_date"] = dt.date.fromisoformat(written)
                item.fields["timescale"] = ""
                return
            except ValueError:
                pass
        if not self.limit(row, "timescale", written, "timescale"):
            return
        item.fields["timescale"] = written
        existing = item.existing
        if existing is not None and existing.timescale == written:
            # The same words as before: keep the due date, even one set by hand.
            item.fields["due_date"] = existing.due_date
            return
        if written not in self.timescales:
            self.timescales[written] = parse_timescale(
                written, period_start=self.period[0], period_end=self.period[1]
            )
        item.fields["due_date"] = self.timescales[written]
        if written and item.fields["due_date"] is None:
            row.warnings.append(
                f"Action {item.reference}: the timescale “{_short(written, 50)}” names no "
                "date the import can read, so the action has no due date. The text is kept."
            )


# --- comparing with the plan ------------------------------------------------------


def _compare(result):
    state = result.state
    for item in result.priorities:
        if item.existing is not None:
            for name in ("number", "title"):
                new = getattr(item, name)
                if new is not None and new != getattr(item.existing, name):
                    item.changes[name] = new
    for item in result.objectives:
        existing = item.existing
        if existing is None:
            continue
        wanted = {"title": item.title}
        if item.number is not None:
            wanted["number"] = item.number
        if item.description is not None:
            wanted["description"] = item.description
        for name, new in wanted.items():
            if new != getattr(existing, name):
                item.changes[name] = new
        if item.priority.existing is None or item.priority.existing.pk != existing.priority_id:
            item.changes["priority"] = item.priority
    people_ids = {key: p.pk for key, p in state.people.items()}
    for item in result.actions:
        existing = item.existing
        if existing is None:
            continue
        for name, new in item.fields.items():
            if getattr(existing, name) != new:
                item.changes.append(name)
        if item.priority.existing is None or item.priority.existing.pk != existing.priority_id:
            item.changes.append("priority")
        objective = item.objective
        if objective is None:
            moved = existing.objective_id is not None
        else:
            moved = objective.existing is None or objective.existing.pk != existing.objective_id
        if moved:
            item.changes.append("objective")
        if item.owners is not None:
            now = set(state.owner_links.get(existing.pk, {}))
            if {people_ids.get(k) for k in item.owners} != now:
                item.changes.append("owners")
        if item.tags is not None and set(item.tags) != set(state.tag_links.get(existing.pk, {})):
            item.changes.append("tags")


def _describe(result):
    rows = {r.number: r for r in result.rows}
    for item in result.objectives:
        row = rows[item.row]
        if item.existing is None:
            row.messages.append(f"New {item.label}.")
            row.settle(NEW)
        elif item.changes:
            words = ", ".join(FIELD_WORDS[n] for n in item.changes)
            row.messages.append(f"Updates {item.label}: {words}.")
            row.settle(UPDATE)
        else:
            row.messages.append(f"No change to {item.label}.")
    by_row = {}
    for item in result.actions:
        by_row.setdefault(item.row, []).append(item)
    for number, items in by_row.items():
        row = rows[number]
        new = [i.reference for i in items if i.existing is None]
        if new:
            row.messages.append(f"New action{'s' if len(new) > 1 else ''} {', '.join(new)}.")
            row.settle(NEW)
        for i in items:
            if i.existing is not None and i.changes:
                words = ", ".join(FIELD_WORDS[n] for n in dict.fromkeys(i.changes))
                row.messages.append(f"Updates action {i.reference}: {words}.")
                row.settle(UPDATE)
        same = [i.reference for i in items if i.existing is not None and not i.changes]
        if same:
            row.messages.append(f"No change to {', '.join(same)}.")
    for item in result.priorities:
        if item.existing is None:
            for row in result.rows:
                if row.priority is item:
                    row.messages.insert(0, f"New priority “{_short(item.label)}”.")
                    row.settle(NEW)
        elif item.changes:
            words = ", ".join(FIELD_WORDS[n] for n in item.changes)
            first = next((r for r in result.rows if r.priority is item), None)
            if first is not None:
                first.messages.insert(0, f"Updates priority “{_short(item.label)}”: {words}.")
                first.settle(UPDATE)
    for row in result.rows:
        if row.errors:
            row.outcome = ERROR
        elif row.outcome == SKIPPED:
            continue
        elif not (row.references or row.objective or row.priority):
            row.outcome = SKIPPED
            if not row.warnings:
                row.messages.append("Nothing to import on this row.")


def build_import(*, sheet, state, filename, today=None):
    """What importing `sheet` into `state.plan` would do, row by row. Writes nothing."""
    walker = _Walker(sheet, state, filename, today or timezone.localdate())
    result = walker.walk()
    load_tags(state, result.tag_names)
    _compare(result)
    _describe(result)
    return result


def new_plan(*, borough, title):
    """An unsaved plan for `--new-plan` and the borough import page."""
    return Plan(borough=borough, title=title)
