"""An action's timeline: its status updates and every audited change, newest first.

"Who changed what, from what to what, and when" comes from the action's
django-simple-history rows: each row is compared with the one before it
(`HistoricalRecord.diff_against`). Owners and tags are compared here from their own
history tables, read once, rather than by diff_against, which would query twice per
row. A status update and the history row its service wrote in the same transaction
are shown as one entry.

The number of queries is fixed: the history rows, their owners, their tags, and at
most one more per kind of linked record (priority, objective, plan, user) a change
refers to.

A status update and its history row are joined by the update's `history_row` link,
which the service that wrote both set in the same transaction: never by the change
reason, the author or how close together they were written.
"""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from actions.models import (
    RAGB,
    Action,
    LeadAgency,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    Tag,
)
from actions.rows import RAGB_TAG, long_date
from boroughs.models import Person
from sendplan.fixed_sql import FixedQuery
from sendplan.raw_sql import fetch_all, table

# Fields the timeline never mentions: bookkeeping, not decisions.
IGNORED_FIELDS = {"id", "version", "position", "updated_at"}
LABEL_OVERRIDES = {"status_narrative": "Narrative", "status_date": "Rated on"}
FOLLOW_ON_WINDOW = timedelta(seconds=5)
M2M_FIELDS = ("owners", "tags")
NOT_SET = "not set"


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    kind: str  # "created", "changed" or "update"
    when: datetime | None
    who: str
    title: str
    changes: list[Change] = field(default_factory=list)
    status: str = ""
    rated_on: date | None = None
    narrative: str = ""
    next_steps: str = ""
    is_illustrative: bool = False
    sort_key: tuple = ()

    # Ready-made display values: a timeline has dozens of entries, and a date filter
    # or an include per entry was a good part of the action page's time.
    @property
    def when_text(self):
        return when_text(self.when) if self.when else ""

    @property
    def when_iso(self):
        """For <time datetime>: ISO 8601 in UK time, as the `c` date filter writes it."""
        return timezone.localtime(self.when).isoformat() if self.when else ""

    @property
    def rated_on_text(self):
        return long_date(self.rated_on) if self.rated_on else ""

    @property
    def rated_on_iso(self):
        return self.rated_on.isoformat() if self.rated_on else ""

    @property
    def tag(self):
        """(GOV.UK tag class, word) of the entry's rating (actions/ragb.py)."""
        return RAGB_TAG.get(self.status or "", RAGB_TAG[""])


