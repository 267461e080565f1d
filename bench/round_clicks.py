"""Clicks and page loads for an officer's 20 quarterly updates on the bulk page.

    .venv/bin/python bench/round_clicks.py [--rows 20] [--changed 4]

Builds a throwaway SQLite borough (unless DATABASE_URL is set: then a disposable
database) with `--rows` actions, rated Green, Amber and Red in turn with a narrative
each, and an open round. It opens the bulk page as the officer would, reads where each
row *starts* from the page itself (the selected rating), and counts what the officer
must do to report `--changed` new ratings and confirm the rest:

* choosing a different rating in a row's list: 2 clicks (open it, pick one);
* a narrative the rating rules ask for (actions.ragb.rating_problems: Red and Amber,
  and every change): 1 click into the box, then typing (not counted as clicks);
* opening the page from home: 1 click; "Save updates": 1 click.

Then it posts the form with exactly those changes and checks every row was saved.
For comparison it prints the same count for rows starting at "no update" (before
issue 22), where every row's rating has to be chosen. Target: <= 25 clicks when 4 of
20 ratings change.
"""

import argparse
import datetime as dt
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="round-clicks-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings_test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from actions.models import Action, Plan, Priority, StatusUpdate  # noqa: E402
from actions.ragb import rating_problems  # noqa: E402
from boroughs.models import Borough, Membership, Person, Role  # noqa: E402
from governance.round_services import round_open  # noqa: E402
from sendplan.periods import ReportingPeriod  # noqa: E402

CYCLE = ["green", "amber", "red"]
OTHER = {"green": "amber", "amber": "green", "red": "amber"}


def build(rows):
    borough = Borough.objects.create(name="Clickshire", slug="clickshire", gss_code="E06999998")
    user = get_user_model().objects.create_user("clicks-editor")
    Membership.objects.create(user=user, borough=borough, role=Role.EDITOR)
    person = Person.objects.create(borough=borough, name="Click Officer", user=user)
    plan = Plan.objects.create(borough=borough, slug="strategy", title="SEND Strategy")
    priority = Priority.objects.create(plan=plan, number="1", title="Early help")
    for i in range(rows):
        action = Action.objects.create(
            plan=plan,
            priority=priority,
            reference=f"1.{i + 1}",
            description=f"Action {i + 1}: improve the local offer for families.",
            due_date=dt.date(2027, 3, 31),
            position=i,
            status=CYCLE[i % 3],
            status_narrative=f"Last quarter's narrative for 1.{i + 1}.",
            status_date=dt.date(2025, 1, 1),
        )
        action.owners.add(person)
    period = ReportingPeriod.containing(dt.date.today()).previous()
    return user, round_open(borough=borough, period=period, user=None)


def starts_at(page, pk):
    """The rating a row's list shows when the page opens ("" for none)."""
    select = re.search(rf'<select[^>]*name="a{pk}-status".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option value="([a-z]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else ""


def plan_clicks(actions, start, changed):
    """(clicks, form data): what the officer does to report every row."""
    clicks, data = 2, {}  # open the page from home, and "Save updates"
    for n, action in enumerate(actions):
        want = OTHER[action.status] if n < changed else action.status
        needs_words = bool(
            rating_problems(status=want, previous=action.status, narrative="", completed_on=None)
        )
        clicks += 2 * (start[action.pk] != want) + needs_words
        prefix = f"a{action.pk}"
        data[f"{prefix}-version"] = action.version
        data[f"{prefix}-status"] = want
        data[f"{prefix}-narrative"] = "What happened this quarter." if needs_words else ""
    return clicks, data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20)
    parser.add_argument("--changed", type=int, default=4)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    user, reporting_round = build(args.rows)
    client = Client()
    client.force_login(user)
    loads = 1  # home
    url = reverse("round_bulk", args=[reporting_round.pk]) + "?mine=1"
    page = client.get(url).content.decode()
    loads += 1
    actions = list(Action.objects.filter(plan__borough=reporting_round.borough).order_by("id"))
    clicks, data = plan_clicks(
        actions, {a.pk: starts_at(page, a.pk) for a in actions}, args.changed
    )
    before, _ = plan_clicks(actions, {a.pk: "" for a in actions}, args.changed)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    loads += 2  # the POST and the page it returns to
    saved = StatusUpdate.objects.filter(action__in=actions).count()
    assert saved == args.rows, f"{saved} of {args.rows} saved"
    print(
        f"{args.rows} updates on the bulk page, {args.changed} ratings changed: "
        f"{clicks} clicks, {loads} page loads (rows starting at no update: {before} clicks)  "
        f"target <= 25 clicks: {'met' if clicks <= 25 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
