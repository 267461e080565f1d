"""The session store (sendplan/session_store.py) reads a session as Django's database
store does: a live one with its data, an expired or unknown one not at all."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from sendplan.session_store import SessionStore


@pytest.mark.django_db
def test_a_live_session_is_read_back_with_its_data():
    first = SessionStore()
    first["borough"] = 7
    first.create()
    other = SessionStore()
    other["borough"] = 9
    other.create()

    assert SessionStore(session_key=first.session_key)["borough"] == 7
    assert SessionStore(session_key=other.session_key)["borough"] == 9


@pytest.mark.django_db
def test_an_expired_or_unknown_session_is_not_read():
    store = SessionStore()
    store["borough"] = 7
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )

    expired = SessionStore(session_key=store.session_key)
    unknown = SessionStore(session_key="x" * 32)

    assert "borough" not in expired and expired.session_key is None
    assert "borough" not in unknown and unknown.session_key is None
