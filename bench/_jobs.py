"""Board packs (one in-process; all 153 through db_worker) and the 300-row import."""

import io
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import tablib
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from actions.models import Plan
from actions.spreadsheets.columns import TEMPLATE_COLUMNS
from bench import _env
from bench._dataset import LAST_QUARTER, OBJECTS, VERBS
from bench._load import VENV, Processes
from boroughs.models import Borough, Person
from reports.content import build_pack_content
from reports.generation import generate_pack_files
from reports.models import BoardPack, PackStatus
from reports.rendering import render_pack_html, render_pdf
from reports.services import pack_request

PACK_BOROUGH = "area-077"
IMPORT_BOROUGH = "area-150"


def _ms(seconds):
    return f"{seconds * 1000:,.0f} ms"


def one_pack(*, runs=3):
    borough = Borough.objects.get(slug=PACK_BOROUGH)
    started = time.perf_counter()
    files = generate_pack_files(borough=borough, period=LAST_QUARTER)
    cold = time.perf_counter() - started
    print(
        f"Pack {borough.slug} {LAST_QUARTER.label}, first in this process (fonts, templates "
        f"loading): {cold:.2f} s; PDF {len(files.pdf):,} bytes, HTML {len(files.html):,} chars, "
        f"{files.content['summary']['overall']['total']} actions"
    )
    phases = {"content (as-at reads)": [], "HTML": [], "PDF (WeasyPrint)": [], "total": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        content = build_pack_content(borough=borough, period=LAST_QUARTER)
        t1 = time.perf_counter()
        html = render_pack_html(content, generated_at=files.generated_at)
        t2 = time.perf_counter()
        render_pdf(html)
        t3 = time.perf_counter()
        phases["content (as-at reads)"].append(t1 - t0)
        phases["HTML"].append(t2 - t1)
        phases["PDF (WeasyPrint)"].append(t3 - t2)
        phases["total"].append(t3 - t0)
    for name, times in phases.items():
        print(
            f"  {name:<22} median {statistics.median(times):6.2f} s  (runs: "
            + ", ".join(f"{t:.2f}" for t in times)
            + ")"
        )
    total = statistics.median(phases["total"])
    print(
        f"One borough pack: median {total:.2f} s of {runs}  target < 10 s: "
        f"{'met' if total < 10 else 'MISSED'}"
    )


def all_packs(*, workers=2, timeout=3600):
    """Queue one pack per borough as its editor would, then let db_worker drain the queue."""
    BoardPack.objects.all().delete()
    DBTaskResult.objects.all().delete()
    User = get_user_model()
    queued_at = time.perf_counter()
    for borough in Borough.objects.order_by("id"):
        editor = User.objects.get(username=f"editor-{borough.slug}")
        pack_request(borough=borough, period=LAST_QUARTER, user=editor)
    count = BoardPack.objects.count()
    print(
        f"\nQueued {count} packs ({LAST_QUARTER.label}) in {time.perf_counter() - queued_at:.1f} s"
    )
    logdir = Path(tempfile.mkdtemp(prefix="sendplan-packs-"))
    env = _env.server_environment()
    started = time.perf_counter()
    deadline = time.monotonic() + timeout
    with Processes(logdir) as procs:
        workers_started = [
            procs.start(
                f"db_worker-{n}",
                [str(VENV / "python"), "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                env,
            )
            for n in range(workers)
        ]
        last = None
        while any(p.poll() is None for p in workers_started) and time.monotonic() < deadline:
            time.sleep(5)
            done = BoardPack.objects.filter(status__in=[PackStatus.READY, PackStatus.FAILED])
            finished = done.count()
            if finished != last:
                print(f"  {time.perf_counter() - started:6.0f} s: {finished}/{count} finished")
                last = finished
        timed_out = any(p.poll() is None for p in workers_started)
    elapsed = time.perf_counter() - started
    ready = BoardPack.objects.filter(status=PackStatus.READY).count()
    failed = BoardPack.objects.filter(status=PackStatus.FAILED).count()
    stopped = " - STOPPED AT THE TIME LIMIT" if timed_out else ""
    print(
        f"All packs through {workers} db_worker processes: {ready} ready, {failed} failed in "
        f"{elapsed:.0f} s ({elapsed / 60:.1f} min){stopped}"
        f"; {ready / elapsed * 60:.1f} packs a minute, {elapsed * workers / max(ready, 1):.2f} s "
        f"of worker time per pack. Worker logs in {logdir}"
    )
    if failed:
        for pack in BoardPack.objects.filter(status=PackStatus.FAILED)[:3]:
            print(f"  failed: {pack.borough.slug}: {pack.error_message[:200]}")


def plan_file(borough, rows=300):
    """A 300-row plan in the import template's columns: 5 priorities x 4 objectives x 15."""
    people = list(
        Person.objects.filter(borough=borough).order_by("id").values_list("name", flat=True)
    )
    data = tablib.Dataset(headers=TEMPLATE_COLUMNS)
    statuses = ["Red", "Amber", "Green", "Blue", ""]
    for n in range(rows):
        p, o, a = n // 60 + 1, (n // 15) % 4 + 1, n % 15 + 1
        status = statuses[n % 5]
        data.append(
            [
                p,
                f"Priority {p}: {OBJECTS[p]}",
                f"{p}.{o}",
                OBJECTS[o],
                "",
                f"{p}.{o}.{a}",
                f"{VERBS[n % len(VERBS)]} {OBJECTS[n % len(OBJECTS)]} (row {n + 1})",
                "Local authority",
                f"{people[n % len(people)]} / {people[(n * 7) % len(people)]}",
                f"March {2027 + n % 3}",
                status,
                f"Progress on row {n + 1} reviewed with partners." if status else "",
                "Report to the delivery group.",
                "Co-production" if n % 4 == 0 else "",
            ]
        )
    return data.export("xlsx")


def imports(*, runs=3):
    borough = Borough.objects.get(slug=IMPORT_BOROUGH)
    folder = Path(tempfile.mkdtemp(prefix="sendplan-import-"))
    path = folder / "plan-300-rows.xlsx"
    path.write_bytes(plan_file(borough))
    print(f"\nImport of {path} (300 rows, {path.stat().st_size:,} bytes) into {borough.slug}")
    times = []
    made = []
    for run in range(runs):
        title = f"Bench import {time.time_ns()}-{run}"
        out = io.StringIO()
        started = time.perf_counter()
        call_command("import_plan", str(path), borough=borough.slug, new_plan=title, stdout=out)
        times.append(time.perf_counter() - started)
        made.append(Plan.objects.get(borough=borough, title=title))
        print(f"  run {run + 1}: {times[-1]:.2f} s, {made[-1].actions.count()} actions")
    print(f"import_plan in-process: median {statistics.median(times):.2f} s of {runs}")
    title = f"Bench import {time.time_ns()}-cli"
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - fixed argv, our own venv
        [
            str(VENV / "python"),
            "manage.py",
            "import_plan",
            str(path),
            "--borough",
            borough.slug,
            "--new-plan",
            title,
        ],
        cwd=_env.ROOT,
        env=_env.server_environment() | {"DATABASE_POOL": "false"},
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=600,
    )
    print(
        f"import_plan as a command (with Python and Django start-up): "
        f"{time.perf_counter() - started:.2f} s"
    )
    made.append(Plan.objects.get(borough=borough, title=title))
    # Keep the dataset as generated: remove the imported plans again.
    for plan in made:
        plan.delete()
