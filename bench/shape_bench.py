"""Time reading a 50-sheet workbook whose tables are found by shape (issue 19).

    .venv/bin/python bench/shape_bench.py [--sheets 50] [--rows 40] [--runs 5]

Each sheet has a numbered heading above its table ("Recommendation 3: ...") and a
table headed with phrases no synonym names ("Our plan", "Who is leading"), so every
header row is found by the table's shape. Times `reader.read_workbook` in this process
and `isolated.read_workbook_isolated` (the child process every real import reads
through), median of the runs; the target is under 2 s. The text is made up.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings_test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402

from actions.spreadsheets.isolated import read_workbook_isolated  # noqa: E402
from actions.spreadsheets.reader import read_workbook  # noqa: E402

HEADER = ["No", "Our plan", "Who is leading", "By when", "Where we are"]


def workbook(sheets, rows):
    book = openpyxl.Workbook(write_only=True)
    for s in range(1, sheets + 1):
        sheet = book.create_sheet(f"Area {s}")
        sheet.append([f"Recommendation {s}: improve how the area works with families ({s})"])
        sheet.append([])
        sheet.append(HEADER)
        for r in range(1, rows + 1):
            sheet.append(
                [
                    f"{s}.{r}",
                    f"Made-up action {s}.{r}: review the pathway with partners and report "
                    "progress to the partnership board each quarter.",
                    f"Officer {r % 17}, Head of Service",
                    "Spring term 2025",
                    f"Made-up progress note for {s}.{r}.",
                ]
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=int, default=50)
    parser.add_argument("--rows", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = workbook(args.sheets, args.rows)
    found = read_workbook(data)
    assert len(found.sheets) == args.sheets and all(s.header.by_shape for s in found.sheets)
    print(
        f"{args.sheets} sheets x {args.rows} rows, {len(data) / 1024:.0f} KiB; "
        f"load {os.getloadavg()[0]:.2f}"
    )
    for label, read in (("in process", read_workbook), ("isolated", read_workbook_isolated)):
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            read(data)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        verdict = "OK" if median < 2 else "OVER"
        print(
            f"read {label}: median {median:.3f} s "
            f"(runs {', '.join(f'{t:.3f}' for t in times)}) {verdict} (< 2 s)"
        )


if __name__ == "__main__":
    main()
