"""Time the spreadsheet import of a 10,000-row plan against two fair yardsticks.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--runs 3]

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set
(then that database is migrated and written to: point it at a scratch database).
DEBUG is off (no query log), as in production. Three imports of the same rows run in
turn in this one process, `runs` rounds, so all see the same machine load:

- ours: `import_plan` on the .xlsx (read, safety scan, parse, compare, apply: actions,
  owners, status updates and every history row);
- stock: django-import-export on the same file, read and parsed by the library's own
  `XLSX` format, with its fastest documented options (`use_bulk`, `batch_size` 1000,
  `skip_diff`, `force_init_instance`, one transaction), the priority and objective
  columns through cached foreign-key widgets, and each action's history row written
  by django-simple-history's `bulk_create_with_history` (bulk mode sends no signals).
  Bulk mode cannot set many-to-many fields, so it writes no owners, and it makes no
  status updates: it writes fewer rows than ours. Its priorities and objectives are
  made before its clock starts;
- floor: a bare `bulk_create` of the same 10,000 actions (values already parsed) and
  `bulk_create_with_history`'s history rows for them: the least any import of these
  rows could cost in Django.

The ratios printed are medians of the per-round ratios of CPU time (this process's and
its children's: import_plan reads the upload in a child process; on SQLite it includes
the database's work, on PostgreSQL the server's is not counted)
and of wall time, with the rows each writes and the load average at the start and end,
and stock / floor, with what 10x the stock import would ask of ours as a fraction of the
floor (below 1 means faster than a bare bulk_create of fewer rows than ours writes).
Also timed: `import_plan --dry-run`, the same rows as a 10-sheet workbook (one sheet per
priority, each sheet's title naming it), the queries one import makes, and re-importing
the same file (nothing changes).
"""

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="sendplan-bench-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
os.environ.setdefault("IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
# Production-like: DEBUG off (no query log), so settings need a key and a site address.
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "import-bench-only-secret-key-0123456789-abcdefghijkl")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SITE_URL", "http://127.0.0.1")
os.environ.setdefault("MEDIA_ROOT", str(SCRATCH / "media"))
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.apps import apps  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from import_export import fields, resources, widgets  # noqa: E402
from import_export.formats.base_formats import XLSX  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from actions.models import Action, Objective, Plan, Priority  # noqa: E402
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


