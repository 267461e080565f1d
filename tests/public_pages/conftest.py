"""A borough whose plan is published, seeded with everything that must never reach the
public: an open round's updates (pending, returned with a private note, approved while
the round is open), a risk, a board decision, key messages, next steps, unanswered and
unpublished comments, and an unpublished plan. Each secret is a marked word the tests
look for. All of it is test data."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from actions.models import Action, Plan, Priority, StatusUpdate
from actions.rounds_services import update_approve, update_return
from actions.services import action_update_status
from boroughs.models import Membership, Role
from governance.models import Board, KeyMessages, Risk
from governance.round_services import borough_review_set, round_finalise, round_open
from reports.public import services
from sendplan.periods import ReportingPeriod
from tests.packs.conftest import at, backdate_all_history, rate

Q1, Q2, Q3 = ReportingPeriod(2025, 1), ReportingPeriod(2025, 2), ReportingPeriod(2025, 3)
SECRETS = [
    "PENDING-SECRET",
    "RETURNED-SECRET",
    "PRIVATE-NOTE-SECRET",
    "APPROVED-IN-OPEN-ROUND-SECRET",
    "RISK-SECRET",
    "DECISION-SECRET",
    "KEY-MESSAGE-SECRET",
    "NEXT-STEPS-SECRET",
    "UNPUBLISHED-PLAN-SECRET",
    "UNPUBLISHED-ACTION-SECRET",
    "COMMENT-SECRET",
    "ANSWERED-UNPUBLISHED-SECRET",
    "LATE-Q2-SECRET",
]


@pytest.fixture
def partner(django_user_model, borough):
    user = django_user_model.objects.create_user(
        username="partner", password="correct horse battery staple", first_name="Pat"
    )
    Membership.objects.create(user=user, borough=borough, role=Role.PARTNER)
    return user


@pytest.fixture
def other_partner(django_user_model, other_borough):
    user = django_user_model.objects.create_user(
        username="otherpartner", password="correct horse battery staple"
    )
    Membership.objects.create(user=user, borough=other_borough, role=Role.PARTNER)
    return user


def _actions(plan, priorities, refs, owner):
    made = {}
    for index, (ref, prio) in enumerate(refs):
        action = Action.objects.create(
            plan=plan,
            priority=priorities[prio],
            reference=ref,
            description=f"Test data: action {ref} improves the local offer.",
            due_date=dt.date(2026, 3, 31),
            position=index,
        )
        action.owners.set([owner])
        made[ref] = action
    return made


def _open_round_updates(client, editor, borough_admin, reporting_round, actions):
    """Q3, review on: 1.1 waiting, 1.2 returned with a note, 2.1 approved (round open)."""
    client.force_login(editor)
    url = reverse("round_update", args=[reporting_round.pk])
    for ref, status, text in [
        ("1.1", "red", "PENDING-SECRET"),
        ("1.2", "amber", "RETURNED-SECRET"),
        ("2.1", "green", "APPROVED-IN-OPEN-ROUND-SECRET"),
    ]:
        action = Action.objects.get(pk=actions[ref].pk)
        client.post(
            f"{url}?action={action.pk}",
            {"version": action.version, "status": status, "narrative": text},
        )
    updates = {u.narrative: u for u in StatusUpdate.objects.filter(date=Q3.end)}
    update_return(
        update=updates["RETURNED-SECRET"], user=borough_admin, comment="PRIVATE-NOTE-SECRET"
    )
    update_approve(update=updates["APPROVED-IN-OPEN-ROUND-SECRET"], user=borough_admin)
    client.logout()


@pytest.fixture
def public_world(plan, priority, owner, borough, editor, borough_admin, partner):
    """The world built for one test (the browser journeys use this; the tests under
    tests/public_pages/world/ share one per module, rolled back after each test)."""
    return build_public_world(
        plan=plan,
        priority=priority,
        owner=owner,
        borough=borough,
        editor=editor,
        borough_admin=borough_admin,
        partner=partner,
    )


def build_public_world(*, plan, priority, owner, borough, editor, borough_admin, partner):
    priority.lead = editor
    priority.save()
    second = Priority.objects.create(
        plan=plan, number="2", title="Getting ready for adult life", position=1
    )
    actions = _actions(plan, [priority, second], [("1.1", 0), ("1.2", 0), ("2.1", 1)], owner)
    hidden = Plan.objects.create(borough=borough, slug="hidden", title="UNPUBLISHED-PLAN-SECRET")
    hidden_priority = Priority.objects.create(plan=hidden, number="1", title="Hidden")
    hidden_actions = _actions(hidden, [hidden_priority], [("9.1", 0)], owner)
    Action.objects.filter(pk=hidden_actions["9.1"].pk).update(
        description="UNPUBLISHED-ACTION-SECRET"
    )
    backdate_all_history(at(2025, 4, 1))
    # Q1 and Q2 as agreed: Q2's round is final on 25 October 2025.
    rate(actions["1.1"], editor, at(2025, 6, 30), "amber", "Test data: Q1 narrative.")
    rate(actions["1.2"], editor, at(2025, 6, 30), "green")
    rate(actions["1.1"], editor, at(2025, 9, 30), "green", "Test data: FINAL-Q2 nurses hired.")
    decided = rate(
        actions["1.2"],
        editor,
        at(2025, 9, 30),
        "red",
        "Test data: FINAL-Q2 posts vacant.",
        next_steps="NEXT-STEPS-SECRET",
    )
    StatusUpdate.objects.filter(pk=decided.pk).update(
        needs_board_decision=True, board_decision="DECISION-SECRET"
    )
    rate(hidden_actions["9.1"], editor, at(2025, 9, 30), "amber", "UNPUBLISHED-PLAN-SECRET")
    q2 = round_open(borough=borough, period=Q2, user=borough_admin, opened_at=at(2025, 10, 1))
    q2 = round_finalise(reporting_round=q2, user=borough_admin, at=at(2025, 10, 25))
    # Everything after the close: a Q2 update recorded late, then review on and Q3's
    # round open with work in hand.
    action_update_status(
        action=Action.objects.get(pk=actions["2.1"].pk),
        user=editor,
        status="red",
        narrative="LATE-Q2-SECRET",
        date=Q2.end,
        recorded_at=at(2025, 11, 1),
    )
    borough_review_set(borough=borough, user=borough_admin, updates_need_review=True)
    q3 = round_open(borough=borough, period=Q3, user=borough_admin)
    _open_round_updates(Client(), editor, borough_admin, q3, actions)
    risk = Risk.objects.create(borough=borough, risk_id="R1", description="RISK-SECRET")
    risk.actions.add(actions["1.1"])
    board = Board.objects.create(borough=borough, slug="board", name="SEND board")
    KeyMessages.objects.create(
        board=board, period_year=2025, period_quarter=2, text="KEY-MESSAGE-SECRET"
    )
    services.comment_add(plan=plan, user=partner, text="COMMENT-SECRET", action=actions["1.1"])
    answered = services.comment_add(
        plan=plan,
        user=partner,
        text="Test data: ANSWERED-UNPUBLISHED-SECRET",
        action=actions["1.2"],
    )
    services.comment_reply(comment=answered, user=editor, reply="Test data: noted.", publish=False)
    services.publication_set(plan=plan, user=borough_admin, published=True)
    return {"plan": plan, "hidden": hidden, "actions": actions, "q2": q2, "q3": q3}


def public_url(plan, name="public_plan"):
    return reverse(name, args=[plan.borough.slug, plan.slug])
