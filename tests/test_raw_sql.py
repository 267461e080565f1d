"""What the project's SQL shares (sendplan/raw_sql.py) reads and writes as the ORM would."""

import pytest
from django.db import connection

from boroughs.models import Borough
from sendplan.raw_sql import aware, id_list, table


def test_a_datetime_read_by_raw_sql_is_the_instant_the_orm_reads(borough):
    history = Borough.history.model
    expected = history.objects.get(id=borough.pk).history_date
    rows = table(history)
    with connection.cursor() as cursor:
        # A column (SQLite: a naive datetime in UTC) and an expression (SQLite: text).
        cursor.execute(
            f"SELECT history_date, (SELECT MAX(history_date) FROM {rows} WHERE id = %s) "  # noqa: S608
            f"FROM {rows} WHERE id = %s",
            [borough.pk, borough.pk],
        )
        column, expression = cursor.fetchone()
    for value in (column, expression):
        assert aware(value).utcoffset() is not None
        assert aware(value) == expected
    assert aware(None) is None


def test_ids_are_written_into_sql_as_integers_and_anything_else_is_refused():
    assert id_list([3, "41", 5]) == "3, 41, 5"
    assert id_list([]) == ""
    with pytest.raises(ValueError, match="invalid literal"):
        id_list(["1) OR (1 = 1"])
