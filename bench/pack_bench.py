"""How long a board pack takes for a large borough: 300 actions, two years of history.

    DEBUG=1 .venv/bin/python bench/pack_bench.py [--runs 5]

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set
(then that database must be empty or disposable: the script migrates and fills it).
Alternates the whole pack (as-at content, charts, HTML and PDF) and WeasyPrint alone
on the same HTML in one process (A B A B ...), and prints both medians and the median
of the per-pair A/B CPU ratios, then the content and the HTML alone.
"""

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="pack-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'bench.sqlite3'}")
os.environ.setdefault("MEDIA_ROOT", str(WORK / "media"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402
import pypdf  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from simple_history.utils import bulk_create_with_history, bulk_update_with_history  # noqa: E402

from actions.models import Action, MeasureValue, Milestone, Plan, Priority, SuccessMeasure  # noqa: E402
from boroughs.models import Borough, Person  # noqa: E402
from governance.models import Board, Risk  # noqa: E402
from reports.content import build_pack_content  # noqa: E402
from reports.generation import generate_pack_files  # noqa: E402
from reports.rendering import render_pack_html, render_pdf  # noqa: E402
from sendplan.periods import ReportingPeriod  # noqa: E402

LONDON = ZoneInfo("Europe/London")
ACTIONS = 300
PRIORITIES = 6
STATUSES = ["red", "amber", "amber", "green", "green", "green", "blue"]


def stamp(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=LONDON)


@transaction.atomic
def build_borough(last):
    """A borough with 300 actions rated every quarter for the eight quarters up to `last`."""
    quarters = [last]
    while len(quarters) < 8:
        quarters.insert(0, quarters[0].previous())
    start = stamp(quarters[0].start - dt.timedelta(days=1))

    borough = Borough.objects.create(name="Benchshire", slug="benchshire", gss_code="E06999999")
    [plan] = bulk_create_with_history(
        [Plan(borough=borough, slug="strategy", title="SEND Strategy 2024-2029")],
        Plan,
        default_date=start,
    )
    priorities = bulk_create_with_history(
        [
            Priority(
                plan=plan,
                number=str(i + 1),
                title=f"Priority {i + 1}: a long title for the SEND partnership's work",
                position=i,
            )
            for i in range(PRIORITIES)
        ],
        Priority,
        default_date=start,
    )
    people = bulk_create_with_history(
        [Person(borough=borough, name=f"Officer {i:02d}") for i in range(30)],
        Person,
        default_date=start,
    )
    actions = bulk_create_with_history(
        [
            Action(
                plan=plan,
                priority=priorities[i % PRIORITIES],
                reference=f"{i % PRIORITIES + 1}.{i}",
                description=f"Action {i}: improve how families find and use the local offer "
                "across education, health and care.",
                due_date=quarters[i % 8].end + dt.timedelta(days=30),
                position=i,
            )
            for i in range(ACTIONS)
        ],
        Action,
        default_date=start,
    )
    Owners = Action.owners.through
    Owners.objects.bulk_create(
        [Owners(action=a, person=people[i % 30]) for i, a in enumerate(actions)]
    )
    for q, quarter in enumerate(quarters):
        for i, action in enumerate(actions):
            action.status = STATUSES[(i + q) % len(STATUSES)]
            action.status_narrative = (
                f"Quarter {quarter.label}: progress as reported, with "
                "the risks and what the partnership is doing about them."
            )
            action.next_steps = "Report back to the board next quarter."
            action.status_date = quarter.end - dt.timedelta(days=10)
            action.completed_on = action.status_date if action.status == "blue" else None
        bulk_update_with_history(
            actions,
            Action,
            ["status", "status_narrative", "next_steps", "status_date", "completed_on"],
            default_date=stamp(quarter.end - dt.timedelta(days=10)),
        )
    # Every history row records the action's owner, as simple_history does for m2m fields.
    HistoricalOwners = Action.history.model.owners.model
    owner_of = {a.pk: people[i % 30].pk for i, a in enumerate(actions)}
    through_id = dict(Owners.objects.values_list("action_id", "id"))
    HistoricalOwners.objects.bulk_create(
        [
            HistoricalOwners(id=through_id[a], history_id=h, action_id=a, person_id=owner_of[a])
            for h, a in Action.history.values_list("history_id", "id")
        ]
    )
    bulk_create_with_history(
        [
            Milestone(
                action=a,
                title=f"Milestone for {a.reference}",
                due_date=quarters[-1].next().start + dt.timedelta(days=i % 80),
            )
            for i, a in enumerate(actions)
        ],
        Milestone,
        default_date=start,
    )
    measures = bulk_create_with_history(
        [
            SuccessMeasure(
                plan=plan,
                priority=priorities[i % PRIORITIES],
                description=f"Measure {i}",
                unit="%",
                baseline=40,
                target=70,
                direction="up",
                position=i,
            )
            for i in range(12)
        ],
        SuccessMeasure,
        default_date=start,
    )
    bulk_create_with_history(
        [
            MeasureValue(measure=m, date=quarter.end, value=40 + q * 3 + i % 5)
            for i, m in enumerate(measures)
            for q, quarter in enumerate(quarters)
        ],
        MeasureValue,
        default_date=start,
    )
    risks = bulk_create_with_history(
        [
            Risk(
                borough=borough,
                risk_id=f"R{i + 1}",
                description=f"Risk {i + 1}",
                likelihood=1 + i % 5,
                impact=1 + (i * 2) % 5,
            )
            for i in range(20)
        ],
        Risk,
        default_date=start,
    )
    Links = Risk.actions.through
    Links.objects.bulk_create([Links(risk=r, action=actions[i]) for i, r in enumerate(risks)])
    link_ids = dict(Links.objects.values_list("risk_id", "id"))
    HistoricalLinks = Risk.history.model.actions.model
    history_ids = dict(Risk.history.values_list("id", "history_id"))
    HistoricalLinks.objects.bulk_create(
        [
            HistoricalLinks(
                id=link_ids[r.pk],
                history_id=history_ids[r.pk],
                risk_id=r.pk,
                action_id=actions[i].pk,
            )
            for i, r in enumerate(risks)
        ]
    )
    board = Board.objects.create(borough=borough, slug="board", name="SEND Partnership Board")
    return borough, board


def median_seconds(function, runs):
    """Median wall-clock and CPU seconds of `runs` calls, and the last result.

    CPU time is reported too because these machines are shared: wall time swings with
    other people's jobs, the process's own CPU time much less.
    """
    times, cpu_times = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    return Timing(statistics.median(times), statistics.median(cpu_times)), result


class Timing:
    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def __format__(self, spec):
        return f"{self.wall:{spec}} s wall, {self.cpu:{spec}} s CPU"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", help="Also write the last PDF here, to look at.")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    period = ReportingPeriod(2025, 2)
    started = time.perf_counter()
    borough, board = build_borough(period)
    setup = time.perf_counter() - started
    print(
        f"Database: {django.db.connection.vendor}; built {ACTIONS} actions with "
        f"{Action.history.count():,} history rows in {setup:.1f} s"
    )

    # One warm-up pack (imports, font loading), then whole pack (A) and WeasyPrint
    # alone on that pack's HTML (B), alternated A B A B so both see the same load.
    files = generate_pack_files(borough=borough, period=period, board=board)
    whole_runs, weasy_runs, ratios = [], [], []
    for _ in range(options.runs):
        a, files = median_seconds(
            lambda: generate_pack_files(borough=borough, period=period, board=board), 1
        )
        b, pdf = median_seconds(lambda html=files.html: render_pdf(html), 1)
        whole_runs.append(a)
        weasy_runs.append(b)
        ratios.append(a.cpu / b.cpu)
    content_only, content = median_seconds(
        lambda: build_pack_content(borough=borough, period=period, board=board), options.runs
    )
    html_only, html = median_seconds(
        lambda: render_pack_html(content, generated_at=files.generated_at), options.runs
    )
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    if options.pdf:
        Path(options.pdf).write_bytes(pdf)
    print(f"Pack for {ACTIONS} actions, {period.label}: {len(pdf):,} bytes, {pages} pages")
    print(f"median of {options.runs} runs, alternating A (whole pack) and B (WeasyPrint alone):")
    print(f"  A whole pack (content + charts + HTML + PDF): {_median(whole_runs):6.2f}")
    print(f"  B WeasyPrint alone on the same HTML:          {_median(weasy_runs):6.2f}")
    print(f"  as-at content alone:                          {content_only:6.2f}")
    print(f"  charts + HTML alone:                          {html_only:6.2f}")
    print(f"  A/B CPU ratio per pair: {', '.join(f'{r:.3f}' for r in ratios)}")
    print(f"  median A/B ratio: {statistics.median(ratios):.3f} (target <= 1.2)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _median(timings):
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


if __name__ == "__main__":
    main()
