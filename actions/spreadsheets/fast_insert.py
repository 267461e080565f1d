"""Inserting many new actions, and their history rows, without building ORM INSERTs.

Django's bulk_create compiles a multi-row INSERT through every field's
get_db_prep_save, and simple_history's bulk_history_create builds a model instance
per history row and does the same again: measured, that was most of a 10,000-row
import (docs/performance.md). Here both tables get one prepared INSERT run with
executemany, with values converted only where the database needs it (dates and
times), and the new ids are then read back in a few queries: actions by their
reference, unique in a plan; history rows by action id and the import's timestamp.
What is written is what simple_history's bulk_history_create would write ("+" rows,
the default user, change reason and date).
"""

from django.db import connection, models

from actions.models import Action

CHUNK = 2000


def _memo(field):
    """Converts like the field would, once per distinct value (rows share dates)."""
    seen = {}

    def convert(value):
        if value not in seen:
            seen[value] = field.get_db_prep_save(value, connection)
        return seen[value]

    return convert


def _converters(fields):
    convert = []
    for field in fields:
        if isinstance(field, (models.DateTimeField, models.DateField, models.DecimalField)):
            convert.append(_memo(field))
        else:
            convert.append(None)
    return convert


def _executemany(model, fields, rows):
    quote = connection.ops.quote_name
    names = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def _rows(objects, fields, extra=()):
    convert = _converters(fields)
    attnames = [f.attname for f in fields]
    rows = []
    for obj in objects:
        row = [getattr(obj, a) for a in attnames]
        for i, fn in enumerate(convert):
            if fn is not None and row[i] is not None:
                row[i] = fn(row[i])
        rows.append(tuple(row) + tuple(extra))
    return rows


def insert_actions_with_history(actions, *, now, history_user, reason):
    """Insert new `actions` and one "+" history row each; sets their pks.

    Returns the history rows as HistoricalAction instances holding their ids (enough to
    link to: a StatusUpdate's history_row, the historical owner and tag links).
    """
    if not actions:
        return []
    for action in actions:
        action.updated_at = now
    fields = [f for f in Action._meta.concrete_fields if not f.primary_key]
    _executemany(Action, fields, _rows(actions, fields))
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

    historical = Action.history.model
    tracked = [f for f in historical._meta.concrete_fields if not f.name.startswith("history_")]
    tracked_names = {f.attname for f in tracked}
    source_fields = [Action._meta.get_field(f.name) for f in tracked]
    assert {f.attname for f in source_fields} == tracked_names
    history_fields = [
        historical._meta.get_field(n)
        for n in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    user_id = history_user.pk if history_user is not None else None
    date = history_fields[0].get_db_prep_save(now, connection)
    rows = _rows(actions, source_fields, extra=(date, reason, "+", user_id))
    _executemany(historical, [*tracked, *history_fields], rows)

    found = []
    ids = [a.pk for a in actions]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found += historical.objects.filter(
            id__in=chunk, history_date=now, history_type="+"
        ).values_list("history_id", "id")
    return [historical(history_id=history_id, id=action_id) for history_id, action_id in found]
