"""The documented export and restore bring back every row of every table, history included.

The commands are read from docs/deploy.md ("Backups and restore") and run as written,
so the guide cannot drift from what is tested. The data is the demo database (seed
plans with six quarters of status updates and their history) plus what the demo lacks:
risks and inspection findings linked to actions, an owners change, a milestone, a ready board pack,
a group with permissions, an admin log entry, a signed-in session, and a user who left
after writing history (deactivated, never deleted: the history keeps their name).

"Restore into a new, empty database" is a flush here: it empties every table and then
makes content types and permissions afresh, as `migrate` does on a new database.
"""

import datetime as dt
import json
import re
import shlex
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from simple_history.models import HistoricalChanges

from actions.board_decision_services import status_update_ask_board, status_update_record_outcome
from actions.measure_services import borough_measure_settings_update, measure_value_add
from actions.milestone_services import milestone_achieve, milestone_create
from actions.models import Action, StatusUpdate, SuccessMeasure
from actions.services import action_update, action_update_status
from actions.spreadsheets.services import save_import_layout, save_import_mappings
from boroughs.accounts import user_deactivate
from boroughs.indicators import Area
from boroughs.invitations import invitation_send, invitation_withdraw
from boroughs.models import Borough, Membership, Person, Role
from boroughs.sso_accounts import identity_provider_set_up
from governance.board_services import board_member_add
from governance.models import Board, InspectionFinding, Risk
from governance.services import key_messages_save
from reports.public.services import (
    comment_add,
    comment_reply,
    name_consent_set,
    public_summary_save,
    publication_set,
)
from sendplan.periods import ReportingPeriod

DEPLOY_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
TODAY = "2025-05-20"


def documented_commands():
    """The `python manage.py ...` lines of the guide's backup section, in order."""
    text = DEPLOY_GUIDE.read_text()
    section = text.split("## Backups and restore", 1)[1].split("\n## ", 1)[0]
    return [
        shlex.split(line)[2:]
        for line in section.splitlines()
        if line.startswith("python manage.py ")
    ]


def _in(tmp_path, args):
    """The same command, with its files in tmp_path."""
    return [str(tmp_path / a) if a.endswith((".json", ".yaml")) else a for a in args]


# --- The data ------------------------------------------------------------------------------


def _realistic_data():
    # Imported here, not at the top: it loads pygal, whose legacy sys.meta_path finder
    # breaks pytest's importlib collection of any test package collected after it.
    from reports import generation
    from reports import services as pack_services

    call_command("load_demo", "--today", TODAY, "--force", verbosity=0)
    User = get_user_model()
    editor = Membership.objects.filter(role=Role.EDITOR).order_by("pk").first()
    officer, borough = editor.user, editor.borough
    action = Action.objects.filter(plan__borough=borough).order_by("pk").first()

    # A user who writes history and then leaves: deactivated (deleting them is refused).
    leaver = User.objects.create_user("leaver", first_name="Lee", password="x" * 16)
    Membership.objects.create(user=leaver, borough=borough, role=Role.EDITOR)
    Person.objects.create(borough=borough, name="Lee Leaver", user=leaver)
    action_update(action=action, user=leaver, editor=leaver, timescale="By March")
    action_update_status(
        action=action, user=leaver, status="amber", narrative="Recruitment delayed."
    )
    user_deactivate(user=leaver)
    action.refresh_from_db()
    # An invitation sent and withdrawn: its history rows too.
    admin = Membership.objects.filter(borough=borough, role=Role.ADMIN).order_by("pk")[0].user
    invitation = invitation_send(
        borough=borough,
        user=admin,
        email="invited@example.org",
        role=Role.VIEWER,
        accept_url=lambda token: f"https://sendplan.example/invitations/{token}/",
    )
    invitation_withdraw(invitation=invitation, user=admin)

    owners = list(Person.objects.filter(borough=borough)[:2])
    action_update(action=action, user=officer, owners=owners, reason="Owners changed")
    milestone = milestone_create(action=action, user=officer, title="Panel agreed", timescale="Q1")
    milestone_achieve(milestone=milestone, user=officer)
    # The demo's only measure with a baseline shows national figures, so it records no
    # values of its own; one recorded value and one comparator area fill their history.
    measure = SuccessMeasure.objects.filter(plan__borough=borough).order_by("pk").first()
    measure_value_add(measure=measure, user=officer, date=dt.date(2025, 3, 31), value=12)
    borough_measure_settings_update(
        borough=borough,
        user=officer,
        amber_margin=borough.measure_amber_margin,
        amber_when_improving=borough.measure_amber_when_improving,
        comparators=[Area.objects.exclude(la_number=borough.la_number).order_by("pk")[0]],
    )
    # What the borough's spreadsheets mean by a heading and a status word (import preview).
    save_import_mappings(
        borough=borough, columns={"budget code": ""}, words={"sideways": "amber"}, user=officer
    )
    risk = Risk(borough=borough, risk_id="R99", description="Capacity", likelihood=3, impact=4)
    risk._history_user = officer
    risk.save()
    risk.actions.add(action)
    finding = InspectionFinding(borough=borough, inspection="Local area SEND", text="Waits")
    finding._history_user = officer
    finding.save()
    finding.actions.add(action)

    pack = pack_services.pack_request(
        borough=borough, period=ReportingPeriod(2024, 4), user=officer
    )
    generation.pack_run(pack_id=pack.pk)

    group = Group.objects.create(name="Programme office")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    officer.groups.add(group)
    officer.user_permissions.add(Permission.objects.get(codename="change_action"))
    LogEntry.objects.create(
        user=User.objects.filter(is_superuser=True).first() or officer,
        content_type=ContentType.objects.get_for_model(Borough),
        object_id=str(borough.pk),
        object_repr=str(borough),
        action_flag=CHANGE,
        change_message="[]",
    )
    # A decision asked of the board, with its outcome, and a board's key messages.
    update = StatusUpdate.objects.filter(action__plan__borough=borough).latest("id")
    status_update_ask_board(update=update, user=officer, decision="Agree the agency budget.")
    status_update_record_outcome(update=update, user=officer, outcome="Agreed for six months.")
    board = Board.objects.filter(borough=borough).order_by("pk").first()
    key_messages_save(
        board=board, period=ReportingPeriod(2024, 4), user=officer, text="Recruitment is the risk."
    )
    board_member_add(board=board, user=admin, member=officer)  # issue 27: who sits on it
    # Issue 19, 23 and 24's audited tables: a saved import layout, a published plan with
    # a public summary, a consent to be named and a partner's answered comment, and an
    # identity provider with a rule (test data: no real council's provider).
    save_import_layout(
        borough=borough, plan=action.plan, name="Quarterly return", layout={}, user=officer
    )
    publication_set(plan=action.plan, user=admin, published=True)
    public_summary_save(action=action, user=officer, text="The panel has met.")
    name_consent_set(person=owners[0], user=admin, consented=True)
    comment = comment_add(plan=action.plan, user=officer, text="When?", action=action)
    comment_reply(comment=comment, user=officer, reply="By March.", publish=True)
    identity_provider_set_up(
        key="test-council",
        name="Test Council",
        discovery_url="https://idp.example.org/.well-known/openid-configuration",
        client_id="sendplan",
        email_domains="example.org",
        rules=[{"borough": borough, "email_domain": "example.org", "role": Role.VIEWER}],
    )
    Client().force_login(officer)  # a session row


