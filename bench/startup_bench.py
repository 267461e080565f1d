"""How long `board_pack` and `import_plan` take to start: a fresh process up to its work.

    .venv/bin/python bench/startup_bench.py [--runs 7] [--importtime]

Each command runs as a whole process (`manage.py`, as an operator types it) against a
throwaway, migrated SQLite database, with arguments that stop it at its first line of
work: a borough slug that does not exist, so it makes one query and exits with its
"no such borough" error. What that costs is start-up: the interpreter, Django's set-up
(settings, apps, models, admin autodiscovery), the command's own imports and any system
checks. The children may write bytecode caches (.pyc), as a deployed Python does, even
where the shell sets PYTHONDONTWRITEBYTECODE. The median CPU (user + system, from the
child's rusage) and wall time of `runs` runs are printed, with the load average, beside
the same for `python -c pass` and for importing the library the command's work needs
(WeasyPrint; openpyxl), which a real run pays on top. `--importtime` prints each
command's 25 slowest imports (`-X importtime`).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET = 0.5  # seconds of start-up (docs/performance.md)

COMMANDS = {
    "board_pack": [
        "board_pack",
        "--borough",
        "no-such-borough",
        "--period",
        "2025/26 Q1",
        "--output",
        "{work}/pack.pdf",
    ],
    "import_plan": [
        "import_plan",
        "{work}/plan.csv",
        "--borough",
        "no-such-borough",
        "--new-plan",
        "X",
    ],
}
LIBRARIES = {"board_pack": "weasyprint", "import_plan": "openpyxl"}


def _environment(work):
    env = dict(os.environ)
    # A deployed Python reads its modules' cached bytecode (.pyc). Some shells (these
    # machines' among them) set PYTHONDONTWRITEBYTECODE, and then every start compiles
    # the project's own modules from source again: about 80 ms of each start-up here.
    # The warm-up run writes the cache, as a server's first start (or compileall) does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "startup-bench-only-secret-key-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "DATABASE_URL": f"sqlite:///{work}/startup.sqlite3",
            "DJANGO_SETTINGS_MODULE": "sendplan.settings",
            "LOG_LEVEL": "WARNING",
            "MEDIA_ROOT": str(work / "media"),
        }
    )
    return env


def _run(argv, env):
    """(wall, cpu) seconds of one child process; cpu is its user + system time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        argv, env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done


def _median(argv, env, runs, *, expect=None):
    walls, cpus = [], []
    _run(argv, env)  # warm the file cache (.pyc files)
    for _ in range(runs):
        wall, cpu, done = _run(argv, env)
        if expect and expect not in done.stderr + done.stdout:
            sys.exit(f"{argv[2:]} did not stop where expected:\n{done.stdout}\n{done.stderr}")
        walls.append(wall)
        cpus.append(cpu)
    return statistics.median(cpus), statistics.median(walls)


def _load():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--importtime", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="startup-bench-"))
    (work / "plan.csv").write_text("Reference,Action\n1.1,Something\n", encoding="utf-8")
    env = _environment(work)
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [PYTHON, "manage.py", "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )
    print(f"Load average at start: {_load()}; {args.runs} runs each, after one warm-up")
    print(f"  {'process':<42} {'CPU s':>6} {'wall s':>7}")
    baseline = _median([PYTHON, "-c", "pass"], env, args.runs)
    print(f"  {'python -c pass':<42} {baseline[0]:>6.2f} {baseline[1]:>7.2f}")
    for name, template in COMMANDS.items():
        argv = [PYTHON, "manage.py"] + [part.format(work=work) for part in template]
        cpu, wall = _median(argv, env, args.runs, expect="no-such-borough")
        verdict = "met" if cpu <= TARGET else "MISSED"
        print(
            f"  {name + ' to its first query':<42} {cpu:>6.2f} {wall:>7.2f}  "
            f"target <= {TARGET} s CPU: {verdict}"
        )
        library = LIBRARIES[name]
        lib_cpu, lib_wall = _median([PYTHON, "-c", f"import {library}"], env, args.runs)
        print(
            f"  {'  its work needs: import ' + library:<42} {lib_cpu - baseline[0]:>6.2f} "
            f"{lib_wall - baseline[1]:>7.2f}  (less python -c pass)"
        )
        if args.importtime:
            done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
                [PYTHON, "-X", "importtime"] + argv[1:],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            rows = []
            for line in done.stderr.splitlines():
                if line.startswith("import time:") and "|" in line:
                    _, cumulative, module = line.split("|")
                    if cumulative.strip().isdigit():
                        rows.append((int(cumulative), module.rstrip()))
            for cumulative, module in sorted(rows, reverse=True)[:25]:
                print(f"      {cumulative / 1000:>7.1f} ms {module}")
    print(f"Load average at end: {_load()}")


if __name__ == "__main__":
    main()
