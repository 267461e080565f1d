#!/usr/bin/env python
"""The public progress page: server CPU per request, and p95 under 50 anonymous readers.

    .venv/bin/python bench/public_bench.py prepare   # drop, recreate and fill the database
    .venv/bin/python bench/public_bench.py cpu       # server CPU in-process (median, p95)
    .venv/bin/python bench/public_bench.py load      # gunicorn + 50 concurrent readers

`prepare` fills the database with the demo (five local areas' real seed plans, six
quarters of illustrative history and final reporting rounds) and publishes Hillingdon's
plan, as `bin/run` does. That is smaller than the national dataset (which has no
reporting rounds, so no final quarter to publish); the page's work grows with the one
plan it shows, not with the number of areas, since every read is filtered to the plan
or its borough. DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/
sendplan_bench_public; `prepare` refuses a database whose name does not contain "bench".
Targets: CPU median <= 15 ms; p95 <= 100 ms with 50 concurrent readers.
"""

import argparse
import os
import random
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sendplan_bench_public")

from bench import _env  # noqa: E402

_env.setup_environment()
URL = "/public/hillingdon/send-strategy/"
READERS = 50


def _django():
    import django

    django.setup()


def cmd_prepare(args):
    import psycopg

    name = _env.database_name()
    if "bench" not in name:
        sys.exit(f"Refusing to drop {name!r}: the bench database's name must contain 'bench'.")
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    _django()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_indicators", verbosity=0)
    call_command("load_demo", force=True, verbosity=0)
    call_command("load_public_demo", force=True)
    print(f"Prepared {name} in {time.perf_counter() - started:.0f} s")


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def cmd_cpu(args):
    """Each request's CPU in this process (the view, templates and database driver)."""
    _django()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS, as the load test's server
    assert client.get(URL).status_code == 200, "run prepare first"
    samples = []
    for _ in range(args.runs):
        started = time.process_time()
        response = client.get(URL)
        samples.append((time.process_time() - started) * 1000)
        assert response.status_code == 200
    median, p95 = statistics.median(samples), _percentile(samples, 0.95)
    print(f"Public page {URL}: {len(response.content) // 1024} KB")
    print(
        f"  server CPU over {args.runs} requests: median {median:.1f} ms, p95 {p95:.1f} ms"
        f"  (target median <= 15 ms: {'met' if median <= 15 else 'MISSED'})"
    )
    etag = response["ETag"]
    samples = []
    for _ in range(args.runs):
        started = time.process_time()
        assert client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
        samples.append((time.process_time() - started) * 1000)
    print(f"  a CDN's revalidation (304): median {statistics.median(samples):.1f} ms CPU")
    from django.core.cache import cache

    samples = []
    for _ in range(max(10, args.runs // 10)):
        cache.clear()
        started = time.process_time()
        client.get(URL)
        samples.append((time.process_time() - started) * 1000)
    print(
        f"  built from scratch (each worker's first reader after a change): median "
        f"{statistics.median(samples):.1f} ms CPU"
    )


def _reader(deadline, latencies, cpu, errors, think):
    rnd = random.Random(threading.get_ident())
    while time.monotonic() < deadline:
        if think[1]:
            time.sleep(rnd.uniform(*think))
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{_load().HOST}{URL}", timeout=30) as response:  # noqa: S310
                response.read()
                timing = response.headers.get("Server-Timing", "")
        except OSError:
            errors.append(1)
            continue
        latencies.append((time.perf_counter() - started) * 1000)
        if "cpu;dur=" in timing:
            cpu.append(float(timing.split("cpu;dur=")[1].split(",")[0].split(";")[0]))


def _load():
    from bench import _load as load

    return load


def cmd_load(args):
    import tempfile

    _django()
    load = _load()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    logdir = Path(tempfile.mkdtemp(prefix="sendplan-public-"))
    with load.Processes(logdir) as procs:
        load.start_servers(procs, workers=args.workers)
        for _ in range(20):  # warm every worker
            urllib.request.urlopen(f"{load.HOST}{URL}", timeout=30).read()  # noqa: S310
        latencies, cpu, errors = [], [], []
        think = tuple(float(x) for x in args.think.split(","))
        load_before = os.getloadavg()[0]
        deadline = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=_reader, args=(deadline, latencies, cpu, errors, think))
            for _ in range(READERS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    p95 = _percentile(latencies, 0.95)
    print(
        f"{READERS} concurrent anonymous readers, think time {args.think} s, {args.seconds} s, "
        f"gunicorn --workers {args.workers}, load average at start {load_before:.2f} "
        f"({_env.machine()}):"
    )
    print(
        f"  {len(latencies)} requests ({len(latencies) / args.seconds:.0f}/s), "
        f"{len(errors)} errors; p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms "
        f"(target <= 100 ms: {'met' if p95 <= 100 else 'MISSED'})"
    )
    if cpu:
        print(
            f"  server CPU (Server-Timing): median {statistics.median(cpu):.1f} ms, "
            f"p95 {_percentile(cpu, 0.95):.1f} ms"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("prepare", help="drop, recreate and fill the bench database")
    cpu = sub.add_parser("cpu", help="server CPU per request, in-process")
    cpu.add_argument("--runs", type=int, default=200)
    load = sub.add_parser("load", help="gunicorn and 50 concurrent anonymous readers")
    load.add_argument("--seconds", type=int, default=30)
    load.add_argument("--workers", type=int, default=4)
    load.add_argument(
        "--think",
        default="1,3",
        help="seconds between a reader's pages, as 'low,high' (1,3: people reading; 0,0: "
        "the server's ceiling)",
    )
    args = parser.parse_args(argv)
    {"prepare": cmd_prepare, "cpu": cmd_cpu, "load": cmd_load}[args.command](args)


if __name__ == "__main__":
    main()
