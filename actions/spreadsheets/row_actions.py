"""The actions on a row of a plan spreadsheet, for the row walker in parse.py.

`RowActions` is mixed into parse._Walker and uses its state (the header, what "the row
above" was, the names already known): it works out each action's reference, the
fields the row's actions share (owners, status, notes, tags) and their due dates.
"""

import datetime as dt
import re
import string

from actions.models import LeadAgency
from actions.ragb import RAGB
from actions.spreadsheets import values
from actions.spreadsheets.dated import dated_updates
from actions.spreadsheets.items import LIMITS, ActionItem, short
from actions.spreadsheets.milestones import milestones_of
from actions.spreadsheets.owners import (
    lead_agency_of,
    name_key,
    organisations_named,
    organisations_of_cell,
    parse_owners,
    read_owner_cell,
)
from actions.timescales import parse_timescale

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LABELS = dict(LeadAgency.choices)


def letter_suffixes():
    """a, b, ..., z, aa, ab, ...: the suffixes of unnumbered rows."""
    for first in ["", *string.ascii_lowercase]:
        for second in string.ascii_lowercase:
            yield first + second


# Text columns copied to the action as written: (column, field, longest kept).
TEXT_COLUMNS = (
    ("lead_organisation", "lead_organisation", 300),
    ("expected_impact", "expected_impact", None),
    ("narrative", "status_narrative", None),
    ("next_steps", "next_steps", None),
    ("accountable", "accountable", 300),
)


class _Refused(Exception):
    """A cell of the row was refused; its error is already on the row."""


