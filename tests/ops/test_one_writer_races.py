"""One writer, raced across real database connections.

Each contender runs in its own thread with its own PostgreSQL connection. They read
first, meet at a barrier, then write; the first to write holds its transaction open
until the other is seen waiting on its lock, so the two really overlap. Whatever the
order: exactly one wins, nothing is silently overwritten, nobody gets a 500 or a
deadlock, and the loser is told why. SQLite serialises writers on a file lock, so
these need PostgreSQL (CI runs the suite on both).
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from actions.bulk import ConcurrentEdit
from actions.models import Action, MeasureValue, StatusUpdate, SuccessMeasure
from actions.services import StaleEdit, action_update_status
from actions.spreadsheets.services import import_plan
from tests.imports.conftest import xlsx_bytes
from tests.test_one_writer import admin_change_data

# postgres_only: skipped on SQLite, and a failure there under REQUIRE_POSTGRES_TESTS=1
# (tests/conftest.py).
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

WAIT = 20  # seconds; a thread stuck longer than this is a failure, not a hang
REFUSALS = (StaleEdit, ConcurrentEdit, ValidationError)


def _lock_waiters():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


class Race:
    """Two contenders: `read()` before the barrier, `write(state)` after it.

    `write` returns "saved" or a refusal (it may also raise one); the winner's
    transaction stays open until the loser is seen waiting for its lock.
    """

    def __init__(self, hold=True):
        self.start = threading.Barrier(2)
        self.claimed = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()
        self.results = {}

    def _run(self, name, read, write):
        try:
            state = read()
            self.start.wait(WAIT)
            try:
                with transaction.atomic():
                    outcome = write(state)
                    if outcome == "saved":
                        self.claimed.set()
                        self.release.wait(WAIT)
                self.results[name] = outcome
            except REFUSALS as refusal:
                self.results[name] = refusal
        except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
            self.results[name] = error
        finally:
            connections.close_all()

    def run(self, contenders):
        threads = [
            threading.Thread(target=self._run, args=(name, read, write))
            for name, (read, write) in contenders.items()
        ]
        for thread in threads:
            thread.start()
        waited = False
        if not self.release.is_set():
            assert self.claimed.wait(WAIT), f"neither got through: {self.results}"
            for _ in range(200):
                if _lock_waiters() >= 1:
                    waited = True
                    break
                threading.Event().wait(0.025)
            self.release.set()
        for thread in threads:
            thread.join(WAIT)
            assert not thread.is_alive(), "a contender never finished (a deadlock?)"
        return waited

    def winner_and_loser(self):
        saved = [name for name, outcome in self.results.items() if outcome == "saved"]
        refused = {n: o for n, o in self.results.items() if isinstance(o, (*REFUSALS, Refused))}
        assert len(saved) == 1 and len(refused) == 1, self.results
        return saved[0], next(iter(refused.items()))


class Refused:
    """A refusal that came back as a page rather than an exception."""

    def __init__(self, message):
        self.message = message

    def __repr__(self):
        return f"Refused({self.message!r})"


def _officer(user, action_pk, status="amber"):
    def read():
        return Action.objects.get(pk=action_pk)

    def write(action):
        action_update_status(
            action=action,
            user=user,
            status=status,
            narrative=f"{user.first_name} rates it {status}.",
            expected_version=action.version,
        )
        return "saved"

    return read, write


# --- An import and an officer's save ----------------------------------------------------

HEADER = ["Ref", "Action", "Status", "Narrative"]


def _importer(user, plan, action_pk, narrative="On track, says the file."):
    rows = [["1-H1", "Reworded by the import.", "Green", narrative]]
    data = xlsx_bytes(HEADER, rows)

    def read():
        # What the admin's preview showed: the version each action had when checked.
        return {"1-H1": Action.objects.get(pk=action_pk).version}

    def write(checked):
        import_plan(
            data=data,
            filename="march.xlsx",
            borough=plan.borough,
            plan=plan,
            user=user,
            expected_versions=checked,
        )
        return "saved"

    return read, write


def test_an_import_and_an_officers_save_of_the_same_action_never_both_win(
    plan, action, editor, borough_admin
):
    race = Race()
    waited = race.run(
        {
            "officer": _officer(editor, action.pk),
            "import": _importer(borough_admin, plan, action.pk),
        }
    )

    assert waited, "the two never overlapped: nobody waited on the other's lock"
    winner, (loser, refusal) = race.winner_and_loser()
    action.refresh_from_db()
    assert action.version == 2
    (update,) = StatusUpdate.objects.filter(action=action)
    assert update.history_row.version == 2
    if winner == "officer":
        assert (action.status, action.description) == (
            "amber",
            "Clear the backlog of initial health assessments.",
        )
        assert update.source == StatusUpdate.Source.FORM
        # The import names the action and who changed it, and wrote nothing.
        assert isinstance(refusal, ConcurrentEdit)
        assert "Action 1-H1 was changed by Erin" in refusal.message
    else:
        assert (action.status, action.description) == ("green", "Reworded by the import.")
        assert update.source == StatusUpdate.Source.IMPORT
        assert isinstance(refusal, StaleEdit)
        assert ("Status", "green") in [(c["field"], c["new"]) for c in refusal.changes]
        assert refusal.changes[0]["by"] == "Ada"


def test_many_rounds_of_imports_racing_officers_never_lose_or_double_a_write(
    plan, action, editor, borough_admin
):
    for round_number in range(6):
        race = Race(hold=False)
        race.run(
            {
                "officer": _officer(editor, action.pk, "amber" if round_number % 2 else "red"),
                "import": _importer(borough_admin, plan, action.pk, f"Round {round_number}."),
            }
        )
        outcomes = sorted(
            "saved" if o == "saved" else type(o).__name__ for o in race.results.values()
        )
        assert outcomes in (["StaleEdit", "saved"], ["ConcurrentEdit", "saved"]), (
            round_number,
            race.results,
        )
        action.refresh_from_db()
        assert action.version == round_number + 2
    # One update per rating change (the import rates only when the status changes),
    # each joined to the history row written with it.
    rated = StatusUpdate.objects.filter(action=action)
    assert 1 <= rated.count() <= 6
    assert all(u.history_row.status == u.status for u in rated)


# --- An admin's edit and an officer's stale form ----------------------------------------


def _admin(superuser, action_pk):
    def read():
        client = Client()
        client.force_login(superuser)
        action = Action.objects.get(pk=action_pk)
        data = admin_change_data(action, superuser)  # the form, opened now
        data["description"] = "Corrected by the programme office."
        return client, data

    def write(state):
        client, data = state
        url = reverse("admin:actions_action_change", args=[action_pk])
        response = client.post(url, data)
        assert response.status_code == 302, response.status_code
        if response["Location"].endswith(url):
            # Refused: the admin is sent back to the form, with a message saying why.
            page = client.get(url)
            text = page.content.decode()
            start = text.index("Not saved:")
            return Refused(text[start : text.index(".", start + 30) + 1])
        return "saved"

    return read, write


def test_an_admin_edit_and_a_stale_officer_form_never_both_win(action, editor, superuser):
    race = Race()
    waited = race.run(
        {"officer": _officer(editor, action.pk), "admin": _admin(superuser, action.pk)}
    )

    assert waited, "the two never overlapped: nobody waited on the other's lock"
    winner, (_, refusal) = race.winner_and_loser()
    action.refresh_from_db()
    assert action.version == 2
    if winner == "officer":
        assert action.description == "Clear the backlog of initial health assessments."
        assert action.status == "amber"
        assert "Not saved: action 1-H1 was changed by Erin" in refusal.message
    else:
        assert action.description == "Corrected by the programme office."
        assert action.status == ""
        assert not StatusUpdate.objects.exists()
        assert isinstance(refusal, StaleEdit)
        assert refusal.changes[0]["field"] == "Description"


# --- Two values for one date --------------------------------------------------------------


def _measure_value_poster(user, measure_pk, value):
    day = dt.date(2019, 12, 31)

    def read():
        client = Client()
        client.force_login(user)
        return client

    def write(client):
        url = reverse("measure_value_add", args=[measure_pk])
        form = {
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "value": value,
            "note": "",
        }
        response = client.post(url, form)
        if response.status_code == 302:
            return "saved"
        assert response.status_code == 200, response.status_code
        text = response.content.decode()
        assert "There is already a value for this date" in text
        return Refused("There is already a value for this date")

    return read, write


def test_two_values_posted_for_the_same_date_at_once_give_the_loser_a_form_error(
    plan, editor, django_user_model, borough
):
    from boroughs.models import Membership, Role

    second = django_user_model.objects.create_user("second-editor", first_name="Priya")
    Membership.objects.create(user=second, borough=borough, role=Role.EDITOR)
    measure = SuccessMeasure.objects.create(plan=plan, description="EHCPs issued in 20 weeks")

    race = Race()
    waited = race.run(
        {
            "editor": _measure_value_poster(editor, measure.pk, "60"),
            "second": _measure_value_poster(second, measure.pk, "70"),
        }
    )

    # The loser passed the "already a value?" check and then waited on the winner's
    # INSERT: the database's unique constraint refused it, and the service said why.
    assert waited, "the two never overlapped: nobody waited on the other's lock"
    winner, (_, refusal) = race.winner_and_loser()
    assert isinstance(refusal, Refused)
    value = MeasureValue.objects.get()
    assert value.value == (60 if winner == "editor" else 70)


# --- A round's bulk page and an import ----------------------------------------------------


def test_a_bulk_page_save_and_an_import_of_the_same_actions_never_both_win(
    plan, action, priority, editor, borough_admin
):
    from actions.rounds_services import UpdateRow, updates_record

    second = Action.objects.create(
        plan=plan, priority=priority, reference="1-H2", description="Publish the offer."
    )
    rows = [["1-H1", "Reworded by the import.", "Green", "On track, says the file."]]
    rows.append(["1-H2", "Publish the local offer.", "Green", "Published, says the file."])
    data = xlsx_bytes(HEADER, rows)

    def read_import():
        return {a.reference: a.version for a in Action.objects.filter(plan=plan)}

    def write_import(checked):
        import_plan(
            data=data,
            filename="march.xlsx",
            borough=plan.borough,
            plan=plan,
            user=borough_admin,
            expected_versions=checked,
        )
        return "saved"

    def read_page():
        # The bulk page lists its rows in the plan's order, not in key order.
        return [Action.objects.get(pk=second.pk), Action.objects.get(pk=action.pk)]

    def write_page(actions):
        updates_record(
            user=editor,
            rows=[
                UpdateRow(
                    action=a,
                    expected_version=a.version,
                    status="amber",
                    narrative="Erin: slipping.",
                )
                for a in actions
            ],
            date=dt.date.today(),
            review=False,
        )
        return "saved"

    race = Race()
    waited = race.run({"page": (read_page, write_page), "import": (read_import, write_import)})

    assert waited, "the two never overlapped: nobody waited on the other's lock"

    winner, (loser, refusal) = race.winner_and_loser()
    statuses = set(Action.objects.filter(plan=plan).values_list("status", flat=True))
    if winner == "page":
        assert statuses == {"amber"}
        assert isinstance(refusal, ConcurrentEdit)
    else:
        assert statuses == {"green"}
        assert isinstance(refusal, StaleEdit)
    # Each action has exactly the winner's one update, linked to its history row.
    for each in Action.objects.filter(plan=plan):
        (update,) = StatusUpdate.objects.filter(action=each)
        assert update.history_row.version == each.version
