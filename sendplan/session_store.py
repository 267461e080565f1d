"""Django's database sessions (SESSION_ENGINE), read through SQL compiled once a process.

Every signed-in request reads its session first. Django builds and compiles that query
each time, which cost more CPU than PostgreSQL spends running it (sendplan/fixed_sql.py);
this store reads the same row with the same rule: the session with this key that has
not expired. Writing, cycling and deleting sessions are Django's own.
"""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone

from sendplan.fixed_sql import FixedQuery


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        found = _live_session(self.session_key, timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]


@FixedQuery.with_kinds(str, dt.datetime)
def _live_session(session_key, now):
    model = SessionStore.get_model_class()
    return model.objects.filter(session_key=session_key, expire_date__gt=now)