class RowActions:
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
            if plain and not self.header.has("reference"):
                plain = values.reference_in_text(plain)[1]
            if plain:
                found.append((plain, None, None))
        return found

    def next_reference(self, code, description=""):
        marker = values.SUB_ACTION.match(description) if code is None else None
        base = self.pending_reference or self.last_reference
        if marker and base:
            # "(A)", "(B)" under 3.1: sub-actions 3.1A, 3.1B, the same on every import.
            self.last_reference, self.pending_reference = base, ""
            self.sub_action_of = base
            return f"{base}{marker[1].upper()}"
        if code is not None:
            count = self.agency_counts.get((self.row_key, code), 0) + 1
            self.agency_counts[(self.row_key, code)] = count
            return f"{self.row_key}-{code}{count}"
        given = self.pending_reference
        if given:
            self.last_reference, self.letters = given, letter_suffixes()
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
            self.sub_action_of = None
            reference = self.next_reference(code, description)
            self.action_count += 1
            if not self.limit(row, "reference", reference, "reference"):
                continue
            if self.sub_action_of:
                row.warnings.append(
                    f"A sub-action of {self.sub_action_of}: imported as {reference}."
                )
            if code is None and reference in self.references:
                reference = self.duplicate(reference, row)
                if reference is None:
                    continue
            self.references.setdefault(reference, row.number)
            self.reference_sheets[reference] = row.sheet
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
                sheet=row.sheet,
                updates=shared["updates"],
                status_word=shared["status_word"],
                milestones=shared["milestones"],
            )
            self.timescale_of(item, shared, row)
            row.references.append(reference)
            self.result.actions.append(item)

    def duplicate(self, reference, row):
        """A reference used before gets a suffix ("1.1-2"), the same on every import."""
        first_sheet = self.reference_sheets.get(reference, "")
        n = 2
        while f"{reference}-{n}" in self.references:
            n += 1
        where = f"on {first_sheet}, " if first_sheet and first_sheet != row.sheet else ""
        row.warnings.append(
            f"Reference {reference} is already used ({where}row {self.references[reference]}): "
            f"this action is imported as {reference}-{n}."
        )
        return f"{reference}-{n}"

    def owners_of(self, cell, row):
        """([owner name_key], lead agency or None) for an owner cell; None on an error.

        The same cell reads the same way every time (plans repeat them a lot), so each
        is read once; one with an error is read again on each row, to report it there.
        """
        mode = self.header.agency_mode
        if (cell, mode) in self.owner_cells:
            return self.owner_cells[(cell, mode)]
        if mode:
            # Inspection tables name the lead agency by column; their Who cells are
            # kept as written, organisations included (as the seed plans have them).
            people, agencies = parse_owners(cell, self.known), []
        else:
            people, agencies = read_owner_cell(cell, self.known)
        owners = []
        for name, job_title in people:
            key = name_key(name)
            if not self.limit(row, "owner's name", name, "name"):
                return None
            if key not in self.known.keys:
                self.known.add(key)
                self.result.new_people[key] = (name, job_title[: LIMITS["name"]])
            if key not in owners:
                owners.append(key)
        self.owner_cells[(cell, mode)] = (owners, lead_agency_of(agencies))
        return self.owner_cells[(cell, mode)]

    def status_of(self, value, row):
        """The RAGB status of a cell, noting a word nobody has mapped yet."""
        if isinstance(value, str) and value in self.status_cache:
            return self.status_cache[value]
        try:
            found = values.status(value, self.vocabulary)
            if isinstance(value, str):
                self.status_cache[value] = found
            return found
        except values.UnknownStatus as error:
            self.result.unknown_words.setdefault(error.word, values.text(value))
            row.errors.append(str(error))
            return None

    def shared_fields(self, cells, row, continuing):
        """What every action of the row shares: owners, timescale, status, notes, tags;
        None if a cell is refused (its error is on the row)."""
        get = lambda name: self.cell(cells, name)  # noqa: E731
        fields = {}
        status_word = ""
        if self.header.has("status"):
            fields["status"] = self.status_of(get("status"), row)
            if fields["status"] is None:
                return None
            status_word = values.text(get("status"))[:200]
        if self.header.has("lead_agency"):
            self.lead_agency_cell(values.text(get("lead_agency")), fields, row)
        for column, field, longest in TEXT_COLUMNS:
            if self.header.has(column):
                fields[field] = values.text(get(column))[:longest]
        if self.header.has("start_date"):
            fields["start_date"] = self.start_date_of(get("start_date"), row)
        updates = dated_updates(self, cells, row, fields)
        if updates is None or not self._completion(get, fields, row):
            return None
        try:
            owners = self._owners(get, fields, row)
            tags = self._tags(get, continuing, row)
        except _Refused:
            return None
        milestones = None
        if self.header.has("milestones"):
            milestones = milestones_of(get("milestones"), self.period[0])
        return {
            "milestones": milestones,
            "fields": fields,
            "owners": owners,
            "tags": tags,
            "timescale": get("timescale") if self.header.has("timescale") else None,
            "updates": updates,
            "status_word": status_word,
        }

    def _completion(self, get, fields, row):
        """A completed (Blue) action carries the date the file gives for its completion;
        False if that date is before the start."""
        if self.header.has("completed_on") and fields.get("status") == RAGB.BLUE:
            fields["completed_on"] = values.date_cell(get("completed_on"))
            start = fields.get("start_date")
            if fields["completed_on"] and start and fields["completed_on"] < start:
                row.errors.append("The date completed is before the start date.")
                return False
        return True

    def _owners(self, get, fields, row):
        """The row's owners (None with no owners column); the agency and the lead
        organisations they name go into `fields`."""
        if not self.header.has("owners"):
            return None
        cached = self.owners_of(values.text(get("owners")), row)
        if cached is None:
            raise _Refused
        owners, agency = list(cached[0]), cached[1]
        if agency and not self.header.has("lead_agency"):
            fields["lead_agency"] = agency
        if not self.header.agency_mode and "lead_organisation" not in fields:
            # Several lead organisations, in the cell's order ("CYC; CCG").
            named = organisations_of_cell(values.text(get("owners")))
            if named:
                fields["lead_organisation"] = "; ".join(named)[:300]
        return owners

    def _tags(self, get, continuing, row):
        """The row's tag names: its KLOE, theme and tags (a continuing row inherits the
        KLOE and theme above it); None with none of those columns."""
        if not {"tags", "kloe", "theme"} & self.header.fields.keys():
            return None
        kloe = get("kloe") if values.text(get("kloe")) or not continuing else None
        theme = get("theme") if values.text(get("theme")) or not continuing else None
        kloe = kloe if kloe is not None else self.inherited.get("kloe")
        theme = theme if theme is not None else self.inherited.get("theme")
        tags = values.kloe_tags(kloe)
        if values.text(theme):
            tags.append(f"Theme: {values.text(theme)}")
        tags = list(dict.fromkeys(tags + values.list_cell(get("tags"))))
        for tag in tags:
            if not self.limit(row, "tag", tag, "tag"):
                raise _Refused
        self.result.tag_names.update(tags)
        return tags

    def lead_agency_cell(self, text, fields, row):
        """A lead-agency cell: one of the five agencies, or the organisations as written.

        Free text ("Educational Psychology Service and health partners") is kept as the
        action's lead organisations, and sets the agency when it names one."""
        try:
            fields["lead_agency"] = values.lead_agency(text)
            return
        except values.CellError:
            pass
        named = organisations_named(text)
        fields["lead_agency"] = named[0] if named else ""
        if "lead_organisation" not in fields:
            fields["lead_organisation"] = text[:300]
        if text not in self.warned_agencies:
            self.warned_agencies.add(text)
            agency = f"lead agency {LABELS[named[0]]}" if named else "no lead agency"
            row.warnings.append(
                f"The lead agency “{short(text, 50)}” is not one of the five: it is kept as "
                f"the action's lead organisations, with {agency}."
            )

    def start_date_of(self, value, row):
        found = values.date_cell(value) or values.date_in_words(value)
        if found is None and values.text(value):
            row.warnings.append(
                f"The start date “{short(values.text(value), 40)}” is not a date the import "
                "can read, so the action has no start date."
            )
        return found

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
                f"Action {item.reference}: the timescale “{short(written, 50)}” names no "
                "date the import can read, so the action has no due date. The text is kept."
            )
