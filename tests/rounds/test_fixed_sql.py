"""sendplan/fixed_sql.py: a hot query compiled once a process reads what the ORM reads,
and a query whose SQL depends on its arguments is refused rather than cached."""

import pytest
from django.db.models import Q

from boroughs.models import Borough
from governance.models import ReportingRound
from governance.round_selectors import open_round_for
from sendplan.fixed_sql import FixedQuery, compile_fixed


@pytest.mark.django_db
def test_the_compiled_query_reads_each_boroughs_own_rows():
    first = Borough.objects.create(name="Firstshire", slug="firstshire")
    second = Borough.objects.create(name="Secondshire", slug="secondshire")
    by_slug = FixedQuery(lambda pk: Borough.objects.filter(pk=pk, is_suspended=False))

    assert by_slug(first.pk) == [first]
    assert by_slug(second.pk) == [second]
    Borough.objects.filter(pk=second.pk).update(is_suspended=True)
    assert by_slug(second.pk) == []


@pytest.mark.django_db
def test_the_sql_to_embed_reads_each_boroughs_own_row_and_refuses_none():
    from django.db import connection

    first = Borough.objects.create(name="Firstshire", slug="firstshire")
    second = Borough.objects.create(name="Secondshire", slug="secondshire")
    slug_of = FixedQuery(lambda pk: Borough.objects.filter(pk=pk).values_list("slug")[:1])
    with connection.cursor() as cursor:
        for borough in (first, second):
            sql, params = slug_of.sql(borough.pk)
            cursor.execute(f"SELECT ({sql})", params)  # noqa: S608 (the ORM's own SQL)
            assert cursor.fetchone() == (borough.slug,)
    with pytest.raises(ValueError, match="No fixed SQL"):
        slug_of.sql(None)


@pytest.mark.django_db
def test_the_open_round_is_the_newest_not_final_of_the_borough_itself(round_world, borough):
    other = Borough.objects.create(name="Elsewhere", slug="elsewhere")

    assert open_round_for(borough) == round_world["round"]
    assert open_round_for(borough.pk) == round_world["round"]
    assert open_round_for(other) is None


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Borough.objects.filter(pk=pk + 1),  # a parameter computed from it
        lambda pk: Borough.objects.filter(Q(pk=pk) if pk > -1_500_000 else Q(slug="x")),
        lambda pk: Borough.objects.filter(pk__gt=0),  # the argument is not used
        lambda pk: ReportingRound.objects.prefetch_related("borough").filter(pk=pk),
    ],
    ids=["computed", "shape", "unused", "prefetched"],
)
def test_a_query_whose_sql_depends_on_its_arguments_is_refused(build):
    with pytest.raises(ValueError):
        compile_fixed(build, (int,))


@pytest.mark.django_db
def test_a_list_of_ids_is_compiled_once_for_each_length_and_an_empty_one_too():
    first = Borough.objects.create(name="Firstshire", slug="firstshire")
    second = Borough.objects.create(name="Secondshire", slug="secondshire")
    among = FixedQuery.with_kinds(list)(
        lambda ids: Borough.objects.filter(pk__in=ids).order_by("pk")
    )
    either = FixedQuery.with_kinds(list, int)(
        lambda ids, pk: (
            Borough.objects.filter(Q(pk__in=ids) | Q(pk=pk)).order_by("slug").values("slug")
        )
    )

    assert among([second.pk]) == [second]
    assert among([first.pk, second.pk]) == [first, second]
    assert among([first.pk]) == [first]  # the one-id SQL again, with this id
    assert among([]) == []  # the ORM runs no SQL for it, and neither does this
    assert either.values([], second.pk) == [{"slug": "secondshire"}]  # the empty branch dropped
    assert either.values([first.pk], second.pk) == [{"slug": "firstshire"}, {"slug": "secondshire"}]


@pytest.mark.django_db
def test_instances_come_with_what_the_query_selects_related_and_its_annotations(
    round_world, borough, django_assert_num_queries
):
    from django.db.models import Value

    with_borough = FixedQuery(
        lambda pk: (
            ReportingRound.objects.select_related("borough")
            .annotate(label=Value("x"))
            .filter(borough_id=pk)
        )
    )
    with_borough(borough.pk)  # compiled here

    with django_assert_num_queries(1):
        (found,) = with_borough(borough.pk)
        assert found == round_world["round"]
        assert found.borough.name == borough.name  # no query: read with the round
        assert found.label == "x"
        assert found.period == round_world["round"].period


@pytest.mark.django_db
def test_a_big_integer_column_takes_its_argument_as_the_orm_passes_it(action):
    # A history table's `id` is a BigIntegerField: on psycopg 3 Django passes it typed.
    history = type(action).history.model
    rows_of = FixedQuery(lambda pk: history.objects.filter(id=pk).order_by("history_id"))

    assert [row.history_id for row in rows_of(action.pk)] == list(
        history.objects.filter(id=action.pk)
        .order_by("history_id")
        .values_list("history_id", flat=True)
    )
    assert rows_of(action.pk + 1000) == []