# --- Every table, fingerprinted ---------------------------------------------------------------


def _names_of_content_types_and_permissions():
    """Content types and permissions are compared by name: their ids may change."""
    types = {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    perms = {p.pk: (types[p.content_type_id], p.codename) for p in Permission.objects.all()}
    return types, perms


def _plain(value):
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def snapshot():
    """{table: sorted rows}, for every model including m2m tables and all history."""
    types, perms = _names_of_content_types_and_permissions()
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        fields = model._meta.concrete_fields
        translate = {}
        for f in fields:
            if f.is_relation and f.related_model is ContentType:
                translate[f.attname] = types
            elif f.is_relation and f.related_model is Permission:
                translate[f.attname] = perms
        rows = []
        for values in model._base_manager.values(*(f.attname for f in fields)):
            if model in (ContentType, Permission):
                values.pop("id")  # made afresh; compared by their natural key columns
            if model._meta.auto_created:
                # Many-to-many link rows are re-linked on load and so renumbered; nothing
                # refers to their ids (the history stores the two ends, not the link).
                values.pop("id")
            rows.append(
                tuple(
                    (k, translate[k].get(v, v) if k in translate else _plain(v))
                    for k, v in sorted(values.items())
                )
            )
        tables[model._meta.db_table] = sorted(rows, key=repr)
    return tables


@pytest.mark.django_db(transaction=True)
def test_the_documented_export_and_restore_bring_back_every_row_of_every_table(tmp_path):
    _realistic_data()
    before = snapshot()
    history_tables = {
        m._meta.db_table for m in apps.get_models() if issubclass(m, HistoricalChanges)
    }
    # The data is worth the name: history and updates in every table that should have them.
    assert StatusUpdate.objects.filter(is_illustrative=True).count() > 100
    assert all(before[t] for t in history_tables), [t for t in history_tables if not before[t]]
    leaver = get_user_model().objects.get(username="leaver")
    editors = {dict(row)["editor_id"] for row in before["actions_historicalaction"]}
    assert not leaver.is_active and leaver.pk in editors, "the leaver's history is not kept"

    commands = documented_commands()
    dumps = [c for c in commands if c[0] == "dumpdata"]
    restores = [c for c in commands if c[0] != "dumpdata"]
    assert len(dumps) == 2 and [c[0] for c in restores] == ["migrate", "loaddata"], commands
    for args in dumps:
        call_command(*_in(tmp_path, args), verbosity=0)

    call_command("flush", "--no-input", verbosity=0)
    assert not Action.history.exists() and not get_user_model().objects.exists()
    for args in restores:
        call_command(*_in(tmp_path, args), verbosity=0)
    after = snapshot()

    assert set(after) == set(before)
    differences = [
        f"{table}: {len(before[table])} rows before, {len(after[table])} after; "
        f"first difference: {_first_difference(before[table], after[table])}"
        for table in sorted(before)
        if before[table] != after[table]
    ]
    assert not differences, "\n".join(differences)
    total = sum(len(rows) for rows in before.values())
    history_rows = sum(len(before[t]) for t in history_tables)
    print(f"round trip: {len(before)} tables, {total} rows, {history_rows} history rows")


def _first_difference(old, new):
    for a, b in zip(old, new, strict=False):
        if a != b:
            return f"{a!r} became {b!r}"[:600]
    return "rows missing" if len(old) > len(new) else "rows added"


def test_the_guide_names_pg_dump_for_postgresql_and_both_export_files():
    text = DEPLOY_GUIDE.read_text()
    assert re.search(r"^pg_dump --format=custom ", text, re.MULTILINE)
    assert re.search(r"^pg_restore ", text, re.MULTILINE)
    loads = [c for c in documented_commands() if c[0] == "loaddata"]
    outputs = [c[c.index("--output") + 1] for c in documented_commands() if "--output" in c]
    assert loads == [["loaddata", *outputs]], "restore must load every exported file at once"
