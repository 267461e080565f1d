"""Which queries cost what: each page rendered in-process, its SQL timed and EXPLAINed.

The pages go through the real URLconf, middleware and views (Django's test client,
signed in as a borough editor), so the SQL is exactly what gunicorn would run.
The slowest statements of each page, and of the as-at and pack reads, are then
re-run under EXPLAIN (ANALYZE, BUFFERS) to show which index would help.
"""

import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Plan
from actions.selectors import actions_as_at
from bench._dataset import LAST_QUARTER
from reports.content import build_pack_content

TOP = 2  # slowest statements explained per page


def pages(user, borough):
    plan = Plan.objects.filter(borough=borough).order_by("id").first()
    action = Action.objects.filter(plan=plan).exclude(status="blue").order_by("id").first()
    owner = action.owners.order_by("id").first()
    return [
        ("home", "/"),
        ("plan", f"/plans/{plan.pk}/"),
        ("action list: red and amber", "/actions/?status=red&status=amber"),
        ("action list: one owner", f"/actions/?owner={owner.pk}"),
        ("action list: overdue, sorted by due date", "/actions/?overdue=on&sort=due_date"),
        ("action list: search", "/actions/?q=annual+review"),
        ("action detail", f"/actions/{action.pk}/"),
        ("status update form", f"/actions/{action.pk}/update/"),
    ]


def _explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _report(title, queries, elapsed):
    total_ms = sum(float(q["time"]) for q in queries) * 1000
    print(
        f"\n=== {title}: {len(queries)} queries, {total_ms:.1f} ms in SQL, {elapsed:.0f} ms in all"
    )
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:TOP]:
        print(f"--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:300]}")
        print(_explain(q["sql"]))


def explain_all(user, borough):
    # DEBUG is off, so templates need the hashed static manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for title, url in pages(user, borough):
        client.get(url)  # warm caches, so the figures are steady-state
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        _report(f"{title} ({url})", captured.captured_queries, elapsed)

    plan_ids = list(Plan.objects.filter(borough=borough).values_list("id", flat=True))
    when = LAST_QUARTER.end_datetime()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        actions_as_at(when=when, plan_ids=plan_ids)
        elapsed = (time.perf_counter() - started) * 1000
    _report(f"as-at {borough.slug} at {LAST_QUARTER.label}", captured.captured_queries, elapsed)

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        build_pack_content(borough=borough, period=LAST_QUARTER)
        elapsed = (time.perf_counter() - started) * 1000
    _report(f"pack content {borough.slug} {LAST_QUARTER.label}", captured.captured_queries, elapsed)
