"""Each seed plan loads with the shape its source document has.

Expected numbers were counted from the source texts in /work/shared/seeds (and the
judgement calls written at the top of each YAML file), not from the YAML.
"""

import datetime as dt
from decimal import Decimal

import pytest

from actions.models import Action, Objective, Plan
from boroughs.models import Organisation, Person
from governance.models import Board, InspectionFinding


def shape(borough_slug, plan_slug):
    plan = Plan.objects.get(borough__slug=borough_slug, slug=plan_slug)
    return {
        "priorities": plan.priorities.count(),
        "objectives": Objective.objects.filter(priority__plan=plan).count(),
        "actions": plan.actions.count(),
        "measures": plan.measures.count(),
        "owners": Person.objects.filter(actions__plan=plan).distinct().count(),
        "boards": Board.objects.filter(borough=plan.borough).count(),
        "findings": InspectionFinding.objects.filter(borough=plan.borough).count(),
    }


def action(plan_slug, reference):
    return Action.objects.get(plan__slug=plan_slug, reference=reference)


def owner_names(a):
    return {p.name for p in a.owners.all()}


def test_hammersmith_fulham_2019_inspection_plan_has_23_issues_and_29_actions(seeded):
    # 20 numbered table rows plus unnumbered issue rows 4a, 4b and 14a; rows 1 (three
    # actions), 4b, 9, 12 and 14 (two each) add six actions to one per issue.
    assert shape("hammersmith-fulham", "send-inspection-2019") == {
        "priorities": 1,
        "objectives": 23,
        "actions": 29,
        "measures": 0,
        "owners": 40,
        "boards": 2,  # the document names none; both come from the 2023 strategy
        "findings": 23,
    }
    first = action("send-inspection-2019", "1-H1")
    assert {"Corina Christos", "Robert Holman", "Looked After Children team"} == owner_names(first)
    assert first.timescale == "26/4/19 (CQG)"
    assert first.due_date == dt.date(2019, 4, 26)
    assert first.lead_agency == "health"
    assert {t.name for t in first.tags.all()} >= {"KLOE 1", "KLOE 2"}
    assert action("send-inspection-2019", "1-LA1").lead_agency == "local_authority"
    assert action("send-inspection-2019", "3-H1").due_date == dt.date(2019, 9, 30)  # "Q2"
    assert action("send-inspection-2019", "9-H2").due_date == dt.date(2019, 6, 30)  # "End Q1"
    # "Timescale dependent on commissioning model ..." is conditional: no due date.
    assert action("send-inspection-2019", "1-H2").due_date is None
    assert action("send-inspection-2019", "4a-H1").objective.number == ""
    assert action("send-inspection-2019", "20-H1").description.startswith(
        "A strategy to reduce fixed term exclusions"
    )
    finding = InspectionFinding.objects.get(text__startswith="Children who are looked after")
    assert finding.kloe == "1 & 2"
    assert sorted(a.reference for a in finding.actions.all()) == ["1-H1", "1-H2", "1-LA1"]
    clch = Person.objects.get(borough__slug="hammersmith-fulham", name="CLCH")
    assert clch.organisation.name == "Central London Community Healthcare NHS Trust"


def test_hammersmith_fulham_2023_strategy_has_three_priorities_and_no_named_owners(seeded):
    assert shape("hammersmith-fulham", "send-strategy-2023") == {
        "priorities": 3,
        "objectives": 0,
        "actions": 20,  # 6 + 6 + 8 "What we plan to do" bullets
        "measures": 17,  # 6 + 6 + 5 "How will we know" bullets
        "owners": 0,
        "boards": 2,
        "findings": 23,  # the borough's, from the 2019 inspection
    }
    assert (
        action("send-strategy-2023", "2.3").description
        == "Develop and implement an Inclusion Charter."
    )
    board = Board.objects.get(slug="childrens-education-health-social-care-partnership-board")
    assert board.chair.startswith("Strategic Director for Children's Services")


def test_the_2019_and_2023_plans_share_one_clch(seeded):
    # Both H&F files name the trust; it is one organisation, not two.
    assert (
        Organisation.objects.filter(
            borough__slug="hammersmith-fulham",
            name="Central London Community Healthcare NHS Trust",
        ).count()
        == 1
    )
    assert Organisation.objects.filter(borough__slug="hammersmith-fulham").count() == 13


def test_hackney_action_plan_has_ten_workstreams_plus_one_and_48_objectives(seeded):
    assert shape("hackney", "send-action-plan-2022") == {
        "priorities": 11,
        "objectives": 48,  # 3+5+13+4+5+3+5+2+5+1+2, one action each
        "actions": 48,
        "measures": 56,
        "owners": 14,  # workstream leads; the two board leads own no workstream
        "boards": 3,
        "findings": 16,
    }
    plan = Plan.objects.get(slug="send-action-plan-2022")
    assert plan.status == "draft"
    assert plan.priority_label == "Workstream"
    assert action("send-action-plan-2022", "3.3b").objective.number == "3b"
    assert owner_names(action("send-action-plan-2022", "3.1")) == {
        "Strategic Lead of Children and Young People - NHS"
    }
    measure = plan.measures.get(baseline__isnull=False)
    assert (measure.baseline, measure.target, measure.unit) == (Decimal(55), Decimal(75), "%")
    assert measure.target_date == dt.date(2022, 12, 31)
    smt = Board.objects.get(borough__slug="hackney", slug="send-senior-management-team")
    assert smt.reports_to.slug == "send-partnership-board"
    unlinked = InspectionFinding.objects.get(text__startswith="The partnership board does not")
    assert unlinked.actions.count() == 0


def test_hampshire_strategy_has_six_priorities_and_a_reporting_line(seeded):
    assert shape("hampshire", "sen-strategy-2020") == {
        "priorities": 6,
        "objectives": 0,
        "actions": 24,  # 5 + 3 + 6 + 4 + 5 + 1 bullets
        "measures": 0,
        "owners": 0,
        "boards": 2,
        "findings": 0,
    }
    group = Board.objects.get(borough__slug="hampshire", slug="lead-officers-group")
    assert group.reports_to.name == "SEND Board"
    assert action("sen-strategy-2020", "4.4").description.endswith("- Health.")
    assert (
        action("sen-strategy-2020", "6.1").priority.title == "Integrated working between agencies"
    )


def test_hillingdon_ambitions_have_25_themes_69_actions_and_36_measures(seeded):
    assert shape("hillingdon", "send-strategy") == {
        "priorities": 5,
        "objectives": 25,
        "actions": 69,
        "measures": 36,  # 9 + 9 + 8 + 10; ambition 5 has no success section
        "owners": 0,
        "boards": 1,
        "findings": 0,
    }
    plan = Plan.objects.get(slug="send-strategy", borough__slug="hillingdon")
    assert (plan.period_start, plan.period_end, plan.priority_label) == (None, None, "Ambition")
    assert action("send-strategy", "1.3.4").description == "Develop an Early Years Assessment Base"
    # Ambition 5's final list has no theme: its actions hang straight off the ambition.
    assert action("send-strategy", "5.1").objective is None


@pytest.mark.parametrize("slug", ["send-inspection-2019", "send-action-plan-2022"])
def test_actions_are_numbered_through_the_plan_in_document_order(seeded, slug):
    positions = list(
        Action.objects.filter(plan__slug=slug)
        .order_by("priority__position", "position")
        .values_list("position", flat=True)
    )
    assert positions == list(range(1, len(positions) + 1))
