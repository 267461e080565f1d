#!/usr/bin/env python
"""The public progress page at national scale: server CPU, and p95 under 50 readers.

    .venv/bin/python bench/public_bench.py cpu    # server CPU in-process (median, p95)
    .venv/bin/python bench/public_bench.py load   # gunicorn + wrk: 50 concurrent readers

The database is the national dataset (bench/national.py generate, whose last step,
`rounds`, gives every borough final reporting rounds and publishes its SEND strategy):
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/sendplan_bench, or --database.
Nothing is written to it. The page read is area-077's strategy (200 actions) unless
--url names another published page. `load` needs wrk (Debian: apt-get install wrk).
Targets: CPU median <= 15 ms; p95 <= 100 ms with 50 concurrent readers.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if "--database" in sys.argv:
    os.environ["DATABASE_URL"] = sys.argv[sys.argv.index("--database") + 1]

from bench import _env  # noqa: E402

_env.setup_environment()
BOROUGH = "area-077"
READERS = 50
WRK_SCRIPT = Path(__file__).with_name("_public_readers.lua")


def _django():
    import django

    django.setup()


def _loadavg():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def _page_url(args):
    """The page to read: --url, else BOROUGH's published plan, else the first one."""
    if args.url:
        return args.url
    from django.urls import reverse

    from reports.public.selectors import published_plans

    plans = published_plans()
    plan = plans.filter(borough__slug=BOROUGH).first() or plans.first()
    if plan is None:
        sys.exit("No published plan: run bench/national.py rounds on this database first.")
    return reverse("public_plan", args=[plan.borough.slug, plan.slug])


def _cpu_of(client, url, runs, *, before=None, **headers):
    """[ms of this process's CPU] for `runs` requests; `before()` runs untimed first."""
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.process_time()
        response = client.get(url, **headers)
        samples.append((time.process_time() - started) * 1000)
        assert response.status_code in (200, 304), response.status_code
    return samples


def _show(label, samples, queries=None):
    median, p95 = statistics.median(samples), _percentile(samples, 0.95)
    extra = f", {queries} queries" if queries is not None else ""
    print(
        f"  {label:<44} median {median:5.1f} ms, p95 {p95:5.1f} ms "
        f"({len(samples)} requests{extra})  target median <= 15 ms: "
        f"{'met' if median <= 15 else 'MISSED'}"
    )


def cmd_cpu(args):
    """Each request's CPU in this process (the view, templates and database driver;
    PostgreSQL's own work is in its process, so not counted)."""
    _django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("collectstatic", interactive=False, verbosity=0)
    url = _page_url(args)
    client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS, as the load test's server
    first = client.get(url)
    assert first.status_code == 200, f"{url}: {first.status_code}"
    print(f"Public page {url}: {len(first.content) // 1024} KB; load average {_loadavg()}")
    counts = {}
    for name in ("built", "kept"):
        if name == "built":
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    built = _cpu_of(client, url, args.built_runs, before=cache.clear)
    _show("built from scratch (a worker's first reader):", built, counts["built"])
    client.get(url)
    _show("kept by the worker (its version read):", _cpu_of(client, url, args.runs), counts["kept"])
    etag = client.get(url)["ETag"]
    not_modified = _cpu_of(client, url, args.runs, HTTP_IF_NONE_MATCH=etag)
    _show("a CDN's revalidation (304):", not_modified)
    print(f"  load average at the end {_loadavg()} ({_env.machine()})")


def _start_gunicorn(procs, workers, threads):
    from bench import _load

    procs.start(
        "gunicorn",
        [
            str(_load.VENV / "gunicorn"),
            "sendplan.wsgi",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            # Longer than a reader's pause, so a kept-alive connection is still open
            # when its next request comes (gunicorn's default is 2 s).
            "--keep-alive",
            "5",
            "--bind",
            f"127.0.0.1:{_load.PORT}",
            "--timeout",
            "60",
        ],
        _env.server_environment(),
    )
    _load.wait_for_health()
    return _load.HOST


def _wrk(host, url, *, seconds, think):
    """One wrk run of READERS connections; returns its RESULT line as a dict."""
    env = dict(os.environ, THINK_MS=f"{int(think[0] * 1000)},{int(think[1] * 1000)}")
    argv = ["wrk", "-t2", f"-c{READERS}", f"-d{seconds}s", "--timeout", "30s"]
    argv += ["-s", str(WRK_SCRIPT), f"{host}{url}"]
    out = subprocess.run(  # noqa: S603 - fixed argv
        argv, env=env, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    line = next(row for row in out.splitlines() if row.startswith("RESULT "))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", line)}


def _report(label, think, found, before, after):
    rate = found["requests"] / (found["duration_us"] / 1e6)
    p95 = found["p95_us"] / 1000
    print(
        f"{label} (think {think[0]:g}-{think[1]:g} s), load average {before} -> {after}:\n"
        f"  {found['requests']:.0f} requests ({rate:.0f}/s), {found['errors']:.0f} errors; "
        f"latency p50 {found['p50_us'] / 1000:.0f} ms, p95 {p95:.0f} ms, "
        f"p99 {found['p99_us'] / 1000:.0f} ms  (target p95 <= 100 ms: "
        f"{'met' if p95 <= 100 else 'MISSED'})"
    )
    if found["cpu_n"]:
        print(
            f"  server CPU (Server-Timing): median {found['cpu_p50']:.1f} ms, "
            f"p95 {found['cpu_p95']:.1f} ms"
        )


def cmd_load(args):
    _django()
    from django.core.management import call_command

    from bench import _load

    call_command("collectstatic", interactive=False, verbosity=0)
    url = _page_url(args)
    logdir = Path(tempfile.mkdtemp(prefix="sendplan-public-"))
    print(
        f"{READERS} concurrent anonymous readers of {url} (wrk: {READERS} connections, one "
        f"request at a time each), gunicorn --workers {args.workers} --threads "
        f"{args.threads} ({_env.machine()})"
    )
    with _load.Processes(logdir) as procs:
        host = _start_gunicorn(procs, args.workers, args.threads)
        for _ in range(10 * args.workers):  # each worker builds and keeps the page
            urllib.request.urlopen(f"{host}{url}", timeout=30).read()  # noqa: S310
        runs = [("Paced: people reading", (1.0, 3.0), args.seconds)]
        runs.append(("Saturated: no pause between pages", (0.0, 0.0), args.seconds))
        for label, think, seconds in runs:
            before = _loadavg()
            found = _wrk(host, url, seconds=seconds, think=think)
            _report(label, think, found, before, _loadavg())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="DATABASE_URL of a national database with rounds")
    parser.add_argument("--url", help="the public page to read (default: area-077's strategy)")
    sub = parser.add_subparsers(dest="command", required=True)
    cpu = sub.add_parser("cpu", help="server CPU per request, in-process")
    cpu.add_argument("--runs", type=int, default=300)
    cpu.add_argument("--built-runs", type=int, default=40)
    load = sub.add_parser("load", help="gunicorn and 50 concurrent anonymous readers (wrk)")
    load.add_argument("--seconds", type=int, default=60)
    load.add_argument("--workers", type=int, default=4)
    load.add_argument(
        "--threads",
        type=int,
        default=4,
        help="gunicorn threads per worker (gthread; 1: sync workers, see bench/README.md)",
    )
    args = parser.parse_args(argv)
    {"cpu": cmd_cpu, "load": cmd_load}[args.command](args)


if __name__ == "__main__":
    main()
