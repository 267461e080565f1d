"""The rows of action tables, worked out once per row in Python, and the home page's
previews read through SQL compiled once a process (sendplan/fixed_sql.py).

A plan of 200 actions rendered through per-row includes, {% url %} and date filters
spent about a quarter of its server time there; the row templates now only print.
"""

import datetime as dt

from django.db.models import Count, Window
from django.urls import reverse

from actions import ragb
from actions.models import Action
from sendplan.fixed_sql import FixedQuery
from sendplan.text import truncate_words

MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# The GOV.UK tag modifier and word for each rating (actions/ragb.py defines both).
RAGB_TAG = {
    status: (f"govuk-tag--{ragb.TAG_COLOURS[status]}", ragb.label(status)) for status in ragb.ORDER
}


MONTH_NAMES = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def short_date(day):
    """ "5 Mar 2026", as the `j M Y` date filter writes it, without its per-call cost."""
    return f"{day.day} {MONTHS[day.month]} {day.year}"


def long_date(day):
    """ "5 March 2026" (GOV.UK style), as the `j F Y` date filter writes it."""
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


class ActionRow(dict):
    """One row of an action table: plain values, ready to print.

    A dict, so templates read it with their first, cheapest lookup; Python code reads
    the same values as attributes (`row.reference`).
    """

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


# What a row of an action table prints, read with .values(): no model instances.
ROW_FIELDS = (
    "id",
    "reference",
    "description",
    "status",
    "due_date",
    "timescale",
    "priority_id",
    "objective_id",
    "plan_id",
    "plan__title",
    "plan__borough__name",
)


def action_rows(actions, *, today, words=30):
    """The rows of an action table for the queryset `actions`, in its order: two queries.

    Each row is an ActionRow of the action's reference, ids and plan, and its display
    values worked out once here (URL, shortened description, owners' names, due date,
    overdue flag, rating tag), so the row templates only print. Reading `.values()`
    and the owners' names as pairs builds no model objects: a 200-action plan built
    about 600 (actions, people, and a manager and queryset per prefetch) per request.
    """
    return action_row_lists([actions], today=today, words=words)[0]


def action_row_lists(querysets, *, today, words=30, limit=None):
    """action_rows for several tables at once: one query per table and one for all their
    owners' names, whose actions often repeat between the tables.

    With `limit`, each table is its first `limit` rows and comes as (rows, how many the
    whole queryset has): the total is read in the same query (COUNT(*) OVER ()).
    """
    fields = ROW_FIELDS if limit is None else (*ROW_FIELDS, "listed")
    tables = [list(_row_values(actions, fields, limit)) for actions in querysets]
    ids = sorted({v["id"] for values in tables for v in values})
    links = Action.owners.through.objects
    if not ids:
        owners = []
    elif len(querysets) == 1 and limit is None and not querysets[0].query.is_sliced:
        # The table's own query as a subquery: a plan's 200 ids as parameters cost the
        # ORM more to prepare than the database to run either.
        owners = _owners(links.filter(action_id__in=querysets[0].values("pk")))
    else:
        owners = _owners(links.filter(action_id__in=ids))
    rows = _tables(tables, owners, today=today, words=words)
    if limit is None:
        return rows
    return list(zip(rows, _totals(tables), strict=True))


def _row_values(actions, fields, limit):
    actions = actions.select_related(None).prefetch_related(None)
    if limit is None:
        return actions.values(*fields)
    return actions.annotate(listed=Window(Count("*"))).values(*fields)[:limit]


def _owners(links):
    """(action id, owner's name) pairs, by name, of the action-owner links `links`."""
    return links.order_by("person__name", "person_id").values_list("action_id", "person__name")


def _tables(tables, owners, *, today, words):
    url = reverse("action_detail", args=[0])[:-2]  # "/actions/"
    names = {}
    for action_id, name in owners:
        names.setdefault(action_id, []).append(name)
    plans = {}
    return [_rows(values, names, plans, url=url, today=today, words=words) for values in tables]


