"""Each read page costs a fixed number of queries, however big the plan.

The same count is asserted on a plan of 20 actions and one of 200 (each with two
owners, a tag, a milestone and a status update), with the busiest action edited 4
or 24 times, so a query inside a loop would show up as a difference.
"""

import pytest
from django.urls import reverse

from tests.pages.conftest import client_for

SIZES = [(20, 4), (200, 24)]

# Every signed-in page starts with: the session, the user, and the user's memberships
# read with their boroughs (for the switcher and scoping: boroughs.models.member_boroughs).
EXPECTED = {
    # Action tables read rows and their owners' names (action_rows); home's three
    # previews read their owners' names in one query, and each its total with its rows
    # (action_row_lists with a limit: COUNT(*) OVER ()).
    # 8 + the latest board pack + the open round (read once: the "updates due" and
    # reviews panels reuse the page's) + the open actions with no due date
    # + partners' comments waiting for this lead's reply.
    "home": 13,
    "home_board_member": 9,  # + the open actions with no due date + comments waiting
    "search": 8,
    # + the open round and the actions with no due date. The chart is drawn from the
    # counts already read, and kept in the cache (reports/dashboard.py): no query.
    "borough_dashboard": 12,
    "plan_detail": 8,
    "action_list": 10,
    "action_export_csv": 10,
    # The action; its owners and tags in one query (UNION ALL, actions/detail_reads.py);
    # its milestones; its measures and their values; its risks; its findings. The
    # timeline reads the owners and tags on its history rows in one query (UNION ALL);
    # + the open round (its state for this action).
    "action_detail": 14,
}


@pytest.fixture(params=SIZES, ids=lambda p: f"{p[0]}-actions")
def dataset(request, make_dataset):
    size, edits = request.param
    return make_dataset(size, edits)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_home_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    with django_assert_num_queries(EXPECTED["home"]):
        _get(client, reverse("home"))


def test_a_board_members_home_query_count_is_fixed(dataset, viewer, django_assert_num_queries):
    client = client_for(viewer)
    with django_assert_num_queries(EXPECTED["home_board_member"]):
        response = _get(client, reverse("home"))
    assert response.context["board_member"] is True


def test_search_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    with django_assert_num_queries(EXPECTED["search"]):
        response = _get(client, reverse("search") + "?q=Action+number")
    # The busiest action was reworded, so every other one matches.
    assert len(response.context["actions"]) == min(len(dataset.actions) - 1, 25)


def test_dashboard_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    url = reverse("borough_dashboard", args=[dataset.plan.borough.slug])
    with django_assert_num_queries(EXPECTED["borough_dashboard"]):
        _get(client, url)


def test_plan_page_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    with django_assert_num_queries(EXPECTED["plan_detail"]):
        response = _get(client, reverse("plan_detail", args=[dataset.plan.pk]))
    assert response.content.decode().count("/actions/") >= len(dataset.actions)


def test_action_list_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    url = reverse("action_list") + f"?plan={dataset.plan.pk}&sort=status"
    with django_assert_num_queries(EXPECTED["action_list"]):
        response = _get(client, url)
    assert len(response.context["actions"]) == min(len(dataset.actions), 50)


def test_csv_export_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    url = reverse("action_export_csv") + f"?plan={dataset.plan.pk}"
    with django_assert_num_queries(EXPECTED["action_export_csv"]):
        response = _get(client, url)
    assert response.content.decode("utf-8-sig").count("\n") == len(dataset.actions) + 1


def test_action_page_query_count_is_fixed(dataset, editor, django_assert_num_queries):
    client = client_for(editor)
    url = reverse("action_detail", args=[dataset.busy_action.pk])
    with django_assert_num_queries(EXPECTED["action_detail"]):
        response = _get(client, url)
    assert len(response.context["timeline"]) > 4
    assert len(response.context["measures"]) == 2
