"""Bulk writes of actions: the same rules as services.py, in bulk, for every writer of
many actions at once: imports, the seed and demo loaders, and a round's quarterly
updates (actions/rounds_services.py: the bulk page, "Save and next", approvals).

`actions_bulk_write` claims the actions' versions (`claim_versions`: locked in
primary-key order, so two bulk writes, or a bulk write and an officer's save, queue
rather than deadlock; the whole write refused if any action moved on from the
version its caller read), and writes one history row per action (holding its owners
and tags) and one StatusUpdate per rating change (or per action, for a round's
updates), linked to that history row.

simple_history's bulk helpers write the history rows of plain fields but not of the
many-to-many fields (owners and tags), which it otherwise records from the
m2m_changed signal one action at a time. So the owner and tag links, and their
historical rows (one per link per history row, exactly as simple_history would
write them), are bulk-written here too. The number of queries depends on the
number of batches, never on the number of rows.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from actions.fast_insert import insert_actions_with_history, insert_status_updates_with_history
from actions.models import RAGB, Action, ReviewState
from actions.timeline import when_text
from sendplan.raw_sql import insert_rows, table

BATCH = 500


@dataclass(eq=False)
class BulkAction:
    """One action to write: a new one (no pk) or an existing one holding its new values."""

    action: Action
    fields: frozenset = frozenset()  # the model fields that changed (existing actions)
    owners: set | None = None  # person ids the action should have; None leaves them
    tags: set | None = None  # tag ids; None leaves them
    expected_version: int | None = None  # refuse if the action has moved on from it
    status_word: str = ""  # the plan's own word for a new rating, kept on its StatusUpdate
    # Whether to write a StatusUpdate: None when the rating changes (imports), True for
    # every action (a round's update, even of an unchanged rating), False never (an
    # approval, whose StatusUpdate exists). `update` sets its other fields (UPDATE_EXTRA).
    rate: bool | None = None
    update: dict | None = None


# A StatusUpdate's fields beyond those read from its action, with their defaults.
UPDATE_EXTRA = {
    "on_behalf_of_id": None,
    "is_illustrative": False,
    "review_state": ReviewState.NOT_REVIEWED,
}


class ConcurrentEdit(Exception):
    """Someone changed actions this bulk write meant to change, after it read them."""

    def __init__(self, conflicts, pks=()):
        # [(reference, who, when)], who changed each action and when; `pks` the actions.
        self.conflicts = conflicts
        self.pks = list(pks)
        super().__init__(self.message)

    @property
    def message(self):
        parts = [
            f"action {reference} was changed by {who}" + (f" on {when_text(at)}" if at else "")
            for reference, who, at in self.conflicts[:5]
        ]
        more = len(self.conflicts) - 5
        if more > 0:
            parts.append(f"{more} more action{'s' if more > 1 else ''} changed too")
        text = "; ".join(parts)
        return f"{text[:1].upper()}{text[1:]}, after this file was checked. Nothing was imported."


def chunks(items, size=5000):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def lock_actions(*, plan=None, pks=None):
    """Lock actions (a plan's, or these) in primary-key order: {pk: version}.

    Everyone who locks more than one action does it in this order, so two writers
    wait for each other instead of deadlocking. An officer's save (a conditional
    UPDATE of one row) waits for the lock, then finds the version gone.
    """
    query = Action.objects.select_for_update(no_key=True).order_by("pk")
    if plan is not None:
        return dict(query.filter(plan=plan).values_list("pk", "version"))
    found = {}
    for chunk in chunks(sorted(pks)):
        found.update(query.filter(pk__in=chunk).values_list("pk", "version"))
    return found


def _execute_many(sql, params):
    """Run one statement for each parameter row; the number of rows it changed."""
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        return cursor.rowcount


def claim_versions(expected):
    """Claim a new version of each action: the one version-claiming path of bulk writes.

    `expected` is {pk: the version its writer read, or None for "as it is now"}. The
    actions are locked in primary-key order (lock_actions); any that moved on from the
    version read refuses the whole write (ConcurrentEdit, naming them), and a
    conditional UPDATE per action (one executemany) still guarantees it where the
    database has no row locks. Returns {pk: its new version}.
    """
    versions = lock_actions(pks=list(expected))
    stale = [pk for pk, v in expected.items() if v is not None and versions.get(pk) != v]
    if stale:
        raise ConcurrentEdit(who_changed(stale), pks=stale)
    pairs = sorted((pk, versions[pk]) for pk in expected)
    claimed = _execute_many(
        # Table and column names come from the model and are quoted; values are parameters.
        f"UPDATE {table(Action)} SET version = version + 1 WHERE id = %s AND version = %s",  # noqa: S608
        pairs,
    )
    if claimed != len(pairs):
        # Changed in the instant between the read and the write: the exception rolls
        # the whole write back.
        pks = [pk for pk, _ in pairs]
        raise ConcurrentEdit(who_changed(pks), pks=pks)
    return {pk: version + 1 for pk, version in pairs}


def _update_fields(actions, names):
    """Write `names` of each action: one UPDATE run for every row (executemany).

    Django's bulk_update builds a CASE per column per row, which took over half a
    second for 50 actions.
    """
    fields = [Action._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    sql = f"UPDATE {table(Action)} SET {assignments} WHERE id = %s"  # noqa: S608
    for chunk in chunks(actions, BATCH):
        _execute_many(
            sql,
            [
                [f.get_db_prep_save(getattr(a, f.attname), connection) for f in fields] + [a.pk]
                for a in chunk
            ],
        )


def who_changed(pks):
    """[(reference, name, when)] of the latest history row of each action."""
    rows = (
        Action.history.filter(id__in=pks)
        .select_related("history_user")
        .order_by("id", "-history_date", "-history_id")
    )
    latest = {}
    for row in rows:
        latest.setdefault(row.id, row)
    found = []
    for row in sorted(latest.values(), key=lambda r: r.reference):
        user = row.history_user
        name = (user.get_full_name() or user.get_username()) if user else "someone"
        found.append((row.reference, name, row.history_date))
    return found


@transaction.atomic
def actions_bulk_write(
    *, writes, user, source, reason, recorded_at=None, today=None, history_date=None
):
    """Create and update many actions at once. Returns {action pk: its history row's id}.

    `history_date` dates the new actions' "+" history rows, when the time they are about
    is earlier than when they are recorded (an imported plan's first day, apply.py).

    `writes` are BulkAction. Raises ConcurrentEdit, writing nothing, when an existing
    action's version is not its `expected_version`. A rating change (a new RAGB
    status, on a new or existing action) writes a StatusUpdate recording `source`.
    """
    when = recorded_at or timezone.now()
    today = today or timezone.localdate()
    history_user = user if getattr(user, "is_authenticated", False) else None
    existing = [w for w in writes if w.action.pk is not None]
    new = [w for w in writes if w.action.pk is None]
    before = _statuses([w.action.pk for w in existing if "status" in w.fields and w.rate is None])
    _update_existing(existing)
    history_id_of = {}
    if new:
        # Inserted with their "+" history rows by executemany (fast_insert.py: the ORM's
        # bulk INSERTs were most of a 10,000-row import, docs/performance.md).
        history_id_of = insert_actions_with_history(
            [w.action for w in new],
            now=when,
            history_user=history_user,
            reason=reason,
            history_date=history_date,
        )
    if existing:
        rows = Action.history.bulk_history_create(
            [w.action for w in existing],
            batch_size=BATCH,
            update=True,
            default_user=history_user,
            default_change_reason=reason,
            default_date=when,
        )
        history_id_of.update((row.id, row.history_id) for row in rows)
    _write_links(writes, history_id_of, existing_ids=[w.action.pk for w in existing])
    # One StatusUpdate per rating change, linked to the action's history row, and its
    # own "+" history row: executemany too (fast_insert.py), no model instances.
    insert_status_updates_with_history(
        [
            _update_values(w, today, history_user, source, history_id_of, when)
            for w in _rating_changes(new, existing, before)
        ],
        now=when,
        history_user=history_user,
        reason=reason,
    )
    return history_id_of


def _update_existing(existing):
    """Claim each existing action's version (ConcurrentEdit if one moved on) and save the
    fields each write names, one UPDATE per set of fields."""
    if not existing:
        return
    versions = claim_versions({w.action.pk: w.expected_version for w in existing})
    by_fields = defaultdict(list)
    for w in existing:
        w.action.version = versions[w.action.pk]
        w.action.updated_at = timezone.now()
        by_fields[w.fields].append(w.action)
    for fields, actions in by_fields.items():
        _update_fields(actions, sorted(set(fields) | {"updated_at"}))


def _rating_changes(new, existing, before):
    """The writes that rate an action: a new action with a rating (unless told not to),
    and an existing one told to, or whose status changed from `before`."""
    ratings = set(RAGB.values)
    return [w for w in new if w.rate is not False and w.action.status in ratings] + [
        w
        for w in existing
        if w.rate
        or (
            w.rate is None
            and "status" in w.fields
            and w.action.status in ratings
            and before.get(w.action.pk) != w.action.status
        )
    ]


def _update_values(write, today, history_user, source, history_id_of, when):
    action = write.action
    extra = {**UPDATE_EXTRA, **(write.update or {})}
    assert extra.keys() == UPDATE_EXTRA.keys(), extra  # every row, the same columns
    return {
        "action_id": action.pk,
        "date": action.status_date or today,
        "status": action.status,
        "status_word": write.status_word,
        "narrative": action.status_narrative,
        "next_steps": action.next_steps,
        "completed_on": action.completed_on if action.status == RAGB.BLUE else None,
        "author_id": history_user.pk if history_user is not None else None,
        "source": source,
        "history_row_id": history_id_of[action.pk],
        "created_at": when,
        **extra,
    }


def _statuses(pks):
    found = {}
    for chunk in chunks(pks):
        found.update(Action.objects.filter(pk__in=chunk).values_list("pk", "status"))
    return found


def _insert(model, names, rows):
    """INSERT many rows with executemany: no model instances, for the link tables."""
    insert_rows(model, [model._meta.get_field(name) for name in names], rows)


def _write_links(writes, history_id_of, *, existing_ids):
    """Owner and tag links, and the historical copy of each for every new history row."""
    wanted_of = {w.action.pk: w for w in writes}
    for name, target in (("owners", "person"), ("tags", "tag")):
        through = getattr(Action, name).through
        column = f"{target}_id"
        current = defaultdict(dict)  # action id -> {target id: link id}
        for chunk in chunks(existing_ids):
            found = through.objects.filter(action_id__in=chunk).values_list(
                "id", "action_id", column
            )
            for link, action_id, t in found:
                current[action_id][t] = link
        to_create, to_delete, created_for = [], [], set()
        for action_id, w in wanted_of.items():
            wanted = getattr(w, name)
            if wanted is None:
                continue
            before = current[action_id]
            to_delete += [link for t, link in before.items() if t not in wanted]
            current[action_id] = {t: link for t, link in before.items() if t in wanted}
            new_targets = set(wanted) - current[action_id].keys()
            to_create += [(action_id, t) for t in new_targets]
            if new_targets:
                created_for.add(action_id)
        for chunk in chunks(to_delete):
            through.objects.filter(id__in=chunk).delete()
        _insert(through, ["action", target], to_create)
        # The new links' ids, which their historical copies record.
        for chunk in chunks(created_for):
            found = through.objects.filter(action_id__in=chunk).values_list(
                "id", "action_id", column
            )
            for link, action_id, t in found:
                current[action_id][t] = link
        historical = getattr(Action.history.model, name).model
        rows = [
            (history_id, link, action_id, t)
            for action_id, history_id in history_id_of.items()
            for t, link in current[action_id].items()
        ]
        _insert(historical, ["history", "id", "action", target], rows)
