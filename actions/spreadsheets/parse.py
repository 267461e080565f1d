"""Rows of a plan spreadsheet -> the changes an import would make, row by row.

Nothing here writes. `build_import` walks the rows once, decides which priority,
objective and actions each row describes (the actions themselves: row_actions.py),
then compares them with what the plan holds (compare.py; the plan is loaded up front
in a fixed number of queries, see selectors.load_plan_state) so that every row can
say "new", "update", "unchanged" or "error" before anyone confirms. The items found
are in items.py; apply.py then writes exactly what this found.

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
* A column the file lacks leaves that field alone, and so does a blank cell, unless
  the admin chose "blank cells clear values" (`clear_blanks`): then a blank status
  means "not rated" again. compare.py applies this.
* Every sheet with a table is read, in order (sheets.py: a sheet's own priority,
  heading rows inside the table, merged cells). Without a reference column, a
  reference at the start of the action text ("Action 1.1: ...") is used.
"""

from django.utils import timezone

from actions.spreadsheets import values
from actions.spreadsheets.compare import compare, describe
from actions.spreadsheets.dated import default_reported_as_at
from actions.spreadsheets.items import LIMITS, SKIPPED, ImportResult, RowResult, short
from actions.spreadsheets.levels import PlanLevels
from actions.spreadsheets.milestones import compare_milestones
from actions.spreadsheets.owners import KnownNames, name_key
from actions.spreadsheets.row_actions import RowActions, letter_suffixes
from actions.spreadsheets.selectors import load_tags
from actions.spreadsheets.sheets import SheetStructure
from sendplan.text import has_control_characters, one_line

FORMULA_MESSAGE = (
    "The {heading} cell holds a formula. Replace formulas with their values (copy, "
    "then Paste Special > Values) and upload the file again."
)


class _Walker(PlanLevels, SheetStructure, RowActions):
    """Reads the rows in order, keeping what "the row above" means."""

    def __init__(self, sheets, state, filename, today, vocabulary=None):
        sheet = sheets[0]
        self.sheets = sheets
        self.sheet = sheet
        self.header = sheet.header
        self.today = today
        self.vocabulary = vocabulary or {}
        self.state = state
        self.plan = state.plan
        self.result = ImportResult(filename=filename, sheet=sheet, state=state, sheets=sheets)
        self.measure_items = {}
        self.status_cache = {}  # cell text -> RAGB status
        self.known = KnownNames(state.people.keys())
        start = getattr(self.plan, "period_start", None) or today
        self.period = (start, getattr(self.plan, "period_end", None))
        self.timescales = {}
        self.owner_cells = {}
        self.warned_agencies = set()  # free-text lead agencies already warned about
        self.priority_items = {}
        self.objective_items = {}
        self.references = {}  # reference -> row number, for duplicates
        self.reference_sheets = {}  # reference -> the sheet it is on ("" for one sheet)
        self.sub_action_of = None
        self.objective_from_heading = False
        self.priority = None
        self.objective = None
        self.row_key = None  # agency mode: the number ("4", "4a")
        self.last_number = ""
        self.letters = letter_suffixes()
        self.inherited = {}  # KLOE and Theme cells, carried into continuation rows
        self.agency_counts = {}
        self.action_count = 0
        self.last_reference = ""
        self.pending_reference = ""
        self.priority_by_pk = {}
        self._index_existing()

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
        """Whether a single-line value may be kept: short enough, and on one line."""
        if has_control_characters(value):
            row.errors.append(
                f"The {what} “{short(one_line(value), 40)}” has a line break, tab or other "
                "control character in it. Put it on one line."
            )
            return False
        if len(value) > LIMITS[limit_name]:
            row.errors.append(
                f"The {what} “{short(value, 40)}” is {len(value)} characters long; the "
                f"limit is {LIMITS[limit_name]}."
            )
            return False
        return True

    # --- rows ---------------------------------------------------------------

    def walk(self):
        for sheet in self.sheets:
            self.start_sheet(sheet)
            self.walk_sheet(sheet)
        return self.result

    def walk_sheet(self, sheet):
        label = sheet.name if len(self.sheets) > 1 else ""
        for number, cells in self.filled_rows(sheet):
            if not any(values.text(c) for c in cells):
                continue
            row = RowResult(number=number, sheet=label)
            if self.heading_row(number, cells, row):
                self.result.rows.append(row)
                continue
            if self.is_repeated_header(cells):
                row.outcome = SKIPPED
                row.messages.append("The header row again; skipped.")
                self.result.rows.append(row)
                continue
            self.check_cells(number, cells, row)
            if not row.errors:
                self.read_row(cells, row)
            self.result.rows.append(row)

    def read_row(self, cells, row):
        get = lambda name: self.cell(cells, name)  # noqa: E731
        ref = values.reference(get("reference"))
        if not self.header.has("reference") and not self.header.agency_mode:
            ref = values.reference_in_text(get("action"))[0]
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
            self.priority = self.sheet_priority(row) or self.default_priority()
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
        made = len(self.result.actions)
        self.actions_of_row(cells, row, continuing)
        self.measures_of_row(cells, row.number, self.result.actions[made:])

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
            self.last_number, self.letters = ref, letter_suffixes()
        else:
            # An unnumbered issue: "4a", "4b" after row 4, as the seed plans number them.
            key, number = f"{self.last_number}{next(self.letters)}", ""
        if key in self.references:
            n = 2
            while f"{key}-{n}" in self.references:
                n += 1
            row.warnings.append(
                f"Reference {key} is already used on row {self.references[key]}: this row "
                f"is imported as {key}-{n}."
            )
            key = number = f"{key}-{n}"
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
        elif has_priority or not (self.header.has("objective") or self.objective_from_heading):
            # A priority named with no objective: the action sits under the priority.
            self.objective = None
            self.inherited = {
                "kloe": self.cell(cells, "kloe"),
                "theme": self.cell(cells, "theme"),
            }
        # Otherwise a blank objective continues the one above (merged cells read so).
        self.pending_reference = ref
        return not (ref or objective_text or objective_number or has_priority)


