"""A small mutation check: plant realistic bugs in the core rules, one at a time, and see
whether the tests that guard each rule notice.

Each mutant is a textual replacement in one file (a comparison flipped, better and worse
swapped, an off-by-one in "overdue", the borough scoping filter dropped, ...) with the
fast tests that should catch it. For each: plant it, run those tests, restore the file
(always, in `finally`), and report it killed (a test failed) or survived (all passed).
The score is killed / total. Run on demand, never in bin/test:

    bin/mutation-check                     # every mutant
    bin/mutation-check ragb pack           # only mutants whose id starts with these
    bin/mutation-check --list              # the mutants, without running anything

Tests run with --nomigrations (the schema from the models, much faster); the script
first runs every selected test file unmutated and stops if any fails, so a "killed"
always means the mutant broke something. A text that no longer matches the code
stops the run too: keep MUTANTS (tools/mutant_list.py) in step with the code. Record
the last score in docs/testing.md.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mutant_list import MUTANTS

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [str(ROOT / ".venv" / "bin" / "pytest"), "-p", "no:cacheprovider", "-q", "-x"]
PYTEST += ["--nomigrations"]
TIMEOUT = 600  # seconds per mutant; a hang counts as killed (and is reported as such)


def _plant(mutant):
    path = ROOT / mutant.path
    original = path.read_text()
    found = original.count(mutant.old)
    if found != 1:
        raise SystemExit(
            f"{mutant.id}: the text to replace occurs {found} times in {mutant.path}, not once. "
            "Update tools/mutant_list.py to match the code."
        )
    return path, original, original.replace(mutant.old, mutant.new)


def _run(tests):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [*PYTEST, *tests], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    return result.returncode, time.monotonic() - started, result.stdout


def _dirty(paths):
    result = subprocess.run(
        ["git", "status", "--porcelain", "--", *paths], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="run only mutants whose id starts with these")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="run even if a target file has local changes"
    )
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.id.startswith(tuple(args.only))]
    if args.list:
        for m in chosen:
            print(f"{m.id:48} {m.path}")
        return 0
    for mutant in chosen:  # every text must match before anything is planted
        _plant(mutant)
    targets = sorted({m.path for m in chosen})
    if not args.allow_dirty and (dirty := _dirty(targets)):
        raise SystemExit(f"Target files have local changes; commit or --allow-dirty:\n{dirty}")
    # SIGTERM ends the run through `finally`, so the file being mutated is restored.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    test_files = sorted({t for m in chosen for t in m.tests})
    code, seconds, output = _run(test_files)
    if code != 0:
        print(output[-3000:])
        raise SystemExit(f"The tests fail without any mutant ({code}); fix them first.")
    print(f"Unmutated: {', '.join(test_files)} pass ({seconds:.0f}s)\n")

    survived = []
    for mutant in chosen:
        path, original, mutated = _plant(mutant)
        try:
            path.write_text(mutated)
            code, seconds, _ = _run(mutant.tests)
        finally:
            path.write_text(original)
        outcome = (
            "survived" if code == 0 else ("killed (timeout)" if code == "timeout" else "killed")
        )
        if code == 0:
            survived.append(mutant)
        print(f"{outcome:17} {mutant.id:48} {mutant.path} ({seconds:.0f}s)", flush=True)

    killed = len(chosen) - len(survived)
    print(f"\nScore: {killed}/{len(chosen)} killed ({100 * killed / len(chosen):.0f}%)")
    for path in targets:
        mine = [m for m in chosen if m.path == path]
        lost = [m for m in survived if m.path == path]
        print(f"  {path}: {len(mine) - len(lost)}/{len(mine)} killed")
    for mutant in survived:
        print(f"SURVIVED {mutant.id}: {mutant.old!r} -> {mutant.new!r} in {mutant.path}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
