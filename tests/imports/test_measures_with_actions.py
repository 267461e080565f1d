"""Success measures stay with the action they were written against (issue 19).

Every objective, action, owner and measure here is TEST DATA invented for these tests.
"""

import datetime as dt

from django.urls import reverse

from actions.models import Action, Objective, SuccessMeasure
from actions.spreadsheets.services import import_plan
from reports.content import build_pack_content
from sendplan.periods import ReportingPeriod
from tests.imports.conftest import run, xlsx_bytes
from tests.imports.test_real_layouts import assert_reimport_changes_nothing

HEADER = ["Ref", "Objective", "Action", "Who", "Success measures"]
ROWS = [
    ["", "TEST DATA: families know the offer", "", "", "TEST DATA: the objective's measure"],
    ["1", "", "TEST DATA: action one", "Testa Exampleton", "TEST DATA: one A\nTEST DATA: one B"],
    ["2", "", "TEST DATA: action two", "Testa Exampleton", "TEST DATA: two A"],
]


def measures(plan):
    rows = SuccessMeasure.objects.filter(plan=plan).select_related("action", "objective")
    return {m.description: (m.action.reference if m.action else None, m.objective) for m in rows}


def test_measures_on_an_actions_row_are_that_actions_and_an_objectives_row_keeps_its_own(plan):
    data = xlsx_bytes(HEADER, ROWS)
    run(data, plan)

    objective = Objective.objects.get(priority__plan=plan)
    assert measures(plan) == {
        "TEST DATA: the objective's measure": (None, objective),
        "TEST DATA: one A": ("1", objective),
        "TEST DATA: one B": ("1", objective),
        "TEST DATA: two A": ("2", objective),
    }
    assert_reimport_changes_nothing(data, plan)


def test_a_plan_imported_with_its_measures_on_the_objective_keeps_them_there(plan):
    data = xlsx_bytes(HEADER, ROWS)
    run(data, plan)
    # As a plan imported before measures went with their actions holds them.
    SuccessMeasure.objects.filter(plan=plan).update(action=None)

    assert_reimport_changes_nothing(data, plan)
    assert set(SuccessMeasure.objects.filter(plan=plan).values_list("action", flat=True)) == {None}


def test_the_action_page_shows_its_own_measures_and_the_pack_still_lists_them(
    client, borough, viewer
):
    _, plan = import_plan(
        data=xlsx_bytes(HEADER, ROWS),
        filename="plan.xlsx",
        borough=borough,
        new_plan_title="TEST DATA: plan",
        reported_as_at=dt.date(2025, 12, 31),
    )
    one = Action.objects.get(plan=plan, reference="1")

    client.force_login(viewer)
    page = client.get(reverse("action_detail", args=[one.pk])).content.decode()
    own, _, rest = page.partition("measures for this action</h2>")[2].partition("Linked risks")
    assert "TEST DATA: one A" in own and "TEST DATA: one B" in own
    assert "TEST DATA: the objective&#x27;s measure" in own.split("</ul>", 1)[1]
    assert "TEST DATA: two A" not in page

    content = build_pack_content(borough=borough, period=ReportingPeriod(2025, 3))
    listed = str(content["measures"])
    for description in measures(plan):
        assert description.replace("'", "") in listed.replace("\\'", "").replace("'", "")
