"""Time the spreadsheet import of a 10,000-row plan, and a stock django-import-export import.

    DEBUG=1 .venv/bin/python bench/import_bench.py [--rows 10000] [--runs 3]

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set
(then that database is migrated and written to: point it at a scratch database).
Ours and the stock ModelResource (the library's defaults) run alternately in this one
process, so both see the same machine load; the ratio printed is the median of the
per-pair ratios. Also timed: `import_plan --dry-run`, the same rows as a 10-sheet
workbook (one sheet per priority, each sheet's title naming it), the queries one
import makes, and re-importing the same file (nothing changes).

Each run's CPU time (this process's) is printed beside its wall time, with the load
average at the start and the end: on a shared machine CPU time is the steadier figure.
On SQLite it includes the database's work; on PostgreSQL the server's is not counted,
so compare wall times there.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="sendplan-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
os.environ.setdefault("IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
# DEBUG=1 logs queries; the stock import makes more than the log keeps, which is the point.
warnings.filterwarnings("ignore", message="Limit for query logging exceeded")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import tablib  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from import_export import resources  # noqa: E402

from actions.models import Action, Plan, Priority  # noqa: E402
from boroughs.models import Borough  # noqa: E402

HEADER = ["Priority", "Objective", "Ref", "Action", "Who", "Timescale", "Status", "Narrative"]
TIMESCALES = ["Q2", "End Q1", "Summer term 2025", "31/3/26", "during 2025/26", "Ongoing"]
STATUSES = ["Red", "Amber", "Green", "Blue", ""]


def plan_rows(count):
    for n in range(count):
        p, o = n // 1000 + 1, n // 50 + 1
        yield [
            f"Priority {p}: improve outcomes in area {p}",
            f"Objective {o}: make the local offer work for families in cohort {o}",
            f"{p}.{o}.{n % 50 + 1}",
            f"Action {n}: review the pathway, agree the changes with partners and report "
            "progress to the SEND partnership board each quarter.",
            f"Officer {n % 120} Surname{n % 120}, Head of Service / Team {n % 9}",
            TIMESCALES[n % len(TIMESCALES)],
            STATUSES[n % len(STATUSES)],
            f"Progress note for action {n}.",
        ]


def write_xlsx(path, count):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(HEADER)
    for row in plan_rows(count):
        sheet.append(row)
    book.save(path)


def write_xlsx_sheets(path, count, sheets=10):
    """The same rows, one sheet per priority: the sheet's title row names the priority."""
    book = openpyxl.Workbook(write_only=True)
    rows = list(plan_rows(count))
    per = -(-count // sheets)
    for n in range(sheets):
        chunk = rows[n * per : (n + 1) * per]
        if not chunk:
            break
        sheet = book.create_sheet(f"Priority {n + 1}")
        sheet.append([f"Priority {n + 1}: {chunk[0][0].split(': ', 1)[1]}"])
        sheet.append(HEADER[1:])
        for row in chunk:
            sheet.append(row[1:])
    book.save(path)


def timed(fn, cpu=None):
    """Wall seconds of fn(); appends its CPU seconds (this process) to `cpu` if given."""
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    if cpu is not None:
        cpu.append(time.process_time() - start_cpu)
    return time.perf_counter() - start


def load():
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def cli(path, borough, title, *extra):
    call_command(
        "import_plan",
        str(path),
        f"--borough={borough.slug}",
        "--new-plan",
        title,
        *extra,
        stdout=io.StringIO(),
    )


class ActionResource(resources.ModelResource):
    """django-import-export's own way, with its defaults (one save per row)."""

    class Meta:
        model = Action


def stock_dataset(plan, priority, count):
    data = tablib.Dataset(
        headers=[
            "id",
            "plan",
            "priority",
            "reference",
            "description",
            "timescale",
            "status",
            "status_narrative",
        ]
    )
    status_values = {"Red": "red", "Amber": "amber", "Green": "green", "Blue": "blue", "": ""}
    for row in plan_rows(count):
        data.append(
            ["", plan.pk, priority.pk, row[2], row[3], row[5], status_values[row[6]], row[7]]
        )
    return data


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    borough, _ = Borough.objects.get_or_create(
        slug="bench-borough", defaults={"name": "Bench borough", "gss_code": "E09999999"}
    )
    path = SCRATCH / "plan.xlsx"
    write_xlsx(path, args.rows)
    print(
        f"Database: {connection.vendor}; file: {path.stat().st_size / 1e6:.1f} MB, "
        f"{args.rows:,} rows; load average {load()}"
    )

    sheets_path = SCRATCH / "plan-10-sheets.xlsx"
    write_xlsx_sheets(sheets_path, args.rows)

    # Counted first: the stock import fills DEBUG's query log, which keeps only 9,000.
    with CaptureQueriesContext(connection) as queries:
        cli(path, borough, "Counted plan")
    plan = Plan.objects.filter(borough=borough, title="Counted plan").get()
    assert plan.actions.count() == args.rows, plan.actions.count()
    dry = [timed(lambda: cli(path, borough, "Dry run", "--dry-run")) for _ in range(args.runs)]
    applied, stock_runs, ratios, sheeted = [], [], [], []
    ours_cpu, stock_cpu, sheets_cpu = [], [], []
    for i in range(args.runs):
        ours = timed(lambda i=i: cli(path, borough, f"Bench plan {i}"), ours_cpu)
        stock_plan = Plan.objects.create(borough=borough, slug=f"stock-{i}", title="Stock import")
        priority = Priority.objects.create(plan=stock_plan, title="Everything")
        dataset = stock_dataset(stock_plan, priority, args.rows)
        resource = ActionResource()
        stock = timed(
            lambda dataset=dataset, resource=resource: resource.import_data(dataset), stock_cpu
        )
        assert stock_plan.actions.count() == args.rows, stock_plan.actions.count()
        sheeted.append(timed(lambda i=i: cli(sheets_path, borough, f"Sheets plan {i}"), sheets_cpu))
        applied.append(ours)
        stock_runs.append(stock)
        ratios.append(stock / ours)
        print(
            f"  run {i + 1}: ours {ours:.2f} s (CPU {ours_cpu[-1]:.2f}), "
            f"stock {stock:.2f} s (CPU {stock_cpu[-1]:.2f}), "
            f"10 sheets {sheeted[-1]:.2f} s (CPU {sheets_cpu[-1]:.2f}); load {load()}"
        )
    sheets_plan = Plan.objects.filter(borough=borough, title="Sheets plan 0").get()
    assert sheets_plan.actions.count() == args.rows
    assert sheets_plan.priorities.count() == 10, sheets_plan.priorities.count()
    again = timed(
        lambda: call_command(
            "import_plan",
            str(path),
            f"--borough={borough.slug}",
            f"--plan={plan.slug}",
            stdout=io.StringIO(),
        )
    )

    print(f"import_plan --dry-run, median of {args.runs}: {statistics.median(dry):.2f} s")
    print(
        f"import_plan (apply, new plan), median of {args.runs}: {statistics.median(applied):.2f} s"
    )
    print(f"  queries for one apply of {args.rows:,} rows: {len(queries.captured_queries)}")
    print(f"import_plan, same rows in 10 sheets, median: {statistics.median(sheeted):.2f} s")
    print(f"import_plan again, same file (all unchanged): {again:.2f} s")
    print(
        f"django-import-export ModelResource, defaults, median of {args.runs}: "
        f"{statistics.median(stock_runs):.2f} s"
    )
    print(
        f"Ratio stock / ours, median of the {args.runs} alternating pairs: "
        f"{statistics.median(ratios):.1f}x"
    )
    cpu_ratios = [s / o for s, o in zip(stock_cpu, ours_cpu, strict=True)]
    print(
        f"CPU time (this process), medians: ours {statistics.median(ours_cpu):.2f} s, "
        f"10 sheets {statistics.median(sheets_cpu):.2f} s, "
        f"stock {statistics.median(stock_cpu):.2f} s; "
        f"ratio {statistics.median(cpu_ratios):.1f}x"
    )
    print(f"Load average at the end: {load()}")


if __name__ == "__main__":
    main()
