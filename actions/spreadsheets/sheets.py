"""How a sheet's layout shapes the plan, for the row walker in parse.py.

`SheetStructure` is mixed into parse._Walker. It reads what real plans lay out around
their rows rather than in them:

* A workbook with one table per sheet: each sheet's title row (or, failing that, its
  name) names the sheet's priority, when the sheets have no priority column.
* Heading rows inside a table ("Priority 2: Preparing for adulthood" merged across
  the table, or alone in the first column) start a priority or an objective: one
  that says which it is ("Objective 2.1 ...") is that; otherwise a heading is an
  objective under a priority column or right after a priority heading, else a priority.
* A cell merged down several rows (a theme's success measures, its progress note)
  applies to every row it spans. The action and reference columns are never filled:
  a blank reference there means "continues the row above".
* Success-measure cells become success measures on the action of their row; on the
  row's objective (or its priority when it has none) when the row has no action or
  several, or when the cell is merged down several rows (a theme's measures). Each
  line of a cell is one measure. A measure a plan already holds on the objective is
  kept there (plans imported before measures went with their actions).
"""

import re

from actions.spreadsheets import values
from actions.spreadsheets.items import MeasureItem
from actions.spreadsheets.labelled import spread_labelled
from actions.spreadsheets.owners import name_key
from actions.spreadsheets.row_actions import letter_suffixes

# Longest first: the regular expression takes the first alternative that matches.
_PRIORITY_WORDS = (
    "area for improvement",
    "area of improvement",
    "area for development",
    "improvement area",
    "improvement priority",
    "priority area",
    "area of focus",
    "focus area",
    "recommendation",
    "key priority",
    "workstream",
    "work stream",
    "ambition",
    "priority",
    "strand",
    "theme",
    "area",
)
_LEVEL_WORDS = "|".join([*_PRIORITY_WORDS, "objective", "outcome", "issue", "aim"])
_HEADING = re.compile(
    rf"^(?:({_LEVEL_WORDS})\b\s*)?(\d+(?:\.\d+)*)?\s*[.:)\-–]?\s*(.*)$", re.IGNORECASE | re.DOTALL
)
# "4. To improve ...": a numbered heading with no level word (not "2024-2027 Strategy").
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d+)*)\s*[.:)\-–]\s+(\S.*)$", re.DOTALL)
# Default sheet names that name nothing.
_DEFAULT_NAMES = re.compile(r"^(sheet|tabelle|feuil|plan)\s*\d*$", re.IGNORECASE)


def split_heading(text):
    """ "Priority 2: Preparing for adulthood" -> ("priority", "2", "Preparing for adulthood")."""
    match = _HEADING.match(text.strip())
    word = (match[1] or "").lower()
    level = "priority" if word in _PRIORITY_WORDS else ("objective" if word else None)
    number, title = match[2], match[3].strip()
    if not title:
        return level, None, text.strip()
    return level, number, title


def title_priority(titles):
    """(number, title, description) of the priority the rows above a table name, or None.

    A titled or numbered heading ("Recommendation 3: ...", "Improvement area 2 - ...",
    "4. To improve ...") names it; a heading with no text of its own ("Priority 1")
    takes the row after it as its title. The rows after the heading (an outcome
    statement, the area's text) are kept as the priority's description.
    """
    for index, text in enumerate(titles):
        match = _HEADING.match(text.strip())
        word = (match[1] or "").lower()
        number, rest = match[2], match[3].strip()
        if word not in _PRIORITY_WORDS:
            numbered = _NUMBERED.match(text.strip())
            if numbered is None:
                continue
            number, rest = numbered[1], numbered[2].strip()
        after = list(titles[index + 1 :])
        if not rest:
            if not after:
                return number, text.strip(), None
            rest = after.pop(0)
        return number, rest, "\n".join(after) or None
    return None


