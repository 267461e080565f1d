"""The load test: gunicorn and db_worker on loopback, locust headless against them.

Everything started here is stopped here (a finally block sends SIGTERM to each
process group it made, then SIGKILL after a grace period), and every phase has a
time limit, so the run ends by itself.
"""

import csv
import http.cookiejar
import json
import os
import signal
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from actions.models import Action, Plan
from bench import _env
from bench._dataset import EDITOR_PASSWORD
from boroughs.models import Borough

# BENCH_PORT when 8765 is taken (a development server, another checkout's screenshots).
PORT = int(os.environ.get("BENCH_PORT", "8765"))
HOST = f"http://127.0.0.1:{PORT}"
WORKERS = 4  # docs/deploy.md: about two per core
USERS = 20
PAGES = [
    "home",
    "plan",
    "action list (filtered)",
    "action detail",
    "status update form",
    "status update (post)",
    "search",
    "dashboard",
]
# Users start at this many a second (20 users over 10 s), not all at t=0: a burst of
# first requests measures cold caches and a queue that no real morning produces.
SPAWN_RATE = 2
VENV = _env.ROOT / ".venv" / "bin"


def targets(count):
    """One editor per simulated user, each in a different borough spread over the country."""
    boroughs = list(Borough.objects.order_by("id"))
    step = max(1, len(boroughs) // count)
    chosen = boroughs[::step][:count]
    User = get_user_model()
    result = []
    for borough in chosen:
        plans = list(Plan.objects.filter(borough=borough).values_list("id", flat=True))
        actions = list(
            Action.objects.filter(plan__borough=borough)
            .exclude(status="blue")
            .order_by("id")
            .values_list("id", flat=True)
        )
        owners = sorted(
            set(
                Action.owners.through.objects.filter(action__plan__borough=borough).values_list(
                    "person_id", flat=True
                )
            )
        )
        user = User.objects.get(username=f"editor-{borough.slug}")
        result.append(
            {
                "username": user.username,
                "password": EDITOR_PASSWORD,
                "plans": plans,
                "actions": actions[::3],
                "owners": owners,
                "slug": borough.slug,
            }
        )
    return result


class Processes:
    """Background processes, each in its own group, all stopped on exit."""

    def __init__(self, logdir):
        self.logdir = Path(logdir)
        self.running = []

    def start(self, name, argv, env):
        log = open(self.logdir / f"{name}.log", "wb")  # noqa: SIM115 - closed in stop()
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own venv
            argv,
            cwd=_env.ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.running.append((name, proc, log))
        return proc

    def stop(self):
        for _name, proc, _log in self.running:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for _name, proc, log in self.running:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
        self.running = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_for_health(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{HOST}/health/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {HOST}/health/ within {timeout} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(target):
    """Sign in through the real form; returns (seconds for the POST, session cookies).

    Done once per editor before the runs: a sign-in deliberately costs a password hash
    (PBKDF2, about half a second of CPU), which would otherwise swamp the first seconds
    of every run.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    opener.open(f"{HOST}/sign-in/", timeout=30).read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = urllib.parse.urlencode(
        {
            "username": target["username"],
            "password": target["password"],
            "csrfmiddlewaretoken": csrf,
        }
    ).encode()
    started = time.perf_counter()
    try:
        opener.open(f"{HOST}/sign-in/", data=body, timeout=30)
        raise RuntimeError(f"Sign-in of {target['username']} did not redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise
    elapsed = time.perf_counter() - started
    return elapsed, {c.name: c.value for c in jar}


def start_servers(procs, *, workers=WORKERS, threads=1):
    env = _env.server_environment()
    procs.start(
        "gunicorn",
        [
            str(VENV / "gunicorn"),
            "sendplan.wsgi",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "60",
        ],
        env,
    )
    procs.start("db_worker", [str(VENV / "python"), "manage.py", "db_worker"], env)
    wait_for_health()


def run_locust(*, logdir, targets_file, name, seconds, wait):
    """One headless locust run; returns {page: stats row} from its CSV."""
    prefix = Path(logdir) / name
    cpu_file = Path(f"{prefix}_cpu.json")
    env = dict(
        os.environ, BENCH_TARGETS=str(targets_file), BENCH_WAIT=wait, BENCH_CPU_FILE=str(cpu_file)
    )
    argv = [
        str(VENV / "locust"),
        "-f",
        str(_env.ROOT / "bench" / "_locustfile.py"),
        "--headless",
        "--host",
        HOST,
        "--users",
        str(USERS),
        "--spawn-rate",
        str(SPAWN_RATE),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    subprocess.run(  # noqa: S603 - fixed argv, our own venv
        argv,
        cwd=_env.ROOT,
        env=env,
        check=False,
        timeout=seconds + 60,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{prefix}.stderr", "wb"),  # noqa: SIM115
    )
    with open(f"{prefix}_stats.csv", newline="") as f:
        stats = {row["Name"]: row for row in csv.DictReader(f)}
    cpu = json.loads(cpu_file.read_text()) if cpu_file.exists() else {}
    for page, samples in cpu.items():
        if page in stats and samples:
            stats[page]["cpu_ms"] = statistics.median(samples)
    return stats


def print_stats(title, stats, seconds):
    print(f"\n{title}")
    print(
        f"  {'page':<24} {'requests':>8} {'fails':>5} {'req/s':>6} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'CPU ms':>7}"
        "  p95 < 200 ms  CPU <= 20 ms"
    )
    for page in [*PAGES, "Aggregated"]:
        row = stats.get(page)
        if row is None:
            print(f"  {page:<24} (no requests)")
            continue
        p95 = float(row["95%"])
        cpu = row.get("cpu_ms")
        verdict = "" if page == "Aggregated" else ("met" if p95 < 200 else "MISSED")
        cpu_verdict = "" if cpu is None else ("met" if cpu <= 20 else "MISSED")
        cpu_text = "-" if cpu is None else f"{cpu:.1f}"
        print(
            f"  {page:<24} {int(row['Request Count']):>8} {int(row['Failure Count']):>5} "
            f"{float(row['Requests/s']):>6.1f} {row['50%']:>7} {row['95%']:>7} "
            f"{row['99%']:>7} {float(row['Max Response Time']):>7.0f} {cpu_text:>7}"
            f"  {verdict:<13} {cpu_verdict}"
        )


# A busy loop that ends by itself: the background load the runs are measured under.
BURNER = (
    "import sys, time\n"
    "end = time.monotonic() + float(sys.argv[1])\n"
    "while time.monotonic() < end:\n"
    "    pass\n"
)


def start_burners(procs, count, seconds):
    """`count` processes each keeping one core busy for `seconds` (then they exit)."""
    for n in range(count):
        procs.start(
            f"burner-{n}", [str(VENV / "python"), "-c", BURNER, str(seconds)], dict(os.environ)
        )


def load(*, paced_seconds, saturation_seconds, workers=WORKERS, threads=1, burn=1):
    call_command("collectstatic", interactive=False, verbosity=0)
    logdir = Path(tempfile.mkdtemp(prefix="sendplan-load-"))
    targets_file = logdir / "targets.json"
    targets_list = targets(USERS)
    print(
        f"gunicorn --workers {workers} --threads {threads} and one db_worker on {HOST}; "
        f"{burn} CPU burner(s) as background load; logs in {logdir}"
    )
    with Processes(logdir) as procs:
        start_servers(procs, workers=workers, threads=threads)
        # Busy for the whole measured part (sign-ins, warm-up, both runs), then gone.
        start_burners(procs, burn, 120 + 20 + paced_seconds + saturation_seconds)
        sign_ins = []
        for target in targets_list:
            seconds, cookies = sign_in(target)
            sign_ins.append(seconds)
            target["cookies"] = cookies
        targets_file.write_text(json.dumps(targets_list))
        print(
            f"Sign-in (POST, one at a time, {len(sign_ins)} editors): median "
            f"{statistics.median(sign_ins) * 1000:.0f} ms, max {max(sign_ins) * 1000:.0f} ms "
            "(a deliberately slow password hash each; not part of the runs below)"
        )
        print(f"Load average before the runs (burners running): {_load_text()}")
        run_locust(logdir=logdir, targets_file=targets_file, name="warmup", seconds=20, wait="0,0")
        runs = [
            ("paced", paced_seconds, "1,3", "people reading: 1-3 s think time between pages"),
            ("saturation", saturation_seconds, "0,0", "no think time: the server's ceiling"),
        ]
        for name, seconds, wait, what in runs:
            if seconds <= 0:
                continue
            started = os.getloadavg()[0]
            with RunnableSampler() as runnable:
                stats = run_locust(
                    logdir=logdir, targets_file=targets_file, name=name, seconds=seconds, wait=wait
                )
            print_stats(
                f"{USERS} users, {seconds} s, {what} (load average at start {started:.2f}, "
                f"at end {_load_text()}; runnable tasks during the run {runnable.text()})",
                stats,
                seconds,
            )


class RunnableSampler:
    """The machine's load as it was during a run, not the decaying averages: the number
    of runnable tasks (/proc/loadavg's fourth field, less this reader) twice a second."""

    def __init__(self):
        self.samples = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _sample(self):
        while not self._stop.wait(0.5):
            with open("/proc/loadavg") as f:
                running = int(f.read().split()[3].split("/")[0])
            self.samples.append(running - 1)

    def text(self):
        if not self.samples:
            return "not sampled"
        mean, median = statistics.mean(self.samples), statistics.median(self.samples)
        return f"mean {mean:.1f}, median {median:.0f}"


def _load_text():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
