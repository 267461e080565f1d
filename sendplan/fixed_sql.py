"""Hot queries of a fixed shape, compiled by the ORM once a process rather than once a
request.

Building and compiling a queryset costs Django more CPU than PostgreSQL spends running a
small query (about 0.8 ms against 0.2 ms for the open round, docs/performance.md). A
`FixedQuery` keeps the ORM as the one place the query is written: `build(*args)` returns
the queryset, and it is compiled twice, with two sets of stand-in arguments, to find
where each argument lands among the SQL's parameters. Anything else that differed
between the two (SQL text, a parameter computed from an argument) raises, so a query
whose shape depends on its arguments cannot be cached by mistake.
"""

import datetime as dt

from django.db import connection

# Stand-ins for the arguments, two sets, so each argument's place is unambiguous: ids
# (integers) and days (dates) far from any real one.
_INT = (-1_000_001, -2_000_001)
_DAY = (dt.date(1001, 1, 1), dt.date(1501, 1, 1))


def _stand_in(kind, index, which):
    if kind is dt.date:
        return _DAY[which] + dt.timedelta(days=index)
    return _INT[which] - index


def _as_param(kind, index, which):
    """The stand-in as it appears among the compiled parameters (SQLite's are text)."""
    value = _stand_in(kind, index, which)
    return connection.ops.adapt_datefield_value(value) if kind is dt.date else value


class FixedQuery:
    """`FixedQuery(build)(*args)`: the model instances of `build(*args)`, read through
    `Model.objects.raw` with the SQL compiled once for the database in use; `.rows(*args)`
    the plain rows of a `values_list` query. `kinds`: each argument's type, int (an id)
    by default or datetime.date. `build` may not `select_related` for instances (raw rows
    map to one model)."""

    def __init__(self, build, *, kinds=None):
        self.build = build
        self.kinds = kinds
        self._compiled = {}

    def __call__(self, *args):
        model, sql, params = self._bound(args)
        return list(model.objects.raw(sql, params))

    def rows(self, *args):
        """The rows as the database driver returns them: for ids and text, whose values
        need no conversion (Django converts dates and booleans on SQLite, say)."""
        _, sql, params = self._bound(args)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def sql(self, *args):
        """(SQL, parameters) of the query for `args`: to embed it in a statement of SQL
        (its text is the same for any arguments)."""
        _, sql, params = self._bound(args)
        return sql, params

    def _bound(self, args):
        key = (connection.vendor, len(args))
        if key not in self._compiled:
            kinds = self.kinds or (int,) * len(args)
            self._compiled[key] = compile_fixed(self.build, kinds)
        model, sql, slots = self._compiled[key]
        adapt = connection.ops.adapt_datefield_value  # as the ORM passes a date
        args = [adapt(a) if type(a) is dt.date else a for a in args]
        params = [args[slot] if isinstance(slot, _Arg) else slot.value for slot in slots]
        return model, sql, params


class _Arg(int):
    """The index of the argument a parameter takes."""


class _Constant:
    def __init__(self, value):
        self.value = value


def compile_fixed(build, kinds):
    """(model, sql, slots) of `build`'s queryset: each slot an argument's index (_Arg)
    or a constant parameter. Raises ValueError when the shape depends on the arguments."""
    first = build(*(_stand_in(k, i, 0) for i, k in enumerate(kinds)))
    second = build(*(_stand_in(k, i, 1) for i, k in enumerate(kinds)))
    if first.query.select_related:  # values_list() clears it: rows of one model only
        raise ValueError("A fixed query maps rows to one model: no select_related.")
    sql, params = first.query.sql_with_params()
    other_sql, other_params = second.query.sql_with_params()
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError("The query's SQL depends on its arguments.")
    stand_ins = {_as_param(k, i, 0): i for i, k in enumerate(kinds)}
    slots = []
    for a, b in zip(params, other_params, strict=True):
        index = stand_ins.get(a) if type(a) in (int, str, dt.date) else None
        if index is not None:
            if b != _as_param(kinds[index], index, 1):
                raise ValueError("An argument lands in different places.")
            slots.append(_Arg(index))
        elif a != b:
            raise ValueError("A parameter is computed from an argument.")
        else:
            slots.append(_Constant(a))
    if {s for s in slots if isinstance(s, _Arg)} != set(range(len(kinds))):
        raise ValueError("An argument is not a parameter of the SQL.")
    return first.model, sql, slots
