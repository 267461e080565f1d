"""Each page's server CPU in-process: the load test's round, one request at a time.

Django's test client signed in as one borough's editor requests each page of the
load test's round (bench/_locustfile.py) `runs` times after a warm-up, and prints the
median and worst CPU time of the request thread (the same clock as the Server-Timing
header the load test reads). Without queueing or other processes' CPU, this is what a
page costs; `--profile PAGE` prints a cProfile of that page instead.
"""

import cProfile
import os
import pstats
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client

from actions.models import Action, Plan
from sendplan import collector

BOROUGH = "area-077"  # bench/_measure.py's borough: its rows sit among everyone else's
TARGET_MS = 20  # median server CPU of each signed-in page (docs/performance.md)


def pages(borough_slug=BOROUGH):
    plans = list(Plan.objects.filter(borough__slug=borough_slug).order_by("id"))
    big = max(plans, key=lambda p: p.actions.count())
    action = Action.objects.filter(plan=big).exclude(status="blue").order_by("id").first()
    owner = action.owners.order_by("id").first()
    return [
        ("home", "/"),
        ("plan (200 actions)", f"/plans/{big.pk}/"),
        ("action list: red and amber", "/actions/?status=red&status=amber"),
        ("action list: overdue by due date", "/actions/?overdue=on&sort=due_date"),
        ("action list: one owner", f"/actions/?owner={owner.pk}"),
        ("action list: plan, green", f"/actions/?plan={big.pk}&status=green"),
        ("action detail", f"/actions/{action.pk}/"),
        ("status update form", f"/actions/{action.pk}/update/"),
        ("search: health", "/search/?q=health"),
        ("search: 2026/27 Q2", "/search/?q=2026/27+Q2"),
        ("dashboard", f"/boroughs/{borough_slug}/dashboard/"),
    ]


class Counted(list):
    """A database execute wrapper that keeps each statement (DEBUG is off here)."""

    def __call__(self, execute, sql, params, many, context):
        self.append(sql)
        return execute(sql, params, many, context)


def _client(borough_slug):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=f"editor-{borough_slug}"))
    return client


def measure(*, runs, profile=None, borough_slug=BOROUGH):
    # DEBUG is off, so templates need the hashed static manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)
    client = _client(borough_slug)
    # As in a gunicorn worker (sendplan/wsgi.py): start-up objects frozen, thresholds up.
    collector.tune()
    chosen = [(t, u) for t, u in pages(borough_slug) if profile is None or profile in t]
    if profile is not None:
        for title, url in chosen:
            client.get(url)
            profiler = cProfile.Profile(time.thread_time)
            profiler.enable()
            for _ in range(runs):
                client.get(url)
            profiler.disable()
            print(f"\n=== {title} ({url}), {runs} requests")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    print(
        f"Borough {borough_slug}; {runs} rounds of every page after one warm-up, the pages "
        "taken in turn within each round (so a drift in the shared machine's speed falls "
        "on every page alike); thread CPU ms"
    )
    print(f"Load average at start: {_load()}; target: median <= {TARGET_MS} ms a page")
    print(f"  {'page':<36} {'queries':>7} {'KB':>5} {'median':>7} {'p95':>6} {'min':>6} {'max':>6}")
    counted = {}
    for title, url in chosen:
        client.get(url)
        statements = Counted()
        with connection.execute_wrapper(statements):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counted[title] = (len(statements), len(response.content))
    times = {title: [] for title, _ in chosen}
    for _ in range(runs):
        for title, url in chosen:
            started = time.thread_time()
            client.get(url)
            times[title].append((time.thread_time() - started) * 1000)
    missed = []
    for title, _ in chosen:
        page, (queries, size) = times[title], counted[title]
        median = statistics.median(page)
        if median > TARGET_MS:
            missed.append(title)
        print(
            f"  {title:<36} {queries:>7} {size / 1024:>5.0f} "
            f"{median:>7.1f} {_p95(page):>6.1f} {min(page):>6.1f} {max(page):>6.1f}"
        )
    print(f"Load average at end: {_load()}; over {TARGET_MS} ms: {', '.join(missed) or 'none'}")


def _p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _load():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())
