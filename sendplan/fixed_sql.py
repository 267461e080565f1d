"""Hot queries of a fixed shape, compiled by the ORM once a process rather than once a
request.

Building and compiling a queryset costs Django more CPU than PostgreSQL spends running a
small query (about 0.8 ms against 0.2 ms for the open round, docs/performance.md). A
`FixedQuery` keeps the ORM as the one place the query is written: `build(*args)` returns
the queryset, and it is compiled twice, with two sets of stand-in arguments, to find
where each argument lands among the SQL's parameters. Anything else that differed
between the two (SQL text, a parameter computed from an argument) raises, so a query
whose shape depends on its arguments cannot be cached by mistake.

An argument may be a list of ids (kind `list`), as a user's boroughs are: the SQL has
one parameter per id, so it is compiled once for each length met (a person belongs to a
few boroughs). An empty list is a length too: the ORM drops its condition from an OR, or
knows the whole answer is empty and runs no SQL, and so does the compiled query. An
argument of None changes the SQL's shape (IS NULL, or no filter: a superuser's every
borough), so a call with one runs the query as the ORM runs it.
"""

import datetime as dt

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models.query import get_related_populators

from sendplan.raw_sql import fetch_all

# Stand-ins for the arguments, two sets, so each argument's place is unambiguous: ids
# (integers) and days (dates) far from any real one.
_INT = (-1_000_001, -2_000_001)
_DAY = (dt.date(1001, 1, 1), dt.date(1501, 1, 1))
_LIST_STEP = 1_000  # a list's ids: -1_000_001 - 1000 * position - element, say


def _stand_in(kind, index, which, length=None):
    if kind is str:
        # Mixed case and LIKE's wildcards: a build that changes its text (lower(), the
        # escaping of an iexact on SQLite) is caught, as the value passed is the text given.
        return f"Fixed%_{'AB'[which]}{index}"
    if kind is list:
        return [_INT[which] - _LIST_STEP * (index + 1) - j for j in range(length)]
    if kind is dt.datetime:
        day = _DAY[which] + dt.timedelta(days=index)
        return dt.datetime(day.year, day.month, day.day, 1, 2, 3, tzinfo=dt.UTC)
    if kind is dt.date:
        return _DAY[which] + dt.timedelta(days=index)
    return _INT[which] - index


def _stand_ins(kinds, lengths, which):
    return [_stand_in(kind, i, which, lengths[i]) for i, kind in enumerate(kinds)]


def _positions(kinds, lengths):
    """((argument index, element index or None), kind) for each scalar the SQL takes."""
    for index, kind in enumerate(kinds):
        if kind is list:
            for j in range(lengths[index]):
                yield (index, j), int
        else:
            yield (index, None), kind


def _param(kind, value):
    """A stand-in as it appears among the compiled parameters (SQLite's dates are text)."""
    return _adapt(value) if kind in (dt.date, dt.datetime) else value


def _adapt(value):
    """A day or an instant as the ORM passes it to the database."""
    if type(value) is dt.datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if type(value) is dt.date:
        return connection.ops.adapt_datefield_value(value)
    return value