def cpu_seconds():
    """User + system CPU of this process and its finished children: import_plan reads
    the upload in a child process (actions/spreadsheets/isolated.py), and that counts."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def timed(fn, cpu=None):
    """Wall seconds of fn(); appends its CPU seconds (with children's) to `cpu` if given."""
    start, start_cpu = time.perf_counter(), cpu_seconds()
    fn()
    if cpu is not None:
        cpu.append(cpu_seconds() - start_cpu)
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


STATUS_VALUES = {"Red": "red", "Amber": "amber", "Green": "green", "Blue": "blue", "": ""}


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """The library's ForeignKeyWidget with its lookups cached: one query per title, not
    per row (the library's documented advice for large imports)."""

    def __init__(self, model, field, objects):
        super().__init__(model, field)
        self.by_title = {getattr(o, field): o for o in objects}

    def clean(self, value, row=None, **kwargs):
        return self.by_title.get(value) if value else None


class StatusWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return STATUS_VALUES[value or ""]


def stock_resource(plan):
    """A ModelResource for Action over the template's columns, in bulk mode."""
    priorities = list(Priority.objects.filter(plan=plan))
    objectives = list(Objective.objects.filter(priority__plan=plan))

    class ActionResource(resources.ModelResource):
        priority = fields.Field(
            attribute="priority",
            column_name="Priority",
            widget=CachedForeignKeyWidget(Priority, "title", priorities),
        )
        objective = fields.Field(
            attribute="objective",
            column_name="Objective",
            widget=CachedForeignKeyWidget(Objective, "title", objectives),
        )
        reference = fields.Field(attribute="reference", column_name="Ref")
        description = fields.Field(attribute="description", column_name="Action")
        timescale = fields.Field(attribute="timescale", column_name="Timescale")
        status = fields.Field(attribute="status", column_name="Status", widget=StatusWidget())
        status_narrative = fields.Field(attribute="status_narrative", column_name="Narrative")

        class Meta:
            model = Action
            fields = (
                "priority",
                "objective",
                "reference",
                "description",
                "timescale",
                "status",
                "status_narrative",
            )
            import_id_fields = ()
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            force_init_instance = True
            use_transactions = True

        def init_instance(self, row=None):
            return Action(plan=plan)

        def bulk_create(
            self, using_transactions, dry_run, raise_errors, batch_size=None, result=None
        ):
            # Bulk mode sends no signals, so django-simple-history writes no history
            # row: its own bulk helper writes one per action, as ours does.
            if self.create_instances and (using_transactions or not dry_run):
                try:
                    bulk_create_with_history(self.create_instances, Action, batch_size=batch_size)
                finally:
                    self.create_instances.clear()

    return ActionResource()


def stock_plan(borough, n):
    """A plan with the file's priorities and objectives made (untimed) for the stock run."""
    plan = Plan.objects.create(borough=borough, slug=f"stock-{n}", title=f"Stock import {n}")
    priorities, objectives = {}, set()
    for row in plan_rows(ROWS):
        if row[0] not in priorities:
            priorities[row[0]] = Priority.objects.create(
                plan=plan, title=row[0], position=len(priorities)
            )
        if (row[0], row[1]) not in objectives:
            objectives.add((row[0], row[1]))
            Objective.objects.create(
                priority=priorities[row[0]], title=row[1], position=len(objectives)
            )
    return plan


def stock_import(path, plan):
    """The stock import of the file: read and parsed by the library's XLSX format."""
    with open(path, "rb") as f:
        dataset = XLSX().create_dataset(f.read())
    result = stock_resource(plan).import_data(dataset, raise_errors=True)
    assert not result.has_errors()


def floor_import(plan, parsed):
    """A bare bulk_create of the same actions, with their history rows."""
    actions = [Action(plan=plan, **values) for values in parsed]
    with transaction.atomic():
        bulk_create_with_history(actions, Action, batch_size=1000)


def parsed_rows(plan):
    """The file's rows as Action field values, parsed before the floor's clock starts."""
    priorities = {p.title: p for p in Priority.objects.filter(plan=plan)}
    objectives = {o.title: o for o in Objective.objects.filter(priority__plan=plan)}
    return [
        {
            "priority": priorities[row[0]],
            "objective": objectives[row[1]],
            "reference": row[2],
            "description": row[3],
            "timescale": row[5],
            "status": STATUS_VALUES[row[6]],
            "status_narrative": row[7],
        }
        for row in plan_rows(ROWS)
    ]


def row_count():
    """Rows in every table of the project's and its libraries' models."""
    return sum(model._default_manager.count() for model in apps.get_models())


def rows_written(fn):
    before = row_count()
    fn()
    return row_count() - before


ROWS = 10_000


def main():
    global ROWS
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ROWS = args.rows

    call_command("migrate", verbosity=0)
    borough, _ = Borough.objects.get_or_create(
        slug="bench-borough", defaults={"name": "Bench borough", "gss_code": "E09999999"}
    )
    path = SCRATCH / "plan.xlsx"
    write_xlsx(path, args.rows)
    print(
        f"Database: {connection.vendor}; DEBUG off; file: {path.stat().st_size / 1e6:.1f} MB, "
        f"{args.rows:,} rows; load average at start {load()}"
    )

    sheets_path = SCRATCH / "plan-10-sheets.xlsx"
    write_xlsx_sheets(sheets_path, args.rows)

    with CaptureQueriesContext(connection) as queries:
        ours_rows = rows_written(lambda: cli(path, borough, "Counted plan"))
    plan = Plan.objects.filter(borough=borough, title="Counted plan").get()
    assert plan.actions.count() == args.rows, plan.actions.count()
    warm_stock = stock_plan(borough, "warm")
    stock_rows = rows_written(lambda: stock_import(path, warm_stock))
    assert warm_stock.actions.count() == args.rows, warm_stock.actions.count()
    parsed = parsed_rows(warm_stock)
    floor_plan = Plan.objects.create(borough=borough, slug="floor-warm", title="Floor warm")
    floor_rows = rows_written(lambda: floor_import(floor_plan, parsed))
    print(
        f"Rows written by one import: ours {ours_rows:,} ({len(queries.captured_queries)} "
        f"queries), stock {stock_rows:,}, floor {floor_rows:,}"
    )

    dry = [timed(lambda: cli(path, borough, "Dry run", "--dry-run")) for _ in range(args.runs)]
    walls = {"ours": [], "stock": [], "floor": [], "sheets": []}
    cpus = {name: [] for name in walls}
    for i in range(args.runs):
        walls["ours"].append(timed(lambda i=i: cli(path, borough, f"Bench plan {i}"), cpus["ours"]))
        plan_i = stock_plan(borough, i)
        walls["stock"].append(timed(lambda p=plan_i: stock_import(path, p), cpus["stock"]))
        assert plan_i.actions.count() == args.rows, plan_i.actions.count()
        floor_i = Plan.objects.create(borough=borough, slug=f"floor-{i}", title=f"Floor {i}")
        walls["floor"].append(timed(lambda p=floor_i: floor_import(p, parsed), cpus["floor"]))
        walls["sheets"].append(
            timed(lambda i=i: cli(sheets_path, borough, f"Sheets plan {i}"), cpus["sheets"])
        )
        print(
            f"  round {i + 1}: "
            + ", ".join(f"{n} {walls[n][-1]:.2f} s (CPU {cpus[n][-1]:.2f})" for n in walls)
            + f"; load {load()}"
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

    def med(values):
        return statistics.median(values)

    def ratio(top, bottom, clock):
        return med([t / b for t, b in zip(clock[top], clock[bottom], strict=True)])

    print(f"Medians of {args.runs} rounds (wall s / CPU s):")
    for name, words in (
        ("ours", "import_plan (apply, new plan)"),
        ("sheets", "import_plan, same rows in 10 sheets"),
        ("stock", "django-import-export, fastest options"),
        ("floor", "bare bulk_create floor"),
    ):
        print(f"  {words:<40} {med(walls[name]):>7.2f} {med(cpus[name]):>7.2f}")
    print(f"  import_plan --dry-run: {med(dry):.2f} s wall; same file again: {again:.2f} s")
    stock_cpu, floor_cpu = ratio("stock", "ours", cpus), ratio("ours", "floor", cpus)
    print(
        f"stock / ours: {stock_cpu:.1f}x CPU ({ratio('stock', 'ours', walls):.1f}x wall); "
        f"target >= 10x: {'met' if stock_cpu >= 10 else 'MISSED'}"
    )
    print(
        f"ours / floor: {floor_cpu:.2f}x CPU ({ratio('ours', 'floor', walls):.2f}x wall); "
        f"target <= 1.5x: {'met' if floor_cpu <= 1.5 else 'MISSED'}"
    )
    # The two targets measured against each other: what 10x the stock import would ask
    # of ours, as a fraction of a bare bulk_create of the same actions and history.
    needed = ratio("stock", "floor", cpus) / 10
    print(
        f"stock / floor: {ratio('stock', 'floor', cpus):.1f}x CPU; 10x the stock import "
        f"would need ours at {needed:.2f}x the floor (it is {floor_cpu:.2f}x)"
    )
    print(f"Load average at the end: {load()}")


if __name__ == "__main__":
    main()
