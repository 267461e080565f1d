"""The action list: each filter narrows the list, sorting, pagination, and the CSV."""

import csv
import datetime as dt
import html
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Priority, Tag
from boroughs.models import Person
from sendplan.periods import ReportingPeriod
from tests.pages.conftest import client_for

TODAY = timezone.localdate()
QUARTER = ReportingPeriod.containing(TODAY)


@pytest.fixture
def actions(plan, priority, owner, editor, viewer):
    """Five actions of our plan, each different in the way one filter looks at."""
    second = Priority.objects.create(plan=plan, number="2", title="Joint working", position=1)
    helper = Person.objects.create(borough=plan.borough, name="Vic Viewer", user=viewer)
    kloe = Tag.objects.create(borough=plan.borough, name="KLOE 2")

    def make(reference, **fields):
        fields.setdefault("priority", priority)
        return Action.objects.create(plan=plan, reference=reference, **fields)

    made = {
        "red": make(
            "R-1",
            description="Recruit nurses",
            status="red",
            status_date=TODAY,
            lead_agency="health",
            due_date=QUARTER.start - dt.timedelta(days=10),
        ),
        "blue": make(
            "B-1",
            description="Publish the local offer",
            status="blue",
            status_date=TODAY,
            lead_agency="education",
            due_date=QUARTER.start - dt.timedelta(days=10),
            completed_on=TODAY - dt.timedelta(days=20),
        ),
        "unrated": make(
            "U-1",
            description="Review transport",
            priority=second,
            due_date=QUARTER.end,
            status_narrative="Waiting for the transport review",
        ),
        "green": make(
            "G-1",
            description="Co-produce the strategy",
            status="green",
            status_date=QUARTER.start - dt.timedelta(days=1),
            lead_agency="joint",
            due_date=QUARTER.end + dt.timedelta(days=200),
            editor=editor,
        ),
        "amber": make(
            "A-1",
            description="Train SENCOs",
            status="amber",
            status_date=TODAY,
            lead_agency="local_authority",
        ),
    }
    made["red"].owners.add(owner)
    made["amber"].owners.add(helper)
    made["unrated"].tags.add(kloe)
    return made


def _refs(client, **params):
    response = client.get(reverse("action_list"), params)
    assert response.status_code == 200
    return {a.reference for a in response.context["actions"]}


ALL = {"R-1", "B-1", "U-1", "G-1", "A-1"}


@pytest.fixture
def client(viewer):
    return client_for(viewer)


def test_with_no_filters_the_list_shows_the_current_boroughs_actions(client, actions, their_action):
    assert _refs(client) == ALL


def test_the_borough_filter_offers_only_the_users_boroughs(client, actions, their_action):
    response = client.get(reverse("action_list"), {"borough": their_action.plan.borough_id})
    assert {a.reference for a in response.context["actions"]} == ALL
    assert "Select a valid choice" in response.content.decode()


def test_filtering_by_plan(client, actions, their_action, plan, borough):
    from actions.models import Plan

    other = Plan.objects.create(borough=borough, slug="other", title="Another plan")
    p = Priority.objects.create(plan=other, title="Other priority")
    Action.objects.create(plan=other, priority=p, reference="X-1", description="Elsewhere")
    assert _refs(client, plan=other.pk) == {"X-1"}
    assert _refs(client, plan=plan.pk) == ALL


def test_filtering_by_priority(client, actions):
    assert _refs(client, priority=actions["unrated"].priority_id) == {"U-1"}


def test_filtering_by_status_including_not_rated(client, actions):
    assert _refs(client, status="red") == {"R-1"}
    assert _refs(client, status=["not_rated", "green"]) == {"U-1", "G-1"}


def test_filtering_by_owner(client, actions, owner):
    assert _refs(client, owner=owner.pk) == {"R-1"}


def test_filtering_by_lead_agency(client, actions):
    assert _refs(client, lead_agency="education") == {"B-1"}


def test_filtering_overdue_leaves_out_completed_actions(client, actions):
    assert _refs(client, overdue="on") == {"R-1"}


def test_filtering_due_this_quarter(client, actions):
    assert _refs(client, due_this_quarter="on") == {"U-1"}


def test_filtering_by_tag(client, actions):
    tag = Tag.objects.get(name="KLOE 2")
    assert _refs(client, tag=tag.pk) == {"U-1"}