def when_text(moment):
    """GOV.UK style date and time: "5 March 2026 at 2:05pm", in UK time."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{long_date(local)} at {hour}:{local.minute:02d}{suffix}"


def _person_name(user):
    if user is None:
        return "The system"
    return user.get_full_name() or user.get_username()


def _name_of(first_name, last_name, username):
    """`_person_name` of a user read as values: (first name, last name, username), all
    None when there is no user. Same words as User.get_full_name / get_username."""
    if username is None:
        return "The system"
    return f"{first_name} {last_name}".strip() or username


def _label(name, plan):
    if name == "priority":
        return plan.priority_label
    if name == "objective":
        return plan.objective_label
    if name in LABEL_OVERRIDES:
        return LABEL_OVERRIDES[name]
    if name in ("owners", "tags"):
        return name.capitalize()
    verbose = str(Action._meta.get_field(name).verbose_name)
    return verbose[:1].upper() + verbose[1:]


class _Names:
    """Readable values for a change; looks up linked records in one query per kind."""

    MODELS = {
        "plan": Plan,
        "priority": Priority,
        "objective": Objective,
        "editor": get_user_model(),
    }

    def __init__(self, changes):
        wanted = {}
        for name, old, new in changes:
            if name in self.MODELS:
                wanted.setdefault(name, set()).update(v for v in (old, new) if v is not None)
        self.objects = {
            name: self.MODELS[name]._default_manager.in_bulk(ids)
            for name, ids in wanted.items()
            if ids
        }

    def show(self, name, value):
        if value in (None, "", [], ()):
            return NOT_SET
        if name == "status":
            return RAGB(value).label
        if name == "lead_agency":
            return LeadAgency(value).label
        if name in self.MODELS:
            obj = self.objects.get(name, {}).get(value)
            if obj is None:
                return "a deleted record"
            return _person_name(obj) if name == "editor" else str(obj)
        if isinstance(value, date):
            return long_date(value)
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return str(value)


@functools.cache
def _historical():
    """The audited history model of Action. (`Action.history` makes a manager class on
    every access, which five times per timeline was a measurable cost.)"""
    return Action.history.model


def _m2m_by_history(action):
    """({history_id: [owner names]}, {history_id: [tag names]}) on each of `action`'s
    history rows.

    One raw query for both (UNION ALL): the two ORM queries it replaces cost the action
    page about 1.5 ms of CPU compiling their SQL. Two parameters, however long the history.
    """
    owners, tags = {}, {}
    # Table names from the models' own metadata (sendplan.raw_sql); every value is a
    # parameter.
    model = _historical()
    history_table, person_table, tag_model_table = table(model), table(Person), table(Tag)
    owner_table, tag_table = table(model.owners.model), table(model.tags.model)
    rows_of_action = f"SELECT history_id FROM {history_table} WHERE id = %s"  # noqa: S608
    sql = (
        f"SELECT 'o', h.history_id, p.name FROM {owner_table} h "  # noqa: S608
        f"LEFT JOIN {person_table} p ON p.id = h.person_id "
        f"WHERE h.history_id IN ({rows_of_action}) "
        "UNION ALL "
        f"SELECT 't', h.history_id, t.name FROM {tag_table} h "
        f"LEFT JOIN {tag_model_table} t ON t.id = h.tag_id "
        f"WHERE h.history_id IN ({rows_of_action}) "
        "ORDER BY 3"
    )
    for kind, history_id, name in fetch_all(sql, [action.pk, action.pk]):
        found = owners if kind == "o" else tags
        found.setdefault(history_id, []).append("(deleted)" if name is None else name)
    return owners, tags


# What a history row is read as: the compared fields (below), then these.
ROW_FIELDS = (
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user_id",
    "history_user__first_name",
    "history_user__last_name",
    "history_user__username",
)


def _history_changes(action):
    """[(history row, [(field, old, new)])] oldest first, with owners and tags included.

    The rows are dicts of values (ROW_FIELDS and the compared fields' attributes): the
    timeline needs no model instances, and building 40 of them was a measurable cost.
    """
    compared = _compared_fields()
    rows = _history_rows.values(action.pk)
    owners, tags = _m2m_by_history(action)
    result = []
    previous = None
    for row in rows:
        changes = []
        if previous is not None:
            changes = [
                (name, old, new)
                for name, attname in compared
                if (old := previous[attname]) != (new := row[attname])
            ]
            for name, names in (("owners", owners), ("tags", tags)):
                old = names.get(previous["history_id"], [])
                new = names.get(row["history_id"], [])
                if old != new:
                    changes.append((name, old, new))
        previous = row
        if result and _is_follow_on(row, changes, result[-1][0]):
            _merge(result[-1][1], changes)
        else:
            result.append((row, changes))
    return result


@functools.cache
def _compared_fields():
    """[(field name, attribute)] a history row is compared on, sorted by name.

    The fields `HistoricalRecord.diff_against` compares (tracked and editable, less the
    ignored ones and the m2m fields compared above), read straight off the rows: calling
    diff_against per row built two dicts of every field each time (model_to_dict).
    """
    model = _historical()
    names = {field.name for field in model.tracked_fields if field.editable}
    names -= {*IGNORED_FIELDS, *M2M_FIELDS}
    return [(name, model._meta.get_field(name).attname) for name in sorted(names)]


def _is_follow_on(row, changes, before):
    """Owners or tags set just after a save by the same person are part of that edit.

    simple_history writes a row per m2m signal (clearing, then adding), so one edit
    otherwise shows up as "owners removed" followed by "owners added".
    """
    return (
        bool(changes)
        and all(name in M2M_FIELDS for name, _, _ in changes)
        and row["history_user_id"] == before["history_user_id"]
        and row["history_date"] - before["history_date"] <= FOLLOW_ON_WINDOW
    )


def _merge(into, changes):
    for name, old, new in changes:
        for i, (existing, first_old, _) in enumerate(into):
            if existing == name:
                into[i] = (name, first_old, new)
                break
        else:
            into.append((name, old, new))
    # A change undone within the same edit is no change.
    into[:] = [c for c in into if c[1] != c[2]]


UPDATE_FIELDS = (
    "id",
    "history_row_id",
    "status",
    "date",
    "narrative",
    "next_steps",
    "is_illustrative",
    "created_at",
    "author__first_name",
    "author__last_name",
    "author__username",
)


def _updates(action):
    """The action's status updates as dicts of values (UPDATE_FIELDS), newest first."""
    return _update_rows.values(action.pk)


# The two reads of every action page: compiled once a process (sendplan/fixed_sql.py).
@FixedQuery
def _update_rows(action_id):
    updates = StatusUpdate.objects.filter(action_id=action_id).order_by("-date", "-id")
    return updates.values(*UPDATE_FIELDS)


@FixedQuery
def _history_rows(action_id):
    rows = _historical().objects.filter(id=action_id).order_by("history_date", "history_id")
    return rows.values(*ROW_FIELDS, *(attname for _, attname in _compared_fields()))


def build_timeline(action):
    """Every entry of `action`'s timeline, newest first.

    `action` should come from actions.selectors.action_detail_queryset(), so that its
    plan is already loaded. History rows and status updates are read as values.
    """
    plan = action.plan
    history = _history_changes(action)
    names = _Names(change for _, changes in history for change in changes)
    updates = _updates(action)
    by_row = {u["history_row_id"]: u for u in updates if u["history_row_id"] is not None}
    unpaired = [u for u in updates if u["history_row_id"] is None]
    entries = []
    for row, raw_changes in history:
        changes = [
            Change(_label(n, plan), names.show(n, old), names.show(n, new))
            for n, old, new in raw_changes
        ]
        who = _name_of(
            row["history_user__first_name"],
            row["history_user__last_name"],
            row["history_user__username"],
        )
        when = row["history_date"]
        local_day = timezone.localtime(when).date()
        if row["history_type"] == "+":
            entries.append(
                Entry("created", when, who, "Action added", changes, sort_key=(local_day, when))
            )
            # An action imported or loaded with a rating: its first update.
            update = by_row.pop(row["history_id"], None)
            if update is not None:
                entries.append(_update_entry(update, when=when, changes=[]))
            continue
        if row["history_type"] == "-":
            entries.append(
                Entry("changed", when, who, "Action deleted", sort_key=(local_day, when))
            )
            continue
        update = by_row.pop(row["history_id"], None)
        if update is not None:
            entries.append(_update_entry(update, when=when, changes=changes))
        elif changes:
            title = row["history_change_reason"] or "Action changed"
            entries.append(Entry("changed", when, who, title, changes, sort_key=(local_day, when)))
    # Updates with no history row: written before the link existed, or their row deleted.
    unpaired += by_row.values()
    entries.extend(_update_entry(update, when=None, changes=[]) for update in unpaired)
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def _update_entry(update, *, when, changes):
    # The narrative, next steps and rating date are shown in full, so they are not
    # repeated as changes ("Rated on changed from…" on every update was noise).
    shown = [c for c in changes if c.label not in ("Narrative", "Next steps", "Rated on")]
    moment = when or update["created_at"]
    return Entry(
        "update",
        when,
        _name_of(
            update["author__first_name"], update["author__last_name"], update["author__username"]
        ),
        f"Status update: {RAGB(update['status']).label}",
        shown,
        status=update["status"],
        rated_on=update["date"],
        narrative=update["narrative"],
        next_steps=update["next_steps"],
        is_illustrative=update["is_illustrative"],
        sort_key=(update["date"], moment),
    )
