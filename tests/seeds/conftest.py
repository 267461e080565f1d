import pytest
from django.core.management import call_command

from governance import seeds


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The seed plans, loaded once for a module of tests that only read them.

    Loading takes seconds, so read-only tests share one load; each test still runs in
    its own rolled-back transaction, and the module's data is removed afterwards.
    """
    with django_db_blocker.unblock():
        reports = seeds.load_all()
    yield reports
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def seeded(seeded_once, db):
    return seeded_once
