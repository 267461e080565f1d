"""What reading a spreadsheet in a child process costs, and what it saves.

    DEBUG=1 .venv/bin/python bench/isolation_bench.py [--rows 1000] [--runs 15]

Prints, for a normal plan of `--rows` rows (.xlsx), the median time of reading it in
this process (reader.read_workbook) and in a limited child process
(isolated.read_workbook_isolated), and the difference: the child's overhead (target:
at most 150 ms). Then reads hostile files through the child, with the shape check's
limits raised as far as Excel's grid so the reader itself meets them, and prints this
process's peak memory (VmHWM) before and after (target: at most 150 MB): the child's
memory is its own and goes with it.
"""

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
# Past the shape check: the reader in the child meets the hostile files.
os.environ.setdefault("IMPORT_MAX_ROWS", "1048576")
os.environ.setdefault("IMPORT_MAX_CELLS", str(10**9))

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402

from actions.spreadsheets.isolated import read_workbook_isolated  # noqa: E402
from actions.spreadsheets.reader import UnreadableFile, read_workbook  # noqa: E402


def plan_xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ref", "Objective", "Action", "Who", "Timescale", "Status"])
    for n in range(1, rows + 1):
        sheet.append(
            [
                f"{n // 10 + 1}.{n % 10 + 1}",
                "Early help",
                f"Action {n}",
                "Helen Green",
                "Q2",
                "Green",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def median_ms(function, data, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(data)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def peak_mb():
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


HOSTILE = {
    "xlsx of a million rows": "xlsx_million_rows",
    "ods repeating a row a million times": "ods_repeated_rows",
    "xlsx declaring cells up to XFD1048576": "xlsx_declaring_whole_grid",
}


def hostile_files():
    """The hostile files, built in another process (building a million-row sheet's XML
    takes memory that reading it through the child does not), as bytes."""
    folder = Path(tempfile.mkdtemp(prefix="sendplan-hostile-"))
    script = (
        "import sys; from pathlib import Path; from tests.imports import hostile\n"
        "for name in sys.argv[2:]:\n"
        "    Path(sys.argv[1], name).write_bytes(getattr(hostile, name)())\n"
    )
    subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", script, str(folder), *HOSTILE.values()], cwd=ROOT, check=True
    )
    return {label: (folder / name).read_bytes() for label, name in HOSTILE.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    data = plan_xlsx(args.rows)
    read_workbook(data)  # warm up imports and caches
    here, child = [], []
    for _ in range(args.runs):  # alternately, so both see the same machine load
        here.append(median_ms(read_workbook, data, 1))
        child.append(median_ms(read_workbook_isolated, data, 1))
    here, child = statistics.median(here), statistics.median(child)
    print(f"{args.rows:,}-row plan ({len(data):,} bytes), median of {args.runs}:")
    print(f"  read in this process: {here:7.1f} ms")
    print(f"  read in a child:      {child:7.1f} ms")
    print(f"  child overhead:       {child - here:7.1f} ms  (target <= 150 ms)")

    files = hostile_files()
    before = peak_mb()
    print(f"peak memory of this process before the hostile files: {before:.0f} MB")
    for name, hostile_data in files.items():
        started = time.perf_counter()
        try:
            read_workbook_isolated(hostile_data)
            outcome = "read"
        except UnreadableFile as error:
            outcome = error.message[:70]
        seconds = time.perf_counter() - started
        print(f"  {name}: {seconds:5.1f} s, {outcome}")
    after = peak_mb()
    print(f"peak memory of this process after them:  {after:.0f} MB  (target <= 150 MB)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
