"""A borough with a story across quarters, in the shape the seed plans take.

Everything is back-dated in the audited history, as if officers had worked through
2025: created in April, rated in June (2025/26 Q1) and August (Q2), and changed again
in January 2026, after the Q2 pack's period ended.
"""

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest

from actions.models import (
    Action,
    MeasureValue,
    Milestone,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
from actions.services import action_update_status
from boroughs.models import Person
from governance.models import Board, Meeting, Risk
from sendplan.periods import ReportingPeriod

LONDON = ZoneInfo("Europe/London")
Q1 = ReportingPeriod(2025, 1)
Q2 = ReportingPeriod(2025, 2)

SECTION_HEADINGS = [
    "Board pack:",
    "Summary",
    "Movement since the previous quarter",
    "Exceptions: Red and Amber actions",
    "Overdue actions",
    "Actions completed this quarter",
    "Milestones due next quarter",
    "Success measures",
    "Risk register",
    "Appendix: all actions by priority",
]


def at(y, m, d, hh=12):
    return dt.datetime(y, m, d, hh, tzinfo=LONDON)


def rate(action, user, when, status, narrative="", **extra):
    """Rate through the real service, with the history row dated `when`."""
    action = Action.objects.get(pk=action.pk)
    return action_update_status(
        action=action,
        user=user,
        status=status,
        narrative=narrative,
        date=when.date(),
        recorded_at=when,
        **extra,
    )


def backdate_all_history(when):
    """Move every history row written so far to `when`: the world as set up in April."""
    for model in (Plan, Priority, Action, Person, Milestone, SuccessMeasure, MeasureValue, Risk):
        model.history.model.objects.update(history_date=when)
    StatusUpdate.history.model.objects.update(history_date=when)


@pytest.fixture
def pack_world(borough, editor):
    plan = Plan.objects.create(
        borough=borough,
        slug="send-strategy-2023-2028",
        title="SEND Strategy 2023-2028",
        kind=Plan.Kind.STRATEGY,
        priority_label="Priority",
    )
    p1 = Priority.objects.create(plan=plan, number="1", title="Early identification", position=1)
    p2 = Priority.objects.create(plan=plan, number="2", title="Preparing for adulthood", position=2)
    nurse = Person.objects.create(borough=borough, name="Corina Christos", job_title="Nurse")
    lead = Person.objects.create(borough=borough, name="Robert Holman", job_title="Head of SEN")

    def make(ref, priority, due=None, owners=(nurse,)):
        action = Action.objects.create(
            plan=plan,
            priority=priority,
            reference=ref,
            description=f"Action {ref}: improve the local offer for families.",
            due_date=due,
            position=int(ref.split(".")[1]),
        )
        action.owners.set(owners)
        return action

    a = {
        "1.1": make("1.1", p1, dt.date(2025, 9, 30)),
        "1.2": make("1.2", p1, dt.date(2025, 7, 31), owners=(lead,)),
        "1.3": make("1.3", p1, dt.date(2026, 3, 31)),
        "2.1": make("2.1", p2, dt.date(2026, 3, 31), owners=(nurse, lead)),
        "2.2": make("2.2", p2),
        "2.3": make("2.3", p2, dt.date(2025, 12, 31)),
    }
    Milestone.objects.create(
        action=a["2.3"], title="Pilot in two schools", due_date=dt.date(2025, 11, 15)
    )
    Milestone.objects.create(action=a["2.1"], title="Tender awarded", due_date=dt.date(2026, 2, 1))
    measure = SuccessMeasure.objects.create(
        plan=plan,
        priority=p1,
        description="EHC plans issued within 20 weeks",
        unit="%",
        baseline=40,
        target=60,
        direction="up",
    )
    for day, value in [((2025, 3, 31), 41), ((2025, 6, 30), 47), ((2025, 9, 30), 52.5)]:
        MeasureValue.objects.create(measure=measure, date=dt.date(*day), value=value)
    r1 = Risk.objects.create(
        borough=borough,
        risk_id="R1",
        description="Workforce gaps",
        likelihood=4,
        impact=5,
        owner=lead,
    )
    r1.actions.add(a["1.2"])
    r2 = Risk.objects.create(
        borough=borough, risk_id="R2", description="Rising demand", likelihood=2, impact=3
    )
    r2.actions.add(a["1.3"])
    board = Board.objects.create(
        borough=borough,
        slug="send-partnership-board",
        name="SEND Partnership Board",
        chair="Director of Children's Services",
    )
    Meeting.objects.create(board=board, date=dt.date(2025, 10, 15))
    backdate_all_history(at(2025, 4, 1))

    # 2025/26 Q1
    rate(a["1.1"], editor, at(2025, 6, 15), "green")
    rate(a["1.2"], editor, at(2025, 6, 15), "amber", "Recruitment under way.")
    rate(a["1.3"], editor, at(2025, 6, 15), "red", "No provider yet.")
    rate(a["2.1"], editor, at(2025, 6, 15), "green")
    rate(a["2.3"], editor, at(2025, 6, 15), "amber", "Schools being approached.")
    # 2025/26 Q2: 1.1 completed, 1.2 worse, 1.3 better, 2.1 same, 2.2 first rated.
    rate(a["1.1"], editor, at(2025, 8, 20), "blue", "Done.", completed_on=dt.date(2025, 8, 15))
    rate(
        a["1.2"],
        editor,
        at(2025, 8, 20),
        "red",
        "Two posts still vacant.",
        next_steps="Agency cover.",
    )
    rate(a["1.3"], editor, at(2025, 8, 20), "amber", "Provider shortlisted.")
    rate(a["2.2"], editor, at(2025, 8, 20), "green", "Started.")
    update = rate(a["2.3"], editor, at(2025, 8, 21), "amber", "Illustrative: two schools keen.")
    StatusUpdate.objects.filter(pk=update.pk).update(is_illustrative=True)
    # Created in Q2 and rated straight away: new this quarter.
    a["2.4"] = make("2.4", p2, dt.date(2026, 6, 30))
    Action.history.filter(id=a["2.4"].pk).update(history_date=at(2025, 8, 1))
    rate(a["2.4"], editor, at(2025, 8, 22), "green")
    # 2025/26 Q3, after the Q2 pack's end: none of this may show in the Q2 pack.
    rate(a["1.2"], editor, at(2026, 1, 10), "green", "Posts filled.")
    MeasureValue.objects.create(measure=measure, date=dt.date(2025, 12, 31), value=58)
    MeasureValue.history.filter(date=dt.date(2025, 12, 31)).update(history_date=at(2026, 1, 5))
    return {"plan": plan, "actions": a, "board": board, "measure": measure, "priorities": (p1, p2)}


def pdf_text(pdf_bytes, tmp_path):
    """The PDF's text as poppler's pdftotext reads it: what a reader's software sees."""
    source = tmp_path / "pack.pdf"
    source.write_bytes(pdf_bytes)
    result = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout
