"""How long a board pack takes for a large borough: 300 actions, two years of history.

    DEBUG=1 .venv/bin/python bench/pack_bench.py [--runs 5]

Uses a throwaway SQLite database in a temporary folder unless DATABASE_URL is set
(then that database must be empty or disposable: the script migrates and fills it).
Alternates the whole pack (as-at content, charts, HTML and PDF) and WeasyPrint alone
on the same HTML in one process (A B A B ...), and prints both medians and the median
of the per-pair A/B CPU ratios, then the content and the HTML alone.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

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

from actions.models import Action  # noqa: E402
from bench.large_borough import ACTIONS, build_borough  # noqa: E402
from reports.content import build_pack_content  # noqa: E402
from reports.generation import generate_pack_files  # noqa: E402
from reports.rendering import render_pack_html, render_pdf  # noqa: E402
from sendplan.periods import ReportingPeriod  # noqa: E402


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
    parser.add_argument("--actions", type=int, default=ACTIONS, help="actions in the borough")
    options = parser.parse_args()

    call_command("migrate", verbosity=0)
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    period = ReportingPeriod(2025, 2)
    started = time.perf_counter()
    borough, board = build_borough(period, count=options.actions)
    setup = time.perf_counter() - started
    print(
        f"Database: {django.db.connection.vendor}; built {options.actions} actions with "
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
    print(f"Pack for {options.actions} actions, {period.label}: {len(pdf):,} bytes, {pages} pages")
    print(f"median of {options.runs} runs, alternating A (whole pack) and B (WeasyPrint alone):")
    print(f"  A whole pack (content + charts + HTML + PDF): {_median(whole_runs):6.2f}")
    print(f"  B WeasyPrint alone on the same HTML:          {_median(weasy_runs):6.2f}")
    print(f"  as-at content alone:                          {content_only:6.2f}")
    print(f"  charts + HTML alone:                          {html_only:6.2f}")
    print(f"  A/B CPU ratio per pair: {', '.join(f'{r:.3f}' for r in ratios)}")
    print(f"  median A/B ratio: {statistics.median(ratios):.3f} (target <= 1.2)")
    whole = _median(whole_runs)
    if options.actions >= 1000:
        verdict = "met" if whole.cpu <= 20 else "MISSED"
        print(f"  1,000-action target: whole pack <= 20 s CPU: {verdict}")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


def _median(timings):
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


if __name__ == "__main__":
    main()
