"""The bulk page's save costs the same number of queries for 5 actions or 40."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action, StatusUpdate
from governance.round_services import round_open
from tests.rounds.conftest import Q2

# Session and user, round, actions and owners, tags, quarter updates; then the save:
# versions read and claimed, the actions and their history (with owners and tags, each
# read and copied), the updates (inserted, their ids read back) and their history, and
# the saved updates read back: all through the one bulk writer, actions.bulk.
# Pinned: if it grows, a query has crept into a loop.
BULK_SAVE_QUERIES = 23


def history_batches(rows):
    """Extra INSERTs of the actions' history rows beyond the first: SQLite takes at most
    999 parameters a statement, so Django splits them by the history table's width (the
    same split for any plan of that size, never one query per row)."""
    if connection.vendor != "sqlite":
        return 0
    columns = len(Action.history.model._meta.concrete_fields)
    per_batch = connection.features.max_query_params // columns
    return -(-rows // per_batch) - 1


def make_actions(plan, priority, erin, count):
    for i in range(count):
        action = Action.objects.create(
            plan=plan,
            priority=priority,
            reference=f"9.{i}",
            description=f"Action 9.{i}",
            due_date=dt.date(2026, 3, 31),
            position=100 + i,
        )
        action.owners.add(erin)


def post_all(client, reporting_round):
    data = {}
    for action in Action.objects.all():
        prefix = f"a{action.pk}"
        data.update(
            {
                f"{prefix}-version": action.version,
                f"{prefix}-status": "amber",
                f"{prefix}-narrative": "Slower than planned.",
                f"{prefix}-next_steps": "Report to the board.",
            }
        )
    url = reverse("round_bulk", args=[reporting_round.pk]) + "?mine=1"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data)
    assert response.status_code == 302
    return len(queries)


@pytest.mark.parametrize("rows", [5, 40])
def test_saving_the_bulk_page_takes_a_fixed_number_of_queries_whatever_the_rows(
    client, editor, borough, borough_admin, plan, priority, erin, rows
):
    make_actions(plan, priority, erin, rows)
    reporting_round = round_open(borough=borough, period=Q2, user=borough_admin)
    client.force_login(editor)

    assert post_all(client, reporting_round) == BULK_SAVE_QUERIES + history_batches(rows)
    assert StatusUpdate.objects.count() == rows
