"""The two windowed reads of reports/public/quarter.py written as SQL, as
reports.public.selectors.version_of and actions/timeline.py's history reads are.

Through the ORM, compiling each query (a window over a CASE over a Q) and converting
each of its rows cost more of the page's CPU than anything else it read; the SQL is the
same (ROW_NUMBER over the history, each object's newest row at an instant), written once
per process. It runs on PostgreSQL and SQLite, whose window functions agree; SQLite
gives dates as text, decimals as floats and flags as 0 or 1, which are read as the ORM
would read them (psycopg gives Python's types already).
"""

import functools
from datetime import date
from decimal import Decimal

from django.db import connection

from actions.models import Action, StatusUpdate
from actions.models.status import ReviewState
from sendplan.raw_sql import aware, fetch_all, id_list, table

ACTION_COLUMNS = (
    "id",
    "history_id",
    "history_type",
    "reference",
    "description",
    "priority_id",
    "due_date",
    "completed_on",
    "status",
    "status_narrative",
    "status_date",
    "position",
)
UPDATE_COLUMNS = ("action_id", "status", "narrative", "date", "completed_on", "is_illustrative")
NEWEST = "ORDER BY history_date DESC, history_id DESC"
# An update a pack for a quarter counts, as its round left it: dated by the quarter's
# end, recorded by the close, unreviewed or approved by then (StatusUpdate's
# counted_in_packs_by).
COUNTED = (
    "(date <= %s AND created_at <= %s AND "
    "(review_state = %s OR (review_state = %s AND reviewed_at <= %s)))"
)


def _day(value):
    return date.fromisoformat(value) if isinstance(value, str) else value


def _instant(value):
    return connection.ops.adapt_datetimefield_value(value)


@functools.cache
def _actions_sql():
    history = table(Action.history.model)
    columns = ", ".join(ACTION_COLUMNS)
    early = "CASE WHEN history_date <= %s THEN 1 ELSE 0 END"
    return (
        f"SELECT {columns}, early, at_end FROM (SELECT {columns}, {early} AS early, "  # noqa: S608
        f"ROW_NUMBER() OVER (PARTITION BY id {NEWEST}) AS at_end, "
        f"ROW_NUMBER() OVER (PARTITION BY id, {early} {NEWEST}) AS at_before "
        f"FROM {history} WHERE plan_id = %s AND history_date <= %s) ranked "
        "WHERE at_end = 1 OR (at_before = 1 AND early = 1)"
    )


def action_rows(plan_id, when, before):
    """({id: the action's history row at `when`}, {id: its row at `before`}), deletions
    left out: one query, two windows (the second ranks the rows recorded by `before`)."""
    now, then = {}, {}
    params = [_instant(before), _instant(before), plan_id, _instant(when)]
    for row in fetch_all(_actions_sql(), params):
        values = dict(zip(ACTION_COLUMNS, row, strict=False))
        if connection.vendor == "sqlite":
            for name in ("due_date", "completed_on", "status_date"):
                values[name] = _day(values[name])
        if row[-1] == 1:
            now[values["id"]] = values
        if row[-2] == 1:  # recorded by `before`: ranked first among those
            then[values["id"]] = values
    now = {k: v for k, v in now.items() if v["history_type"] != "-"}
    return now, {k: v for k, v in then.items() if v["history_type"] != "-"}


@functools.cache
def _updates_sql():
    history, updates = table(Action.history.model), table(StatusUpdate)
    columns = ", ".join(UPDATE_COLUMNS)
    now, then = (f"CASE WHEN {COUNTED} THEN 1 ELSE 0 END" for _ in range(2))
    order = "ORDER BY date DESC, created_at DESC, id DESC"
    return (
        f"SELECT {columns}, is_now = 1 AND now_row = 1, is_then = 1 AND then_row = 1 "  # noqa: S608
        f"FROM (SELECT {columns}, "
        f"{now} AS is_now, {then} AS is_then, "
        f"ROW_NUMBER() OVER (PARTITION BY action_id, {now} {order}) AS now_row, "
        f"ROW_NUMBER() OVER (PARTITION BY action_id, {then} {order}) AS then_row "
        f"FROM {updates} WHERE action_id IN "
        f"(SELECT id FROM {history} WHERE plan_id = %s AND history_date <= %s) "
        f"AND ({COUNTED} OR {COUNTED})) ranked "
        "WHERE (is_now = 1 AND now_row = 1) OR (is_then = 1 AND then_row = 1)"
    )


