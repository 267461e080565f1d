"""What the home, plan and action pages show, including the audited timeline."""

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from actions.models import Action, MeasureValue, Objective, StatusUpdate, SuccessMeasure, Tag
from actions.services import action_update, action_update_status
from boroughs.models import Person, PersonKind
from governance.models import Board, InspectionFinding, Meeting, Risk
from sendplan.periods import ReportingPeriod
from tests.pages.conftest import client_for

TODAY = timezone.localdate()


def _text(response):
    """The page's text without tags or runs of whitespace, for reading like a person."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body)


def test_home_shows_plans_with_ragb_counts_my_actions_due_updates_and_overdue(
    plan, priority, action, editor, borough
):
    me = Person.objects.create(borough=borough, name="Erin Editor", user=editor)
    mine = Action.objects.create(
        plan=plan,
        priority=priority,
        reference="M-1",
        description="Mine",
        status="green",
        status_date=TODAY,
    )
    mine.owners.add(me)
    Action.objects.create(
        plan=plan,
        priority=priority,
        reference="D-1",
        description="Done",
        status="blue",
        status_date=TODAY,
        completed_on=TODAY,
        due_date=TODAY - dt.timedelta(days=400),
    )
    board = Board.objects.create(borough=borough, slug="sendpb", name="SEND Partnership Board")
    Meeting.objects.create(board=board, date=TODAY - dt.timedelta(days=5))
    Meeting.objects.create(board=board, date=TODAY + dt.timedelta(days=20))

    response = client_for(editor).get(reverse("home"))
    text = _text(response)
    assert "<title>Home: Hammersmith &amp; Fulham – sendplan</title>" in response.content.decode()
    assert "SEND inspection action plan" in text
    # One of each: 1-H1 not rated, M-1 green, D-1 blue.
    assert "Red 0 Amber 0 Green 1 Blue 1 Not rated 1" in text
    assert [a.reference for a in response.context["my_actions"]["items"]] == ["M-1"]
    # Rated today, so only the never-rated action needs an update this period.
    assert [a.reference for a in response.context["due_actions"]["items"]] == ["1-H1"]
    period = ReportingPeriod.containing(TODAY)
    assert f"Open actions not rated since {period.label} began" in text
    next_date = TODAY + dt.timedelta(days=20)
    assert f"SEND Partnership Board on {next_date:%-d %B %Y}" in text
    # Overdue: 1-H1 was due in 2019; D-1 is completed, so it is not overdue.
    assert [a.reference for a in response.context["overdue_actions"]["items"]] == ["1-H1"]


def test_the_plan_page_groups_actions_under_the_plans_own_labels(viewer, plan, priority, action):
    plan.priority_label, plan.objective_label = "Ambition", "Theme"
    plan.save()
    theme = Objective.objects.create(priority=priority, number="1.1", title="Health checks")
    Action.objects.create(
        plan=plan,
        priority=priority,
        objective=theme,
        reference="1.1a",
        description="Audit health checks",
        status="amber",
        status_date=TODAY,
    )
    response = client_for(viewer).get(reverse("plan_detail", args=[plan.pk]))
    body = response.content.decode()
    text = _text(response)
    assert body.count("<h1") == 1
    assert "Ambition 1: Areas for development" in text
    assert "Theme 1.1: Health checks" in text
    assert "Red 0, Amber 1, Green 0, Blue 0, Not rated 1" in text
    assert 'class="govuk-accordion"' in body
    assert text.index("1-H1") < text.index("Theme 1.1") < text.index("1.1a")
    assert "Corina Christos" in text


def test_the_action_page_shows_every_field_and_its_links(
    viewer, plan, priority, action, borough, owner
):
    action.status_narrative = "Backlog halved"
    action.next_steps = "Recruit two nurses"
    action.save()
    measure = SuccessMeasure.objects.create(
        plan=plan, priority=priority, description="Assessments within 20 days", unit="%"
    )
    risk = Risk.objects.create(borough=borough, risk_id="R12", description="Nurse vacancies")
    risk.actions.add(action)
    finding = InspectionFinding.objects.create(
        borough=borough, inspection="Local area SEND inspection", text="Health assessments late"
    )
    finding.actions.add(action)
    text = _text(client_for(viewer).get(reverse("action_detail", args=[action.pk])))
    for expected in [
        "Action 1-H1",
        "Clear the backlog of initial health assessments.",
        "Priority 1. Areas for development",
        "Lead agency Health",
        "Corina Christos, Designated Nurse",
        "Timescale Q2",
        "30 Sep 2019 Overdue",
        "Not rated",
        "Backlog halved",
        "Recruit two nurses",
        measure.description,
        "R12 : Nurse vacancies",
        "Health assessments late",
    ]:
        assert expected in text, expected


def test_the_action_page_lists_owners_and_tags_by_name_and_each_measures_latest_figure(
    viewer, plan, priority, action, borough, owner
):
    team = Person.objects.create(borough=borough, name="Autism team", kind=PersonKind.ROLE)
    action.owners.add(team)
    action.tags.add(Tag.objects.create(borough=borough, name="Health"))
    action.tags.add(Tag.objects.create(borough=borough, name="Early years"))
    Tag.objects.create(borough=borough, name="Not on this action")
    measure = SuccessMeasure.objects.create(
        plan=plan, priority=priority, description="Assessments within 20 days", unit="%"
    )
    for day, value in [(dt.date(2025, 6, 30), 41), (dt.date(2025, 12, 31), 67)]:
        MeasureValue.objects.create(measure=measure, date=day, value=value)
    text = _text(client_for(viewer).get(reverse("action_detail", args=[action.pk])))
    assert "Autism team (role or team) Corina Christos, Designated Nurse" in text
    assert "Tags Early years Health" in text
    assert "Not on this action" not in text
    assert "latest 67% on 31 December 2025" in text
    assert "41%" not in text


def test_the_timeline_says_who_changed_the_status_from_what_to_what_and_when(
    viewer, editor, action
):
    action_update_status(action=action, user=editor, status="amber", narrative="Slipping")
    action_update_status(action=action, user=editor, status="red", narrative="Nurses left")
    response = client_for(viewer).get(reverse("action_detail", args=[action.pk]))
    entries = response.context["timeline"]
    latest = entries[0]
    assert latest.title == "Status update: Red"
    assert latest.who == "Erin"
    assert [(c.label, c.old, c.new) for c in latest.changes] == [("Status", "Amber", "Red")]
    assert latest.narrative == "Nurses left"
    when = timezone.localtime(latest.when)
    assert when.date() == TODAY
    text = _text(response)
    assert "Status update: Red by Erin" in text
    assert "Status changed from “Amber” to “Red”" in text
    assert f"{when:%-d %B %Y} at" in text


def test_the_timeline_records_edits_to_fields_and_owners(viewer, editor, action, borough):
    deputy = Person.objects.create(borough=borough, name="Dee Deputy")
    action_update(action=action, user=editor, due_date=dt.date(2019, 12, 31), owners=[deputy])
    entries = client_for(viewer).get(reverse("action_detail", args=[action.pk])).context["timeline"]
    changes = {(c.label, c.old, c.new) for e in entries for c in e.changes}
    assert ("Due date", "30 September 2019", "31 December 2019") in changes
    assert ("Owners", "Corina Christos", "Dee Deputy") in changes
    edited = next(
        e
        for e in entries
        if ("Due date", "30 September 2019", "31 December 2019")
        in {(c.label, c.old, c.new) for c in e.changes}
    )
    assert edited.who == "Erin"
    assert edited.title == "Edited action"


def test_illustrative_updates_say_so(viewer, action):
    StatusUpdate.objects.create(
        action=action,
        date=dt.date(2019, 7, 1),
        status="green",
        narrative="Demo",
        is_illustrative=True,
    )
    response = client_for(viewer).get(reverse("action_detail", args=[action.pk]))
    text = _text(response)
    assert "Status update: Green Illustrative" in text
    assert "1 July 2019" in text


def test_every_read_page_has_one_h1_and_a_unique_title(viewer, plan, action):
    titles = set()
    urls = [
        reverse("home"),
        reverse("plan_detail", args=[plan.pk]),
        reverse("action_list"),
        reverse("action_detail", args=[action.pk]),
        reverse("switch_borough"),
        reverse("accessibility"),
    ]
    client = client_for(viewer)
    for url in urls:
        body = client.get(url).content.decode()
        assert body.count("<h1") == 1, url
        titles.add(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
        levels = [int(n) for n in re.findall(r"<h([1-6])", body)]
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), url
    assert len(titles) == len(urls)