def build_import(
    *,
    state,
    filename,
    sheet=None,
    workbook=None,
    today=None,
    vocabulary=None,
    clear_blanks=False,
    rated_on=None,
    reported_as_at=None,
):
    """What importing the sheets into `state.plan` would do, row by row. Writes nothing.

    `vocabulary` is the borough's own {status word: RAGB status}, from the preview's
    mapping step. `rated_on` is the day a rating with no date of its own reports on
    (the open round's quarter end; else `reported_as_at`). `reported_as_at` is the day
    the file reports on (default: the end of the last finished quarter); year-less
    progress columns are dated on or before it.
    """
    sheets = workbook.sheets if workbook is not None else [sheet]
    today = today or timezone.localdate()
    reported_as_at = reported_as_at or default_reported_as_at(today)
    walker = _Walker(sheets, state, filename, today, vocabulary)
    walker.reported_as_at = reported_as_at
    result = walker.walk()
    result.today = today
    result.reported_as_at = reported_as_at
    result.rated_on = rated_on or reported_as_at
    result.clear_blanks = clear_blanks
    if workbook is not None and workbook.skipped:
        result.skipped_sheets = list(workbook.skipped)
        names = ", ".join(f"“{n}”" for n in workbook.skipped)
        result.notices.append(
            f"Sheets skipped: {names}. They have no table with an Action column and a "
            "column such as Ref, Objective, Who, Timescale or Status."
        )
    for sheet in sheets:
        header = sheet.header
        where = f" on sheet “{sheet.name}”" if len(sheets) > 1 else ""
        if not header.has("owners") and not header.agency_mode:
            result.notices.append(
                f"No owner column was found{where}, so no owners are imported. Map a column "
                "to Owners below if the file has one."
            )
        if not header.has("status") and not header.dated_status:
            result.notices.append(
                f"No status column was found{where}, so no ratings are imported. Map a "
                "column to Status below if the file has one."
            )
    load_tags(state, result.tag_names)
    compare(result)
    compare_milestones(result)
    describe(result)
    return result
