"""The bulk service's INSERTs of many new rows, and their history rows, without the ORM.

Django's bulk_create compiles a multi-row INSERT through every field's
get_db_prep_save, and simple_history's bulk_history_create builds a model instance
per history row and does the same again: measured, that was most of a 10,000-row
import (docs/performance.md). Here each table gets one prepared INSERT run with
executemany, with values converted only where the database needs it (dates, times,
decimals, and each field's default once), and the new ids are then read back in a
few queries: actions by their reference, unique in a plan; status updates by their
action history row, unique to each; history rows are never read back except the
actions' (by action id and the write's timestamp), which other rows link to.
What is written is what simple_history's bulk_history_create would write ("+" rows,
the default user, change reason and date). Only actions.bulk calls this.
"""

from operator import attrgetter, itemgetter

from django.db import connection, models

from actions.models import Action, StatusUpdate
from sendplan.raw_sql import insert_rows

CHUNK = 2000
_CONVERTED = (models.DateTimeField, models.DateField, models.DecimalField)


def _memo(field):
    """Converts like the field would, once per distinct value (rows share dates)."""
    seen = {}

    def convert(value):
        if value not in seen:
            seen[value] = field.get_db_prep_save(value, connection)
        return seen[value]

    return convert


def _picker(getter, keys):
    """getter(*keys) that always returns a tuple (operator's getters: C speed)."""
    if len(keys) == 1:
        one = getter(keys[0])
        return lambda value: (one(value),)
    return getter(*keys)


def _rows(values, fields):
    """Database rows from `values` (tuples in the order of `fields`), dates converted."""
    convert = [(i, _memo(field)) for i, field in enumerate(fields) if isinstance(field, _CONVERTED)]
    if not convert:
        return [tuple(row) for row in values]
    rows = []
    for row in values:
        row = list(row)
        for i, fn in convert:
            value = row[i]
            if value is not None:
                row[i] = fn(value)
        rows.append(tuple(row))
    return rows


def _insert_history(model, fields, rows, ids, *, now, history_user, reason):
    """One "+" history row of `model` per database row already written.

    `rows` are the rows as inserted (converted, in the order of `fields`) and `ids`
    their primary keys, in the same order.
    """
    historical = model.history.model
    position = {f.attname: i for i, f in enumerate(fields)}
    # The fields simple_history copies (the model's own), as the historical table's.
    tracked = historical.tracked_fields
    pk_name = model._meta.pk.attname
    # Each history row is picked from the row as inserted with its pk added at the end.
    take = _picker(
        itemgetter, [len(fields) if f.attname == pk_name else position[f.attname] for f in tracked]
    )
    tracked = [historical._meta.get_field(f.name) for f in tracked]
    history_fields = [
        historical._meta.get_field(n)
        for n in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    user_id = history_user.pk if history_user is not None else None
    extra = (history_fields[0].get_db_prep_save(now, connection), reason, "+", user_id)
    history_rows = [take((*row, pk)) + extra for row, pk in zip(rows, ids, strict=True)]
    insert_rows(historical, [*tracked, *history_fields], history_rows)


def insert_actions_with_history(actions, *, now, history_user, reason, history_date=None):
    """Insert new `actions` and one "+" history row each; sets their pks.

    The history rows are dated `history_date` when given (the time they are about,
    earlier than `now`, when they are recorded), else `now`.

    Returns {action pk: history row id}: enough to link to (a StatusUpdate's
    history_row, the historical owner and tag links).
    """
    if not actions:
        return {}
    for action in actions:
        action.updated_at = now
    fields = [f for f in Action._meta.concrete_fields if not f.primary_key]
    values = _picker(attrgetter, [f.attname for f in fields])
    rows = _rows(map(values, actions), fields)
    insert_rows(Action, fields, rows)
    # Read the new ids back by reference, unique within a plan.
    by_plan = {}
    for action in actions:
        by_plan.setdefault(action.plan_id, {})[action.reference] = action
    for plan_id, wanted in by_plan.items():
        references = list(wanted)
        for start in range(0, len(references), CHUNK):
            found = Action.objects.filter(
                plan_id=plan_id, reference__in=references[start : start + CHUNK]
            ).values_list("reference", "id")
            for reference, pk in found:
                wanted[reference].pk = pk

    ids = [a.pk for a in actions]
    dated = history_date or now
    _insert_history(Action, fields, rows, ids, now=dated, history_user=history_user, reason=reason)
    historical = Action.history.model
    found = {}
    for start in range(0, len(ids), CHUNK):
        found.update(
            historical.objects.filter(
                id__in=ids[start : start + CHUNK], history_date=dated, history_type="+"
            ).values_list("id", "history_id")
        )
    return found


def insert_status_updates_with_history(values, *, now, history_user, reason):
    """Insert new StatusUpdates and one "+" history row each. Returns their ids.

    `values` are dicts of field values by attname, all with the same keys, and each
    with its own `history_row_id` (the action history row written with it: unique,
    so the new ids are read back by it). Fields not given take their defaults, as a
    StatusUpdate built without them would; `created_at` must be given.
    """
    if not values:
        return []
    fields = [f for f in StatusUpdate._meta.concrete_fields if not f.primary_key]
    given = list(values[0])
    assert "history_row_id" in given and "created_at" in given, given
    # Each field's default once, converted once; the given values per row, each row
    # picked in the table's order from its given values followed by the defaults.
    varying = [f for f in fields if f.attname in given]
    missing = [f for f in fields if f.attname not in given]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in missing)
    slot = {f.attname: i for i, f in enumerate([*varying, *missing])}
    full = _picker(itemgetter, [slot[f.attname] for f in fields])
    picked = _rows(map(_picker(itemgetter, [f.attname for f in varying]), values), varying)
    rows = [full(row + defaults) for row in picked]
    insert_rows(StatusUpdate, fields, rows)

    history_ids = [row["history_row_id"] for row in values]
    id_of = {}
    for start in range(0, len(history_ids), CHUNK):
        id_of.update(
            StatusUpdate.objects.filter(
                history_row_id__in=history_ids[start : start + CHUNK]
            ).values_list("history_row_id", "id")
        )
    ids = [id_of[h] for h in history_ids]
    _insert_history(
        StatusUpdate, fields, rows, ids, now=now, history_user=history_user, reason=reason
    )
    return ids
