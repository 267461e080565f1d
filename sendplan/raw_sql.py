"""The small pieces the reads and writes the project writes as SQL share, defined once.

Some hot reads and bulk writes are SQL rather than the ORM, where compiling the query
or converting its rows cost more CPU than running it (docs/performance.md): the public
page's history reads (reports/public/), the action page's owners, tags and timeline,
the bulk writer's INSERTs (actions/bulk.py, actions/fast_insert.py), and the queries
compiled once a process (sendplan/fixed_sql.py) when they run. What goes into
their text is only ever a quoted table or column name from a model's own metadata, or
integers (`id_list`); every other value is a parameter.
"""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

CHUNK = 2000  # rows a single executemany is given at most


def table(model):
    """`model`'s table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def id_list(values):
    """Ids written into SQL (`IN (1, 2, 3)`): integers only, so nothing else can be.
    Passing hundreds of parameters cost more CPU than the query itself."""
    return ", ".join(str(int(value)) for value in values)


def aware(value):
    """An aware datetime, as the ORM reads it, from a raw query's result: PostgreSQL
    gives one already; SQLite gives text (an expression's value) or a naive datetime in
    UTC (a column's). None stays None."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


def fetch_all(sql, params=None):
    """The rows of one statement, as the database driver returns them (`params` None:
    the SQL is run as written, with no parameters)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def insert_rows(model, fields, rows):
    """INSERT `rows` (tuples of database values in the order of `fields`, model fields
    of `model`) into its table with executemany: no model instances, no ORM."""
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table(model)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
