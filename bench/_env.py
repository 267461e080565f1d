"""Where the national benchmark runs: its database, settings and helpers to time things.

Imported before Django is set up, so it only touches os.environ and sys.path.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sendplan_bench"
MEDIA = Path(tempfile.gettempdir()) / "sendplan-bench-media"  # packs: not in the checkout

# Production-like: DEBUG off, real secret, plain http on loopback only.
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-used-anywhere-else-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    # Required when DEBUG is off (links in emails); the load test's own address.
    "SITE_URL": "http://127.0.0.1:8765",
    "SECURE_COOKIES": "false",
    # TLS ends at the reverse proxy in production; here gunicorn itself speaks plain http.
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "DATABASE_POOL": "true",
    "MEDIA_ROOT": str(MEDIA),
    "LOG_LEVEL": "WARNING",
    # Each response carries its CPU time (sendplan/timing.py); the load test prints medians.
    "SERVER_TIMING": "true",
    "DJANGO_SETTINGS_MODULE": "sendplan.settings",
}


def setup_environment():
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    for key, value in SERVER_ENV.items():
        os.environ.setdefault(key, value)
    # The benchmark process itself talks to the database directly, without a pool.
    os.environ["DATABASE_POOL"] = "false"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)


def server_environment():
    """The environment for gunicorn and db_worker: the bench's settings, with the pool."""
    env = dict(os.environ)
    env.update(SERVER_ENV)
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return env


def database_name():
    return os.environ["DATABASE_URL"].rsplit("/", 1)[-1]


def timed(fn, *, runs, warmup=1):
    """Run fn warmup + runs times; return (median, min, max) seconds of the timed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def machine():
    """A line describing the machine, for the printed results and docs/performance.md."""
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import psycopg

    try:
        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError:
        # `generate` prints this before it creates the database, on a fresh machine.
        pg = "(its database is not made yet)"
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg}"
    )
