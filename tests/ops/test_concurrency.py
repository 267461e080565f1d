"""No lost updates between real database connections.

Two officers open the same action and save a status update at the same moment. Each
runs in its own thread with its own PostgreSQL connection; exactly one save wins, the
other is refused with StaleEdit, and the database holds one new StatusUpdate and one new
history row. SQLite serialises writers on a file lock, so the test needs PostgreSQL
(CI runs the suite on both).
"""

import threading

import pytest
from django.db import connection, connections, transaction

from actions.models import Action, StatusUpdate
from actions.services import StaleEdit, action_update_status
from boroughs.models import Membership, Role

# postgres_only: skipped on SQLite, and a failure there under REQUIRE_POSTGRES_TESTS=1
# (tests/conftest.py).
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WAIT = 20  # seconds; a thread stuck longer than this is a failure, not a hang


@pytest.fixture
def second_editor(django_user_model, borough):
    user = django_user_model.objects.create_user("second-editor", first_name="Priya")
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    return user


def _lock_waiters():
    """How many other connections to this database are waiting for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _officer(user, action_pk, status, start, claimed, release, results):
    """One officer: read the action, then save against the version they read."""
    try:
        action = Action.objects.get(pk=action_pk)
        version = action.version
        start.wait(WAIT)  # both have read version `version` before either saves
        try:
            with transaction.atomic():
                action_update_status(
                    action=action,
                    user=user,
                    status=status,
                    narrative=f"{user.first_name} rates it {status}.",
                    expected_version=version,
                )
                # Hold the winning transaction open until the other is seen waiting on it.
                claimed.set()
                release.wait(WAIT)
            results[user.username] = "saved"
        except StaleEdit as error:
            results[user.username] = error
    except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
        results[user.username] = error
    finally:
        connections.close_all()


def test_two_officers_saving_the_same_version_at_once_one_wins_and_one_is_told(
    action, editor, second_editor
):
    updates_before = StatusUpdate.objects.count()
    history_before = action.history.count()
    start, claimed, release = threading.Barrier(2), threading.Event(), threading.Event()
    results = {}
    threads = [
        threading.Thread(
            target=_officer,
            args=(user, action.pk, status, start, claimed, release, results),
        )
        for user, status in ((editor, "amber"), (second_editor, "red"))
    ]
    for thread in threads:
        thread.start()

    assert claimed.wait(WAIT), f"neither save got through: {results}"
    # The loser's conditional UPDATE is now blocked on the winner's row lock.
    waited = False
    for _ in range(200):
        if _lock_waiters() >= 1:
            waited = True
            break
        threading.Event().wait(0.025)
    release.set()
    for thread in threads:
        thread.join(WAIT)
        assert not thread.is_alive(), "an officer's save never finished"

    assert waited, "the two saves never overlapped: nobody waited on the other's lock"
    saved = [name for name, outcome in results.items() if outcome == "saved"]
    refused = [o for o in results.values() if isinstance(o, StaleEdit)]
    assert len(saved) == 1 and len(refused) == 1, results
    assert StatusUpdate.objects.count() == updates_before + 1
    assert action.history.count() == history_before + 1
    action.refresh_from_db()
    assert action.version == 2
    winner = editor if saved == ["editor"] else second_editor
    assert action.status == ("amber" if winner == editor else "red")
    assert StatusUpdate.objects.get(action=action).author == winner
    # The refusal says what the winner changed, so the loser can decide what to do.
    change = refused[0].changes[0]
    assert (change["field"], change["new"]) == ("Status", action.status)
    assert change["by"] == winner.first_name


def test_many_rounds_of_simultaneous_saves_never_lose_or_double_an_update(
    action, editor, second_editor
):
    """Without holding either transaction: whatever the timing, one save per round."""
    for round_number in range(10):
        results = {}
        start, claimed, release = threading.Barrier(2), threading.Event(), threading.Event()
        release.set()  # nobody waits once they have saved
        threads = [
            threading.Thread(
                target=_officer,
                args=(user, action.pk, status, start, claimed, release, results),
            )
            for user, status in ((editor, "green"), (second_editor, "amber"))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(WAIT)
        outcomes = sorted("saved" if o == "saved" else type(o).__name__ for o in results.values())
        assert outcomes == ["StaleEdit", "saved"], (round_number, results)

    action.refresh_from_db()
    assert action.version == 1 + 10
    assert StatusUpdate.objects.filter(action=action).count() == 10
