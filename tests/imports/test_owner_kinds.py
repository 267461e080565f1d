"""Roles and teams are not people (issue 19): an owner named by a post or a team is kept
as a role or team, shown as one, and never linked to an account as a named person.

Every owner name, reference and action here is TEST DATA invented for these tests.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions.models import Action
from actions.spreadsheets.owners import owner_kind
from actions.spreadsheets.services import import_plan
from boroughs.forms import MemberRoleForm
from boroughs.models import Membership, Person, PersonKind
from boroughs.services import person_link_account
from reports.content import build_pack_content
from reports.public.selectors import owner_names
from sendplan.periods import ReportingPeriod
from tests.imports.conftest import run, xlsx_bytes
from tests.imports.test_real_layouts import assert_reimport_changes_nothing

CELL = "Head teachers / Participation officer / Inclusion team / Testa Exampleton"


@pytest.mark.parametrize(
    "name",
    ["Helen Green", "Imogen Fraser-Baxter", "Jo Baty", "Mary O'Neil", "M.S", "K.McN"],
)
def test_a_personal_name_or_initials_is_a_person(name):
    assert owner_kind(name) == PersonKind.PERSON


@pytest.mark.parametrize(
    "name",
    [
        "Head teachers",
        "Participation officer",
        "SEND team",
        "Designated clinical officer",
        "Looked After Children team",
        "Public Service Reform",
        "Cheyne Child Development Service",
        "CCG",
        "Head of SEND",
        "new local offer coproduction post",
    ],
)
def test_a_post_a_team_or_a_service_is_a_role_or_team(name):
    assert owner_kind(name) == PersonKind.ROLE


def test_roles_and_teams_in_an_owner_cell_are_kept_apart_from_people(plan):
    data = xlsx_bytes(["Ref", "Action", "Who"], [["1", "TEST DATA: an action", CELL]])
    run(data, plan)

    owners = Action.objects.get(plan=plan, reference="1").owners.all()
    assert sorted((p.name, p.kind) for p in owners) == [
        ("Head teachers", PersonKind.ROLE),
        ("Inclusion team", PersonKind.ROLE),
        ("Participation officer", PersonKind.ROLE),
        ("Testa Exampleton", PersonKind.PERSON),
    ]
    assert_reimport_changes_nothing(data, plan)


def test_the_action_page_shows_a_role_as_a_role_and_the_pack_names_it_as_written(
    client, borough, viewer
):
    header = ["Ref", "Action", "Who", "RAG Nov 25"]
    data = xlsx_bytes(
        header, [["1", "TEST DATA: an action", "Inclusion team / Testa Exampleton", "Green"]]
    )
    _, plan = import_plan(
        data=data,
        filename="plan.xlsx",
        borough=borough,
        new_plan_title="TEST DATA: plan",
        reported_as_at=dt.date(2025, 12, 31),
    )
    action = Action.objects.get(plan=plan, reference="1")

    client.force_login(viewer)
    page = client.get(reverse("action_detail", args=[action.pk])).content.decode()
    assert "Inclusion team (role or team)" in page
    assert "Testa Exampleton</li>" in page

    content = build_pack_content(borough=borough, period=ReportingPeriod(2025, 3))
    rows = [row for p in content["appendix"] for row in p["actions"]]
    assert [row["owners"] for row in rows] == [["Inclusion team", "Testa Exampleton"]]


def test_a_role_is_never_offered_or_linked_as_an_accounts_named_person(
    borough, borough_admin, editor
):
    team = Person.objects.create(borough=borough, name="SEND team", kind=PersonKind.ROLE)
    person = Person.objects.create(borough=borough, name="Testa Exampleton")
    membership = Membership.objects.get(user=editor, borough=borough)

    offered = MemberRoleForm(membership=membership).fields["person"].queryset
    assert list(offered) == [person]
    with pytest.raises(ValidationError, match="is a role or team"):
        person_link_account(borough=borough, member=editor, person=team, user=borough_admin)
    team.refresh_from_db()
    assert team.user_id is None


def test_the_public_page_names_a_role_as_written_and_a_person_only_by_their_post(borough):
    team = Person.objects.create(borough=borough, name="Inclusion team", kind=PersonKind.ROLE)
    person = Person.objects.create(
        borough=borough, name="Testa Exampleton", job_title="TEST DATA post"
    )
    assert owner_names([team.pk, person.pk]) == {
        team.pk: "Inclusion team",
        person.pk: "TEST DATA post",
    }