def _totals(tables):
    return [values[0]["listed"] if values else 0 for values in tables]


# --- Home's previews ------------------------------------------------------------------
# Home is the most visited page; building and compiling these four queries cost more CPU
# than running them, so their SQL is compiled once a process (sendplan/fixed_sql.py).

PREVIEW = 10  # rows a preview shows; each links to the full, filtered action list


def preview_lists(*, user_id, borough_id, borough_ids, since, today, due_ids=None):
    """Home's three previews, each (its first PREVIEW rows, how many it has in all):

    - the actions the user looks after, in any of `borough_ids` (None: every borough, a
      superuser's scope, boroughs.models.borough_ids_for_user), not completed;
    - those due an update in the borough `borough_id`: not rated since the day `since`,
      or, while a round is open, those with the ids `due_ids`;
    - the borough's overdue actions on `today`.

    Each table is ordered by due date. Four queries: one a table, one for the owners."""
    if due_ids is None:
        due = _not_rated_since.values(borough_ids, borough_id, since)
    else:
        due = list(_preview(_in_borough(borough_ids, borough_id).filter(pk__in=due_ids)))
    tables = [
        _looked_after.values(borough_ids, user_id),
        due,
        _overdue.values(borough_ids, borough_id, today),
    ]
    ids = sorted({v["id"] for values in tables for v in values})
    owners = _owner_names.rows(ids) if ids else []
    rows = _tables(tables, owners, today=today, words=30)
    return list(zip(rows, _totals(tables), strict=True))


def _in_borough(borough_ids, borough_id):
    return Action.objects.visible_in(borough_ids).filter(plan__borough_id=borough_id)


def _preview(actions):
    """The first rows by due date, each with the whole table's count (COUNT(*) OVER ())."""
    counted = actions.order_by("due_date", "id").annotate(listed=Window(Count("*")))
    return counted.values(*ROW_FIELDS, "listed")[:PREVIEW]


@FixedQuery.with_kinds(list, int)
def _looked_after(borough_ids, user_id):
    return _preview(Action.objects.visible_in(borough_ids).looked_after_by(user_id).not_completed())


@FixedQuery.with_kinds(list, int, dt.date)
def _not_rated_since(borough_ids, borough_id, since):
    due = _in_borough(borough_ids, borough_id).not_rated_since(since)
    return _preview(due.exclude(plan__status="closed"))


@FixedQuery.with_kinds(list, int, dt.date)
def _overdue(borough_ids, borough_id, today):
    return _preview(_in_borough(borough_ids, borough_id).overdue(today))


@FixedQuery.with_kinds(list)
def _owner_names(action_ids):
    return _owners(Action.owners.through.objects.filter(action_id__in=action_ids))


def _rows(values, owners, plans, *, url, today, words):
    rows = []
    for v in values:
        plan = plans.get(v["plan_id"])
        if plan is None:
            plan = plans[v["plan_id"]] = ActionRow(
                id=v["plan_id"],
                pk=v["plan_id"],
                title=v["plan__title"],
                borough=ActionRow(name=v["plan__borough__name"]),
            )
        status, due_date = v["status"], v["due_date"]
        tag_class, tag_label = RAGB_TAG.get(status or "", RAGB_TAG[""])
        rows.append(
            ActionRow(
                id=v["id"],
                pk=v["id"],
                reference=v["reference"],
                status=status,
                due_date=due_date,
                priority_id=v["priority_id"],
                objective_id=v["objective_id"],
                plan=plan,
                url=f"{url}{v['id']}/",
                description=truncate_words(v["description"], words),
                owners=", ".join(owners.get(v["id"], ())),
                due=short_date(due_date) if due_date else v["timescale"],
                overdue=ragb.is_overdue(due_date=due_date, status=status, on=today),
                tag_class=tag_class,
                tag_label=tag_label,
            )
        )
    return rows
