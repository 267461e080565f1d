"""The plan's levels for the row walker in parse.py: priorities and objectives.

`PlanLevels` is mixed into parse._Walker. It finds the priority or objective a row
names among those the plan holds (by number, else by title as name_key compares
them) or starts a new one, one item each however many rows reach it, and reports a
number given two different titles.
"""

from actions.spreadsheets.items import ObjectiveItem, PriorityItem
from actions.spreadsheets.owners import name_key


class PlanLevels:
    """Priorities and objectives, existing and new, as rows name them."""

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
            sheet=row.sheet,
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
