"""Home's previews read through SQL compiled once a process (actions/rows.py
preview_lists) list exactly what the ORM's rules select: the user's own actions, those
due an update and the overdue ones, each scoped to the user's boroughs."""

import datetime as dt

import pytest

from actions.models import Action, Plan, Priority
from actions.rows import PREVIEW, preview_lists
from actions.selectors import actions_for_user
from boroughs.models import Membership, Person, Role, borough_ids_for_user

TODAY = dt.date(2026, 5, 20)
SINCE = dt.date(2026, 4, 1)  # the quarter's first day


def _plan(borough, slug, *, status="active"):
    plan = Plan.objects.create(borough=borough, slug=slug, title=slug.title(), status=status)
    return plan, Priority.objects.create(plan=plan, number="1", title="Early help")


def _action(plan, priority, ref, *, due=None, status="", rated=None, owner=None, editor=None):
    action = Action.objects.create(
        plan=plan,
        priority=priority,
        reference=ref,
        description=f"Action {ref}",
        due_date=due,
        status=status,
        status_date=rated,
        editor=editor,
    )
    if owner is not None:
        action.owners.add(owner)
    return action


@pytest.fixture
def world(borough, other_borough, editor):
    """The editor works in two boroughs; a third borough's actions name nobody here."""
    Membership.objects.create(user=editor, borough=other_borough, role=Role.VIEWER)
    me = Person.objects.create(borough=borough, name="Erin Editor", user=editor)
    plan, priority = _plan(borough, "strategy")
    closed, closed_priority = _plan(borough, "old-plan", status="closed")
    there, there_priority = _plan(other_borough, "hackney-plan")
    day = dt.timedelta(days=1)
    _action(plan, priority, "1.1", due=TODAY - 9 * day, status="red", rated=SINCE, owner=me)
    _action(plan, priority, "1.2", due=TODAY - day, status="amber", rated=SINCE - day)
    _action(plan, priority, "1.3", due=TODAY + day, editor=editor)
    _action(plan, priority, "1.4", due=TODAY - 3 * day, status="blue", owner=me)
    _action(plan, priority, "1.5", status="green", rated=SINCE + day)
    for n in range(PREVIEW + 2):  # more than a preview shows: its total counts them all
        _action(plan, priority, f"2.{n}", due=TODAY - (20 + n) * day)
    _action(closed, closed_priority, "9.1", due=TODAY - day, owner=me)
    _action(there, there_priority, "H.1", due=TODAY - day, editor=editor)
    return {"plan": plan}


def _expected(user, borough):
    in_borough = actions_for_user(user).in_borough(borough)
    tables = [
        actions_for_user(user).looked_after_by(user).not_completed(),
        in_borough.not_rated_since(SINCE).exclude(plan__status="closed"),
        in_borough.overdue(TODAY),
    ]
    ordered = [t.order_by("due_date", "id") for t in tables]
    return [(list(t.values_list("id", flat=True)[:PREVIEW]), t.count()) for t in ordered]


def _got(user, borough):
    scope = borough_ids_for_user(user, role=Role.VIEWER)
    lists = preview_lists(
        user_id=user.pk,
        borough_id=borough and borough.pk,
        borough_ids=None if scope is None else sorted(scope),
        since=SINCE,
        today=TODAY,
    )
    return [([row["id"] for row in rows], total) for rows, total in lists]


@pytest.mark.django_db
def test_each_preview_lists_what_the_orm_selects_for_a_member_of_two_boroughs(
    world, editor, borough
):
    got = _got(editor, borough)

    assert got == _expected(editor, borough)
    mine, due, late = got
    assert mine[1] == 4  # 1.1, 1.3, the closed plan's 9.1 and Hackney's H.1; not 1.4 (done)
    assert late[1] == PREVIEW + 2 + 3  # the 2.x actions, 1.1, 1.2 and the closed plan's 9.1
    assert len(late[0]) == PREVIEW


@pytest.mark.django_db
def test_the_compiled_previews_serve_each_user_with_their_own_boroughs(
    world, editor, viewer, outsider, borough, other_borough
):
    # One borough, then two, then one other: each length of the scope is its own SQL.
    assert _got(viewer, borough) == _expected(viewer, borough)
    assert _got(editor, borough) == _expected(editor, borough)
    assert _got(outsider, other_borough) == _expected(outsider, other_borough)
    assert _got(outsider, other_borough)[0] == ([], 0)  # nothing of theirs
    assert _got(outsider, borough) == [([], 0), ([], 0), ([], 0)]  # not their borough


@pytest.mark.django_db
def test_a_superuser_and_a_user_with_no_borough_get_what_the_orm_gives(
    world, superuser, django_user_model, borough
):
    assert _got(superuser, borough) == _expected(superuser, borough)
    assert _got(superuser, borough)[2][1] == PREVIEW + 5
    nobody = django_user_model.objects.create_user(username="nobody", password="x" * 20)
    assert _got(nobody, None) == [([], 0), ([], 0), ([], 0)]


@pytest.mark.django_db
def test_rows_carry_dates_and_owners_as_the_orm_reads_them(world, editor, borough):
    (mine, _), _, _ = preview_lists(
        user_id=editor.pk,
        borough_id=borough.pk,
        borough_ids=[borough.pk],
        since=SINCE,
        today=TODAY,
    )
    first = mine[0]
    assert first["reference"] == "1.1"
    assert first["due_date"] == TODAY - dt.timedelta(days=9)  # a date, on SQLite too
    assert first["owners"] == "Erin Editor"
    assert first["overdue"] is True
    assert first["url"] == f"/actions/{first['id']}/"


@pytest.mark.django_db
def test_while_a_round_is_open_the_due_preview_is_the_actions_given(world, editor, borough):
    ids = sorted(Action.objects.filter(reference__in=["1.3", "1.5"]).values_list("id", flat=True))

    _, (due, total), _ = preview_lists(
        user_id=editor.pk,
        borough_id=borough.pk,
        borough_ids=[borough.pk],
        since=SINCE,
        today=TODAY,
        due_ids=ids,
    )

    assert sorted(row["reference"] for row in due) == ["1.3", "1.5"]
    assert total == 2
