"""Candidate indexes, measured: each made by hand in the bench database, then dropped.

For each candidate the statement it serves is captured from the real code path
(the as-at selector, the pack's content builder), then run under
EXPLAIN (ANALYZE, BUFFERS) several times without and with the index; the median
execution time, the pages touched and the plan's access path are printed, and so is
the whole code path's median. The index is dropped afterwards (unless --keep), so
the bench database stays as the migrations make it. The migrations themselves are
not ours to change: bench/README.md and docs/performance.md say which to add.
"""

import re
import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Plan
from actions.selectors import actions_as_at
from bench._dataset import LAST_QUARTER, quarters
from boroughs.models import Borough
from reports.content import build_pack_content

RUNS = 7
BOROUGH = "area-077"


@dataclass(frozen=True)
class Candidate:
    name: str
    model: str
    definition: str  # what the migration should declare
    create: str
    workload: str  # which code path
    matches: str  # a fragment of the statement it serves


CANDIDATES = [
    Candidate(
        name="bench_su_action_latest",
        model="actions.StatusUpdate",
        definition='Index(fields=["action", "-date", "-created_at", "-id"], '
        'include=["is_illustrative"])',
        create="CREATE INDEX bench_su_action_latest ON actions_statusupdate "
        "(action_id, date DESC, created_at DESC, id DESC) INCLUDE (is_illustrative)",
        workload="pack content",
        matches='FROM "actions_statusupdate"',
    ),
    Candidate(
        name="bench_ha_plan_date",
        model="actions.HistoricalAction (simple_history)",
        definition='Index(fields=["plan", "history_date"])',
        create="CREATE INDEX bench_ha_plan_date ON actions_historicalaction "
        "(plan_id, history_date)",
        workload="as-at two years back",
        matches='FROM "actions_historicalaction"',
    ),
    Candidate(
        name="bench_ha_plan_id_latest",
        model="actions.HistoricalAction (simple_history)",
        definition='Index(fields=["plan", "id", "-history_date", "-history_id"])',
        create="CREATE INDEX bench_ha_plan_id_latest ON actions_historicalaction "
        "(plan_id, id, history_date DESC, history_id DESC)",
        workload="as-at latest quarter",
        matches='FROM "actions_historicalaction"',
    ),
]


def _workloads():
    borough = Borough.objects.get(slug=BOROUGH)
    plan_ids = list(Plan.objects.filter(borough=borough).values_list("id", flat=True))
    history = quarters()
    return {
        "as-at latest quarter": lambda: actions_as_at(
            when=history[-1].end_datetime(), plan_ids=plan_ids
        ),
        "as-at two years back": lambda: actions_as_at(
            when=history[-9].end_datetime(), plan_ids=plan_ids
        ),
        "pack content": lambda: build_pack_content(borough=borough, period=LAST_QUARTER),
    }


def _statement(fn, fragment):
    with CaptureQueriesContext(connection) as captured:
        fn()
    for query in captured.captured_queries:
        if fragment in query["sql"]:
            return query["sql"]
    raise LookupError(f"No statement with {fragment!r}")


def _explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def _measure(sql, fn):
    plans = [_explain(sql) for _ in range(RUNS + 1)][1:]
    times = [float(re.search(r"Execution Time: ([\d.]+)", p).group(1)) for p in plans]
    buffers = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plans[-1])
    pages = int(buffers.group(1)) + int(buffers.group(2) or 0)
    scans = r"((?:Bitmap Index |Bitmap Heap |Index Only |Index |Seq )Scan (?:using |on )\S+)"
    access = sorted(set(re.findall(scans, plans[-1])))
    fn()
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(times), pages, access, statistics.median(runs) * 1000


def measure_all(*, keep=False):
    workloads = _workloads()
    for c in CANDIDATES:
        fn = workloads[c.workload]
        sql = _statement(fn, c.matches)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {c.name}")
        before = _measure(sql, fn)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(c.create)
            cursor.execute(f"ANALYZE {c.create.split(' ON ')[1].split()[0]}")
        built = time.perf_counter() - started
        after = _measure(sql, fn)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_relation_size('{c.name}')")
            size = cursor.fetchone()[0]
            if not keep:
                cursor.execute(f"DROP INDEX {c.name}")
        print(f"\n{c.model}: {c.definition}")
        print(f"  serves: {c.workload}, the statement {c.matches}")
        print(f"  built in {built:.1f} s, {size / 1024 / 1024:.1f} MB")
        for label, (ms, pages, access, whole) in (("before", before), ("after", after)):
            print(
                f"  {label:<6} statement median {ms:7.2f} ms, {pages:>6} pages; "
                f"{c.workload} median {whole:6.1f} ms; {'; '.join(access)}"
            )
