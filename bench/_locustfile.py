"""Locust users for `bench/national.py load`: borough editors doing a normal round.

Each simulated user is the editor of its own borough, already signed in (targets and
session cookies come from the JSON file named by BENCH_TARGETS, written by
bench/_load.py), and repeats: home, a plan, a filtered action list, an action's page,
the status update form, a status update posted from it, a search and the borough's
dashboard. BENCH_WAIT is the think time between pages in seconds ("1,3" for a person
reading, "0,0" for a saturation run).
"""

import itertools
import json
import os
import random
import re
from datetime import date

from locust import HttpUser, between, constant, events, task

TARGETS = json.loads(open(os.environ["BENCH_TARGETS"]).read())  # noqa: SIM115
_next_target = itertools.count()
_low, _high = (float(x) for x in os.environ.get("BENCH_WAIT", "1,3").split(","))
VERSION = re.compile(r'name="version" value="(\d+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["health", "transition", "EHCP", "2026/27 Q2"]
FILTERS = [
    "status=red&status=amber",
    "overdue=on&sort=due_date",
    "owner={owner}",
    "plan={plan}&status=green",
]


# Server CPU per page, from the Server-Timing header (sendplan/timing.py, on with
# SERVER_TIMING=true), collected after every user has started and written at the end.
CPU_FILE = os.environ.get("BENCH_CPU_FILE")
CPU_MS = {}
SERVER_TIMING = re.compile(r"cpu;dur=([0-9.]+)")


@events.request.add_listener
def _record_cpu(name, response=None, exception=None, **kwargs):
    header = response.headers.get("Server-Timing", "") if response is not None else ""
    found = SERVER_TIMING.search(header)
    if found and not exception:
        CPU_MS.setdefault(name, []).append(float(found.group(1)))


@events.spawning_complete.add_listener
def _reset_cpu(user_count, **kwargs):
    CPU_MS.clear()  # like --reset-stats: the ramp-up is not measured


@events.test_stop.add_listener
def _write_cpu(**kwargs):
    if CPU_FILE:
        with open(CPU_FILE, "w") as f:
            json.dump(CPU_MS, f)


class Editor(HttpUser):
    wait_time = constant(0) if _high == 0 else between(_low, _high)

    def on_start(self):
        self.target = TARGETS[next(_next_target) % len(TARGETS)]
        self.random = random.Random(self.target["username"])
        # Signed in once before the run by bench/_load.py; reuse that session.
        for name, value in self.target["cookies"].items():
            # Same domain and path as the server's own Set-Cookie, so its updates replace them.
            self.client.cookies.set(name, value, domain="127.0.0.1", path="/")

    @task
    def round(self):
        target, rnd = self.target, self.random
        self.client.get("/", name="home")
        self.wait()
        self.client.get(f"/plans/{rnd.choice(target['plans'])}/", name="plan")
        self.wait()
        query = rnd.choice(FILTERS).format(
            owner=rnd.choice(target["owners"]), plan=rnd.choice(target["plans"])
        )
        self.client.get(f"/actions/?{query}", name="action list (filtered)")
        self.wait()
        action = rnd.choice(target["actions"])
        self.client.get(f"/actions/{action}/", name="action detail")
        self.wait()
        self._update(action)
        self.wait()
        self.client.get(f"/search/?q={rnd.choice(SEARCHES)}", name="search")
        self.wait()
        self.client.get(f"/boroughs/{target['slug']}/dashboard/", name="dashboard")
        self.wait()

    def _update(self, action):
        url = f"/actions/{action}/update/"
        with self.client.get(url, name="status update form", catch_response=True) as form:
            found, csrf = VERSION.search(form.text), CSRF.search(form.text)
            if not (found and csrf):
                form.failure("the form has no version or CSRF token")
                return
        today = date.today()
        status = self.random.choice(["red", "amber", "green"])
        with self.client.post(
            url,
            {
                "csrfmiddlewaretoken": csrf.group(1),
                "version": found.group(1),
                "status": status,
                "narrative": f"Load test update: {status}. Progress reviewed with partners.",
                "next_steps": "Review at the next delivery group.",
                "date_day": str(today.day),
                "date_month": str(today.month),
                "date_year": str(today.year),
            },
            name="status update (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status update not saved: HTTP {response.status_code}")
