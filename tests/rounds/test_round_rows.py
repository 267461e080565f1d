"""The open round's progress rows that home and the dashboard count (governance/round_rows.py,
SQL compiled once a process) are round_progress's own: the same actions in the same
order, each in the same state, for every state an update can be in."""

import datetime as dt

import pytest

from actions.models import Action
from actions.rounds_services import update_return
from governance.round_rows import round_progress_light
from governance.round_selectors import round_actions, round_progress

LATE = dt.date(2025, 11, 1)  # after the round's update deadline


def _plain(rows):
    return [
        (r["action"].pk, r["action"].reference, r["state"], r["late"], r["action"].priority.pk)
        for r in rows
    ]


def _reference(reporting_round, today):
    actions = round_actions(reporting_round, light=True)
    return round_progress(reporting_round, actions, today=today, light=True)


@pytest.mark.django_db
def test_the_rows_match_round_progress_before_any_update(round_world):
    reporting_round = round_world["round"]

    got = round_progress_light(reporting_round, today=LATE)

    assert _plain(got) == _plain(_reference(reporting_round, LATE))
    assert {r["state"] for r in got} == {"not_started"}
    assert all(r["late"] for r in got)


@pytest.mark.django_db
def test_the_rows_match_round_progress_waiting_returned_and_done(
    reviewed, round_world, borough_admin, borough
):
    update_return(update=reviewed["1.1"], user=borough_admin, comment="Say which schools.")
    Action.objects.filter(reference="2.2").update(status="blue", status_date=dt.date(2025, 1, 1))
    reporting_round = round_world["round"]

    got = round_progress_light(reporting_round, today=dt.date(2025, 10, 1))

    assert _plain(got) == _plain(_reference(reporting_round, dt.date(2025, 10, 1)))
    states = {r["action"].reference: r["state"] for r in got}
    assert states == {"1.1": "returned", "1.2": "waiting", "2.1": "not_started"}  # 2.2 done before
