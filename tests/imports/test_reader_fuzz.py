"""The reader, fuzzed: Hypothesis builds workbooks with random addresses, repeats,
formulas and junk, and damages real ones at random. Every file must be read or
refused with a message, each within Hypothesis's deadline, and the whole run must
stay under a memory cap (a child process, limited to 2 GB of address space so a
runaway allocation kills it rather than the machine, reporting its peak).
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEAK_MB = 300

CHILD = """
import os, resource
resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings_test")
import django
django.setup()
from tests.imports.fuzz_reader import main
main()
"""


def test_the_reader_reads_or_refuses_any_file_in_bounded_time_and_memory():
    done = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["peak_mb"] < PEAK_MB
    # Both kinds of outcome were exercised, not only refusals.
    assert result["read"] > 0
    assert result["refused"] > 0
