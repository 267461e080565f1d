"""Every model registered in the admin has working list, search, add, change and history pages."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from actions.board_decision_services import status_update_ask_board, status_update_record_outcome
from actions.models import Action, MeasureValue, Milestone, SuccessMeasure
from actions.services import action_update_status
from actions.spreadsheets.services import save_import_mappings
from boroughs.models import (
    Area,
    Borough,
    Indicator,
    IndicatorValue,
    Invitation,
    Membership,
    Person,
    Role,
)
from governance import seeds
from governance.models import Board, BoardMember, DigestSent, KeyMessages, Meeting, Risk
from governance.round_services import round_open
from reports.services import pack_request
from sendplan.periods import ReportingPeriod


@pytest.fixture(scope="module")
def admin_data(django_db_setup, django_db_blocker):
    """The seeds, plus a row of each registered model the seeds do not have.

    Made once for the module (loading the seeds takes seconds) and removed afterwards.
    """
    with django_db_blocker.unblock():
        superuser = get_user_model().objects.create_superuser(
            "admin-test", "admin-test@example.org", "correct horse battery staple"
        )
        seeds.load_all()
        borough = Borough.objects.get(slug="hammersmith-fulham")
        action = Action.objects.get(plan__slug="send-inspection-2019", reference="1-H1")
        update = action_update_status(
            action=action, user=superuser, status="green", narrative="On track."
        )
        status_update_ask_board(update=update, user=superuser, decision="Approve the plan.")
        status_update_record_outcome(update=update, user=superuser, outcome="Approved.")
        Milestone.objects.create(action=action, title="Workshops held", timescale="Q2")
        measure = SuccessMeasure.objects.filter(baseline__isnull=False).first()
        MeasureValue.objects.create(measure=measure, date=dt.date(2024, 3, 31), value=60)
        Meeting.objects.create(board=Board.objects.first(), date=dt.date(2024, 5, 15))
        BoardMember.objects.create(board=Board.objects.first(), user=superuser)
        KeyMessages.objects.create(
            board=Board.objects.first(), period_year=2024, period_quarter=1, text="Key messages."
        )
        risk = Risk.objects.create(
            borough=borough, risk_id="R1", description="Capacity", likelihood=3, impact=4
        )
        risk.actions.add(action)
        Membership.objects.create(user=superuser, borough=borough, role=Role.ADMIN)
        Person.objects.filter(name="Corina Christos").update(user=superuser)
        Group.objects.create(name="Programme office")
        save_import_mappings(
            borough=borough, columns={"budget code": ""}, words={"sideways": "amber"}
        )
        indicator = Indicator.objects.create(
            code="SEN_EHC_Excpt_20wks", name="EHC plans within 20 weeks", unit="%",
            polarity="High", year_type="Calendar Year", topic="SEN", chart_title="EHC (%)",
        )  # fmt: skip
        england = Area.objects.create(la_number=970, name="England", kind=Area.Kind.ENGLAND)
        IndicatorValue.objects.create(
            indicator=indicator, area=england, year_label="2024", year=2024, value=46.4
        )
        pack_request(borough=borough, period=ReportingPeriod(2024, 1), user=superuser)
        round_open(borough=borough, period=ReportingPeriod(2024, 1), user=superuser)
        DigestSent.objects.create(
            user=superuser,
            day=dt.date(2026, 11, 2),
            sent_at=dt.datetime(2026, 11, 2, 7, tzinfo=dt.UTC),
        )
        # Sign-in security: a failed sign-in (attempt and audit row), and an authenticator
        # app half set up (unconfirmed, so the superuser is not asked for a code).
        AccessAttempt.objects.create(
            username="editor", ip_address="192.0.2.1", user_agent="pytest", failures_since_start=1
        )
        AccessFailureLog.objects.create(username="editor", ip_address="192.0.2.1")
        TOTPDevice.objects.create(user=superuser, name="Authenticator app", confirmed=False)
        Invitation.objects.create(
            borough=borough,
            email="invitee@example.org",
            role=Role.VIEWER,
            token_hash="0" * 64,
            invited_by=superuser,
            expires_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC),
        )
        from boroughs.models import PasswordResetRequest

        PasswordResetRequest.objects.create(
            email_hash="0" * 64, client="192.0.2.1", requested_at=dt.datetime.now(dt.UTC)
        )
        # Single sign-on: a provider (test data), a rule and a linked account.
        from boroughs.models import IdentityProvider, SsoGrant, SsoLink, SsoRule

        provider = IdentityProvider.objects.create(
            key="test-council",
            name="Test Council",
            discovery_url="https://idp.example.org/.well-known/openid-configuration",
            client_id="sendplan",
            email_domains="example.org",
        )
        SsoRule.objects.create(provider=provider, borough=borough, email_domain="example.org")
        from actions.spreadsheets.services import save_import_layout

        save_import_layout(borough=borough, plan=action.plan, name="Quarterly return", layout={})
        SsoLink.objects.create(provider=provider, subject="test-subject", user=superuser)
        SsoGrant.objects.create(
            membership=Membership.objects.get(user=superuser, borough=borough),
            rule=SsoRule.objects.get(provider=provider),
        )
    yield superuser
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(
    "model, model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED]
)
def test_the_admin_pages_of_every_registered_model_open(db, client, admin_data, model, model_admin):
    superuser = admin_data
    client.force_login(superuser)
    obj = model._default_manager.first()
    assert obj is not None, f"no {model._meta.label} to open"

    assert client.get(admin_url(model, "changelist")).status_code == 200
    if model_admin.search_fields:
        assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    if model_admin.has_add_permission(_request(superuser)):
        assert client.get(admin_url(model, "add")).status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    if isinstance(model_admin, SimpleHistoryAdmin):
        assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_every_domain_model_is_registered_with_its_history():
    for label in ("boroughs", "actions", "governance"):
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # simple_history's own tables, shown through SimpleHistoryAdmin
            assert model in admin.site._registry, f"{model._meta.label} is not in the admin"
            if hasattr(model._meta, "simple_history_manager_attribute"):
                assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)