class SheetStructure:
    def start_sheet(self, sheet):
        """Begin a sheet: nothing carries over from the sheet before but the plan itself."""
        self.sheet, self.header = sheet, sheet.header
        self.priority = self.objective = None
        self.row_key = None
        self.last_number = self.last_reference = self.pending_reference = ""
        self.letters = letter_suffixes()
        self.inherited = {}
        self.last_heading = None
        self.objective_from_heading = False
        self._index_existing()

    # --- priorities named by the sheet ----------------------------------------

    def sheet_priority(self, row):
        """The priority a sheet's title rows or name give, if they give one."""
        found = self.marked_title() or title_priority(self.sheet.titles)
        if found is not None:
            number, text, description = found
            item = self.priority_for(number, text, row)
            if item is not None and description and item.description is None:
                item.description = description
            return item
        if len(self.sheets) > 1:
            title = self.sheet.titles[0] if self.sheet.titles else self.sheet.name
            if title and not _DEFAULT_NAMES.match(title):
                _, number, text = split_heading(title)
                return self.priority_for(number, text, row)
        return None

    def marked_title(self):
        """(number, title, description) from rows above the table the admin marked."""
        marks = getattr(self.sheet, "heading_rows", {})
        rows = getattr(self.sheet, "title_rows", [])
        chosen = [t for n, t in rows if marks.get(n) == "priority"]
        if not chosen:
            return None
        context = [t for n, t in rows if marks.get(n) == "context"]
        _, number, title = split_heading(chosen[0])
        numbered = _NUMBERED.match(chosen[0])
        if number is None and numbered:
            number, title = numbered[1], numbered[2].strip()
        return number, title, "\n".join(context) or None

    # --- merged cells -----------------------------------------------------------

    def filled_rows(self, sheet):
        """The rows, with each cell merged down several rows copied into all of them (and
        a labelled-fields column spread into columns of its own, labelled.py)."""
        rows = spread_labelled(self.header, sheet.rows)
        self.merged_down = set()  # (row number, column) of cells merged down several rows
        if not sheet.merged:
            return rows
        never = {self.header.fields.get("action"), self.header.fields.get("reference")}
        never |= {a.index for a in self.header.agencies}
        top = dict(rows)
        fills = {}
        for (r1, c1), (r2, _) in sheet.merged:
            if r2 == r1 or c1 in never or r1 not in top:
                continue
            value = top[r1][c1] if c1 < len(top[r1]) else None
            self.merged_down.update((number, c1) for number in range(r1, r2 + 1))
            for number in range(r1 + 1, r2 + 1):
                fills.setdefault(number, []).append((c1, value))
        filled = []
        for number, cells in rows:
            if number in fills:
                cells = list(cells)
                for column, value in fills[number]:
                    if column < len(cells) and not values.text(cells[column]):
                        cells[column] = value
            filled.append((number, cells))
        return filled

    # --- heading rows -----------------------------------------------------------

    def heading_row(self, number, cells, row):
        """True if the row is a heading: it then starts a priority or an objective."""
        marked = getattr(self.sheet, "heading_rows", {}).get(number)
        if marked:
            return self.marked_heading(marked, cells, row)
        filled = [(i, c) for i, c in enumerate(cells) if c is not None and c != ""]
        # Most rows are plain rows with several different cells: tell them quickly.
        if len(filled) > 1 and any(c != filled[0][1] for _, c in filled):
            self.last_heading = None
            return False
        texts = [(i, values.text(c)) for i, c in filled if values.text(c)]
        if len({t for _, t in texts}) != 1 or not self._is_heading(number, texts):
            self.last_heading = None
            return False
        text = texts[0][1]
        level, number_in_text, title = split_heading(text)
        if level is None:
            after_priority = self.last_heading == "priority"
            level = "objective" if self.header.has("priority") or after_priority else "priority"
        return self.start_heading(level, number_in_text, title, row)

    def marked_heading(self, level, cells, row):
        """A row the admin marked on the grid: a priority, an objective, or context."""
        text = " ".join(dict.fromkeys(values.text(c) for c in cells if values.text(c)))
        if level == "context":
            if self.priority is None:
                self.priority = self.sheet_priority(row) or self.default_priority()
            kept = self.priority.description or ""
            self.priority.description = f"{kept}\n{text}".strip()
            row.messages.append(f"Context, kept on the priority: “{text[:60]}”.")
            return True
        _, number_in_text, title = split_heading(text)
        if number_in_text is None:
            numbered = _NUMBERED.match(text)
            if numbered:
                number_in_text, title = numbered[1], numbered[2].strip()
        return self.start_heading(level, number_in_text, title, row)

    def start_heading(self, level, number_in_text, title, row):
        if level == "priority":
            priority = self.priority_for(number_in_text, title, row)
            if priority is not None:
                self.priority, self.objective = priority, None
                self.objective_from_heading = False
                row.priority = priority
        else:
            if self.priority is None:
                self.priority = self.sheet_priority(row) or self.default_priority()
            item = self.objective_for(self.priority, number_in_text, title, None, row)
            if item is not None:
                self.objective = item
                row.objective = item
                self.inherited = {}
                self.objective_from_heading = True
        row.messages.append(f"A heading row: {level} “{values.text(title)[:60]}”.")
        self.last_heading = level
        return True

    def _is_heading(self, number, texts):
        first, text = texts[0]
        for (r1, c1), (_, c2) in self.sheet.merged:
            if r1 == number and c1 == first and c2 - c1 >= 1:
                return True  # merged across two or more columns
        if len(texts) != 1 or len(text.split()) < 2:
            return False
        used = {i for name, i in self.header.fields.items() if name != "reference"}
        used |= {a.index for a in self.header.agencies}
        # Alone in the first column, which is the reference column or one not read.
        return first not in used and first == 0 and not values.reference_in_text(text)[0]

    # --- success measures -------------------------------------------------------

    def measures_of_row(self, cells, number, row_actions):
        """The row's success measures, on `row_actions` (the action items the row made)
        when it made one and its measure cell is its own."""
        if not self.header.has("success_measures"):
            return
        objective = self.objective
        priority = objective.priority if objective else self.priority
        own = (number, self.header.fields["success_measures"]) not in self.merged_down
        action = row_actions[0] if len(row_actions) == 1 and own else None
        if action is not None:
            objective, priority = action.objective, action.priority
        for line in values.lines(self.cell(cells, "success_measures")):
            key = (id(priority), id(objective), id(action), name_key(line))
            if key in self.measure_items:
                continue
            held = self.measure_held(priority, objective, action, key[3])
            item = MeasureItem(priority, objective, line, held, action)
            self.measure_items[key] = item
            self.result.measures.append(item)

    def measure_held(self, priority, objective, action, key):
        """The measure the plan holds already, if any: on the action, else (as plans
        imported before measures went with their actions) on its objective or priority."""
        held = [priority, objective, action]
        if any(i is not None and i.existing is None for i in held):
            return None
        ids = [i.existing.pk if i is not None else None for i in held]
        found = self.state.measures.get((*ids, key))
        if found is None and action is not None:
            found = self.state.measures.get((ids[0], ids[1], None, key))
        return found