def _counted(end, cutoff):
    approved = [ReviewState.NOT_REVIEWED.value, ReviewState.APPROVED.value, _instant(cutoff)]
    return [connection.ops.adapt_datefield_value(end), _instant(cutoff), *approved]


def updates(plan_id, when, quarters):
    """({action id: its update for the quarter}, {action id: its update the quarter
    before}) of every action the plan's history holds by `when`: one query, ranked within
    each quarter's counted updates. `quarters`: ((end, cutoff), (end before, cutoff))."""
    now, then = _counted(*quarters[0]), _counted(*quarters[1])
    params = [*now, *then, *now, *then, plan_id, _instant(when), *now, *then]
    current, previous = {}, {}
    for row in fetch_all(_updates_sql(), params):
        values = dict(zip(UPDATE_COLUMNS, row, strict=False))
        if connection.vendor == "sqlite":
            values["date"], values["completed_on"] = _day(row[3]), _day(row[4])
            values["is_illustrative"] = bool(values["is_illustrative"])
        if row[-2]:
            current[values["action_id"]] = values
        if row[-1]:
            previous[values["action_id"]] = values
    return current, previous


def _decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(str(value))


def _converters(history, fields):
    """{field: how to read SQLite's value as the ORM would} for dates, decimals, flags."""
    kinds = {
        "DateField": _day,
        "DateTimeField": aware,
        "DecimalField": _decimal,
        "BooleanField": bool,
    }
    found = {}
    for name in fields:
        kind = kinds.get(history._meta.get_field(name).get_internal_type())
        if kind is not None:
            found[name] = kind
    return found


@functools.cache
def _latest_sql(model, fields, column, many):
    history = model.history.model
    columns = ", ".join(connection.ops.quote_name(name) for name in (*fields, "history_type"))
    where = f"{column} IN (%s)" if many else f"{column} = %s"
    sql = (
        f"SELECT {columns} FROM (SELECT {columns}, "  # noqa: S608
        f"ROW_NUMBER() OVER (PARTITION BY id {NEWEST}) AS newest "
        f"FROM {table(history)} WHERE history_date <= %s AND {where}) ranked WHERE newest = 1"
    )
    return sql, _converters(history, fields) if connection.vendor == "sqlite" else {}


def latest(model, when, fields, column, value):
    """{id: `fields` of each object's history row at `when`}, deletions left out, of the
    objects whose `column` is `value` (or one of them, a list of ids)."""
    many = isinstance(value, list | tuple | set)
    sql, converters = _latest_sql(model, tuple(fields), column, many)
    params = [_instant(when)]
    if many:
        if not value:
            return {}
        sql = sql.replace("IN (%s)", f"IN ({id_list(value)})")
    else:
        params.append(value)
    found = {}
    for row in fetch_all(sql, params):
        if row[-1] == "-":
            continue
        values = dict(zip(fields, row, strict=False))
        for name, convert in converters.items():
            values[name] = convert(values[name])
        found[values["id"]] = values
    return found


def owners(history_ids):
    """{action history id: (person id, ...)}: the owners each history row recorded."""
    if not history_ids:
        return {}
    through, ids = table(Action.history.model.owners.model), id_list(history_ids)
    sql = f"SELECT history_id, person_id FROM {through} WHERE history_id IN ({ids})"  # noqa: S608
    found = {}
    for history_id, person_id in fetch_all(sql):
        found.setdefault(history_id, []).append(person_id)
    return {k: tuple(sorted(v)) for k, v in found.items()}
