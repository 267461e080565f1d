"""The fixed cast used across the suite.

Two boroughs: Hammersmith & Fulham (ours) and Hackney (someone else's). Users:
an editor, a viewer and a borough admin of ours, an outsider who belongs only to
the other borough, a superuser, and anonymous visitors.
"""

import datetime as dt
import os
from pathlib import Path

import pytest

from actions.models import Action, Plan, Priority
from boroughs.models import Borough, Membership, Person, Role

TESTS = Path(__file__).resolve().parent

# Modules whose tests take seconds each, left out of the fast loop
# (bin/test -m "not browser and not slow"; see the README). bin/test and CI run them.
SLOW_MODULES = {
    "seeds/test_demo.py": "loads the whole demo three times",
    "seeds/test_load_seeds.py": "loads every seed plan, several times",
    "seeds/test_seed_plans.py": "loads every seed plan",
    "packs/test_demo_packs.py": "loads the demo and makes a pack per borough",
    "packs/test_leases.py": "starts and kills real task workers",
    "packs/test_cli.py": "runs the commands in fresh processes",
    "packs/test_pdf_layout.py": "lays out large packs",
    "packs/test_large_pack.py": "lays out the 300-action pack",
    "ops/test_backup_restore.py": "loads the demo, dumps and restores it",
    "ops/test_collector.py": "starts Python processes",
    "ops/test_command_startup.py": "starts Django in fresh processes",
    "ops/test_postgres_only_marker.py": "runs pytest in fresh processes",
    "test_tags_per_borough.py": "runs the migrations back and forth",
    "test_admin.py": "opens every admin page on a filled database",
    "imports/test_hostile_files.py": "measures hostile files in child processes",
    "imports/test_reader_fuzz.py": "fuzzes the reader",
    "security/test_deploy_settings.py": "runs the deploy checks in fresh processes",
    "measures/test_load_indicators.py": "loads the whole DfE extract",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).relative_to(TESTS).as_posix() in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


# --- PostgreSQL-only tests: never a silent skip ---------------------------------------

POSTGRES_ONLY = (
    "needs PostgreSQL (races across real connections) and this run's database is {vendor}: "
    "run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendplan"
)


def _database_vendor():
    from django.db import connection

    return connection.vendor


def pytest_runtest_setup(item):
    """Skip a postgres_only test on another database, or fail it when the run says it
    needs them (REQUIRE_POSTGRES_TESTS=1, as CI's PostgreSQL run does)."""
    if item.get_closest_marker("postgres_only") is None:
        return
    vendor = _database_vendor()
    if vendor == "postgresql":
        return
    reason = POSTGRES_ONLY.format(vendor=vendor)
    if os.environ.get("REQUIRE_POSTGRES_TESTS") == "1":
        pytest.fail(f"REQUIRE_POSTGRES_TESTS=1 but not run: {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    """Say in one line, after the run, how many PostgreSQL-only tests did not run."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "postgres_only" in getattr(report, "keywords", {})
    ]
    if skipped:
        reason = POSTGRES_ONLY.format(vendor=_database_vendor())
        terminalreporter.write_sep(
            "!", f"{len(skipped)} PostgreSQL-only tests not run: {reason}", yellow=True, bold=True
        )


@pytest.fixture
def borough(db):
    return Borough.objects.create(
        name="Hammersmith & Fulham", slug="hammersmith-fulham", gss_code="E09000013"
    )


@pytest.fixture
def other_borough(db):
    return Borough.objects.create(name="Hackney", slug="hackney", gss_code="E09000012")


def _member(django_user_model, username, borough, role, **extra):
    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery staple", **extra
    )
    if borough is not None:
        Membership.objects.create(user=user, borough=borough, role=role)
    return user


@pytest.fixture
def editor(django_user_model, borough):
    return _member(django_user_model, "editor", borough, Role.EDITOR, first_name="Erin")


@pytest.fixture
def viewer(django_user_model, borough):
    return _member(django_user_model, "viewer", borough, Role.VIEWER, first_name="Vic")


@pytest.fixture
def borough_admin(django_user_model, borough):
    return _member(django_user_model, "boroughadmin", borough, Role.ADMIN, first_name="Ada")


@pytest.fixture
def outsider(django_user_model, other_borough):
    return _member(django_user_model, "outsider", other_borough, Role.ADMIN, first_name="Otto")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        username="super", password="correct horse battery staple", email="super@example.org"
    )


@pytest.fixture
def plan(borough):
    return Plan.objects.create(
        borough=borough,
        slug="send-inspection-2019",
        title="SEND inspection action plan",
        kind=Plan.Kind.INSPECTION_RESPONSE,
        period_start=dt.date(2019, 6, 1),
        period_end=dt.date(2020, 3, 31),
    )


@pytest.fixture
def priority(plan):
    return Priority.objects.create(plan=plan, number="1", title="Areas for development")


@pytest.fixture
def owner(borough):
    return Person.objects.create(
        borough=borough, name="Corina Christos", job_title="Designated Nurse"
    )


@pytest.fixture
def action(plan, priority, owner):
    action = Action.objects.create(
        plan=plan,
        priority=priority,
        reference="1-H1",
        description="Clear the backlog of initial health assessments.",
        lead_agency="health",
        timescale="Q2",
        due_date=dt.date(2019, 9, 30),
    )
    action.owners.add(owner)
    return action


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django sends to (tests/smtp_server.py)."""
    from tests.smtp_server import SmtpServer

    server = SmtpServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield server
    finally:
        server.stop()


# Not the test client's host ("testserver") nor a live server's: a link that an email
# builds from the request instead of SITE_URL points somewhere else, and is caught.
MAIL_SITE_URL = "https://sendplan.example.gov.uk"
MAIL_FROM = "SEND plans <send-plans@example.gov.uk>"


@pytest.fixture
def mail_server(smtp_server, settings):
    """The real SMTP server, with SITE_URL and the From address set as a council would."""
    settings.SITE_URL = MAIL_SITE_URL
    settings.DEFAULT_FROM_EMAIL = MAIL_FROM
    return smtp_server


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """A fresh SQLite file with every migration applied, made once per test process.

    For tests that run manage.py in a real child process (its exit code, a worker that
    is killed): copy it (`shutil.copy(migrated_sqlite, ...)`) instead of migrating again.
    """
    import subprocess
    import sys

    database = tmp_path_factory.mktemp("migrated") / "template.sqlite3"
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "sendplan.settings",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=TESTS.parent, env=env, check=True
    )
    return database
