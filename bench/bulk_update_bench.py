"""How long one bulk update of 50 actions takes the server: one POST of the bulk page.

    .venv/bin/python bench/bulk_update_bench.py [--runs 9] [--rows 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendplan_bench_bulk \
        .venv/bin/python bench/bulk_update_bench.py

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set (then
that database must be disposable: the script migrates and fills it). Each run posts
every row with a new rating, narrative and next steps, through Django's full request
handling (middleware, sessions, CSRF off as the test client does, the view, the bulk
service), and times the request in process. Prints the median, min and max, and the
number of SQL queries, which must not grow with the number of rows.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bulk-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))
# The test settings: production's, with static files served from source (no manifest).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings_test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from actions.models import Action, Plan, Priority  # noqa: E402
from boroughs.models import Borough, Membership, Person, Role  # noqa: E402
from governance.round_services import round_open  # noqa: E402
from sendplan.periods import ReportingPeriod  # noqa: E402

RATINGS = ["red", "amber", "green"]


def build(rows):
    borough = Borough.objects.create(name="Benchshire", slug="benchshire", gss_code="E06999999")
    user = get_user_model().objects.create_user("bench-editor")
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    person = Person.objects.create(borough=borough, name="Bench Officer", user=user)
    plan = Plan.objects.create(borough=borough, slug="strategy", title="SEND Strategy")
    priorities = [
        Priority.objects.create(plan=plan, number=str(i + 1), title=f"Priority {i + 1}", position=i)
        for i in range(5)
    ]
    for i in range(rows):
        action = Action.objects.create(
            plan=plan,
            priority=priorities[i % 5],
            reference=f"{i % 5 + 1}.{i + 1}",
            description=f"Action {i + 1}: improve the local offer for families.",
            due_date=dt.date(2027, 3, 31),
            position=i,
        )
        action.owners.add(person)
    period = ReportingPeriod.containing(dt.date.today()).previous()
    return user, round_open(borough=borough, period=period, user=None)


def payload(reporting_round, run):
    data = {}
    for action in Action.objects.filter(plan__borough=reporting_round.borough):
        prefix = f"a{action.pk}"
        data[f"{prefix}-version"] = action.version
        data[f"{prefix}-status"] = RATINGS[run % 3]
        data[f"{prefix}-narrative"] = (
            f"Run {run}: what happened in the quarter for {action.reference}."
        )
        data[f"{prefix}-next_steps"] = "Keep going; report to the board."
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--rows", type=int, default=50)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, reporting_round = build(args.rows)
    client = Client()
    client.force_login(user)
    url = reverse("round_bulk", args=[reporting_round.pk]) + "?mine=1"
    timings, queries = [], []
    for run in range(args.runs + 1):  # the first is a warm-up
        data = payload(reporting_round, run)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.post(url, data)
            elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.content.decode()[:2000]
        if run:
            timings.append(elapsed)
            queries.append(len(captured))
    median = statistics.median(timings)
    vendor = connection.vendor
    print(
        f"bulk update of {args.rows} actions in one POST on {vendor}: "
        f"median {median * 1000:.0f} ms (min {min(timings) * 1000:.0f}, "
        f"max {max(timings) * 1000:.0f}, {args.runs} runs), {queries[0]} queries  "
        f"target <= 300 ms: {'met' if median <= 0.3 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