def test_free_text_searches_reference_description_and_narrative(client, actions):
    assert _refs(client, q="sencos") == {"A-1"}
    assert _refs(client, q="b-1") == {"B-1"}
    assert _refs(client, q="transport review") == {"U-1"}


def test_only_my_actions_means_owned_by_me_or_kept_up_to_date_by_me(actions, viewer, editor):
    assert _refs(client_for(viewer), mine="on") == {"A-1"}
    assert _refs(client_for(editor), mine="on") == {"G-1"}


def test_not_rated_this_period_leaves_out_completed_and_recently_rated(client, actions):
    assert _refs(client, not_updated="on") == {"U-1", "G-1"}


def test_sorting_by_due_date_puts_undated_actions_last(client, actions):
    response = client.get(reverse("action_list"), {"sort": "due_date"})
    refs = [a.reference for a in response.context["actions"]]
    assert refs[-1] == "A-1"
    assert refs.index("U-1") < refs.index("G-1")
    body = response.content.decode()
    assert (
        'aria-sort="ascending"><a class="govuk-link govuk-link--no-visited-state" href="?borough='
        in body
    )
    assert "sort=-due_date" in body


def test_sorting_by_status_runs_red_amber_green_blue_not_rated_and_back(client, actions):
    ordered = client.get(reverse("action_list"), {"sort": "status"}).context["actions"]
    assert [a.reference for a in ordered] == ["R-1", "A-1", "G-1", "B-1", "U-1"]
    reverse_ordered = client.get(reverse("action_list"), {"sort": "-status"}).context["actions"]
    assert [a.reference for a in reverse_ordered] == ["U-1", "B-1", "G-1", "A-1", "R-1"]


def test_sorting_by_reference_marks_the_column_for_screen_readers(client, actions):
    response = client.get(reverse("action_list"), {"sort": "-reference"})
    assert [a.reference for a in response.context["actions"]] == [
        "U-1",
        "R-1",
        "G-1",
        "B-1",
        "A-1",
    ]
    assert response.content.decode().count('aria-sort="descending"') == 1


def test_pagination_shows_fifty_and_keeps_the_filter_and_sort(client, plan, priority):
    Action.objects.bulk_create(
        Action(plan=plan, priority=priority, reference=f"P{i:03d}", description="x", status="red")
        for i in range(120)
    )
    Action.objects.create(plan=plan, priority=priority, reference="Z", description="x")
    response = client.get(reverse("action_list"), {"status": "red", "sort": "reference"})
    assert len(response.context["actions"]) == 50
    body = response.content.decode()
    assert "?borough=" in body and "status=red&amp;sort=reference&amp;page=2" in body
    page3 = client.get(reverse("action_list"), {"status": "red", "sort": "reference", "page": 3})
    assert [a.reference for a in page3.context["actions"]][-1] == "P119"
    assert len(page3.context["actions"]) == 20


def test_the_csv_link_carries_the_current_filters(client, actions, borough):
    response = client.get(reverse("action_list"), {"status": "red", "q": "nurses"})
    match = re.search(r'href="(/actions/export\.csv\?[^"]*)"', response.content.decode())
    link = urlsplit(html.unescape(match.group(1)))
    assert parse_qs(link.query) == {
        "q": ["nurses"],
        "borough": [str(borough.pk)],
        "status": ["red"],
    }
    assert [r[4] for r in _csv(client.get(f"{link.path}?{link.query}"))[1:]] == ["R-1"]


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_has_the_same_filters_as_the_list(client, actions, their_action):
    rows = _csv(client.get(reverse("action_export_csv"), {"status": ["red", "amber"]}))
    assert rows[0][:6] == ["Borough", "Plan", "Priority", "Objective", "Reference", "Description"]
    assert sorted(r[4] for r in rows[1:]) == ["A-1", "R-1"]


def test_the_csv_is_scoped_to_the_users_boroughs(actions, their_action, outsider):
    rows = _csv(client_for(outsider).get(reverse("action_export_csv"), {"borough": "all"}))
    assert [r[4] for r in rows[1:]] == ["HK-1"]


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(client, actions):
    actions["red"].description = '=HYPERLINK("http://evil.example","click")'
    actions["red"].status_narrative = "+1 more nurse"
    actions["red"].save()
    rows = _csv(client.get(reverse("action_export_csv"), {"status": "red"}))
    (row,) = rows[1:]
    assert row[5] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[14] == "'+1 more nurse"
    assert row[7] == "Corina Christos, Designated Nurse"