class FixedQuery:
    """`FixedQuery(build)(*args)`: the model instances of `build(*args)`, with what it
    selects related, read with the SQL compiled once for the database in use;
    `.rows(*args)` the plain rows of a `values_list` query, as the driver returns them;
    `.values(*args)` the dicts of a `values()` query with the ORM's conversions. `kinds`:
    each argument's type, int (an id) by default, str, datetime.date, datetime.datetime
    (aware) or list (of ids).
    `build` may not prefetch_related (a second statement)."""

    def __init__(self, build, *, kinds=None):
        self.build = build
        self.kinds = kinds
        self._compiled = {}

    @classmethod
    def with_kinds(cls, *kinds):
        """A decorator: `@FixedQuery.with_kinds(list, int, datetime.date)`."""
        return lambda build: cls(build, kinds=kinds)

    def __call__(self, *args):
        return self._read(args, lambda compiled, rows: compiled.instances(rows))

    def rows(self, *args):
        """The rows as the database driver returns them: for ids and text, whose values
        need no conversion (Django converts dates and booleans on SQLite, say)."""
        return self._read(args, lambda compiled, rows: rows)

    def values(self, *args):
        """The rows of a `values()` query as dicts, converted as the ORM converts them."""
        return self._read(args, _as_dicts)

    def _read(self, args, shape):
        if None in args:
            return list(self.build(*args))
        compiled, params = self._bound(args)
        if compiled is _EMPTY:
            return []
        rows = fetch_all(compiled.sql, params)
        compiler = compiled.compiler
        if compiler.has_extra_select:  # columns only the ordering needs, as Django drops them
            rows = [row[: compiler.col_count] for row in rows]
        return shape(compiled, rows)

    def _kinds(self, args):
        return self.kinds or (int,) * len(args)

    def sql(self, *args):
        """(SQL, parameters) of the query for `args`: to embed it in a statement of SQL
        (its text is the same for any arguments of the same kinds). Ids and dates only:
        no None, no empty list (neither has SQL of this shape)."""
        compiled, params = (None, None) if None in args else self._bound(args)
        if compiled is None or compiled is _EMPTY:
            raise ValueError("No fixed SQL for these arguments.")
        return compiled.sql, params

    def _bound(self, args):
        kinds = self._kinds(args)
        args = [list(a) if kind is list else a for kind, a in zip(kinds, args, strict=True)]
        lengths = tuple(
            len(a) if kind is list else None for kind, a in zip(kinds, args, strict=True)
        )
        key = (connection.vendor, lengths)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = compile_fixed(self.build, kinds, lengths)
        if compiled is _EMPTY:
            return compiled, None
        params = []
        for slot in compiled.slots:
            if isinstance(slot, _Constant):
                params.append(slot.value)
                continue
            index, j, wrap = slot
            value = args[index] if j is None else args[index][j]
            if wrap is not None:
                value = wrap(value)
            params.append(_adapt(value))
        return compiled, params


# The compiled query of a build that an empty list makes empty whatever else it is given.
_EMPTY = object()


class _Constant:
    def __init__(self, value):
        self.value = value


def _as_dicts(compiled, rows):
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in compiled.compiler.results_iter([rows])]


class _Compiled:
    """What a run needs: the SQL, where each parameter comes from, and the compiler that
    made it, which knows the columns: their names, the ORM's conversions of their
    values, and the model (and the related models of select_related) each belongs to."""

    def __init__(self, queryset, compiler, sql, slots):
        self.sql = sql
        self.slots = slots
        self.compiler = compiler
        query = queryset.query
        self.names = [*query.extra_select, *query.values_select, *query.annotation_select]

    def instances(self, rows):
        """The model instances of `rows`, made as Django's ModelIterable makes them."""
        compiler = self.compiler
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        related = get_related_populators(klass_info, select, connection.alias)
        annotations = compiler.annotation_col_map
        model = klass_info["model"]
        result = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(connection.alias, init_list, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            for name, position in (annotations or {}).items():
                setattr(obj, name, row[position])
            result.append(obj)
        return result


def compile_fixed(build, kinds, lengths=None):
    """The compiled query of `build`: its SQL and, for each parameter, the (argument,
    element) it takes or a constant. Raises ValueError when the shape depends on the
    arguments."""
    lengths = lengths or (None,) * len(kinds)
    first, second = (build(*_stand_ins(kinds, lengths, which)) for which in (0, 1))
    if first._prefetch_related_lookups:
        raise ValueError("A fixed query is one statement: no prefetch_related.")
    compiler = first.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
        other_sql, other_params = second.query.get_compiler(connection=connection).as_sql()
    except EmptyResultSet:
        if 0 in lengths:
            return _EMPTY
        raise
    if sql != other_sql or len(params) != len(other_params):
        raise ValueError("The query's SQL depends on its arguments.")
    stand_ins = {}
    for position, kind in _positions(kinds, lengths):
        index, j = position
        ones = [_stand_in(kinds[index], index, which, lengths[index]) for which in (0, 1)]
        if j is not None:
            ones = [one[j] for one in ones]
        stand_ins[_param(kind, ones[0])] = (position, _param(kind, ones[1]))
    slots = []
    for a, b in zip(params, other_params, strict=True):
        found = stand_ins.get(a) if isinstance(a, (int, str, dt.date)) else None
        if found is not None:
            if b != found[1]:
                raise ValueError("An argument lands in different places.")
            # On psycopg 3 Django passes a big integer column's value typed (Int8): so do we.
            wrap = type(a) if isinstance(a, int) and type(a) is not int else None
            slots.append((*found[0], wrap))
        elif a != b:
            raise ValueError("A parameter is computed from an argument.")
        else:
            slots.append(_Constant(a))
    used = {s[:2] for s in slots if not isinstance(s, _Constant)}
    if used != {position for position, _ in _positions(kinds, lengths)}:
        raise ValueError("An argument is not a parameter of the SQL.")
    return _Compiled(first, compiler, sql, slots)
