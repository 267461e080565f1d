"""Valid .xlsx, .ods and .csv plans, mutated (tests/imports/mutations.py: structure, part
names, references, sizes, encodings) and imported through the real path: the shape
check, the reader in its limited child process, the parser and the database.

Every case must end in a plain refusal that wrote nothing, or an import of what the file
holds, within 5 seconds, with this process's peak memory growing by less than 300 MB.

`bin/test` runs FUZZ_CASES (default 36) cases from FUZZ_SEED (default 20), well under two
minutes. A longer run, for before a release or after changing the reader:

    FUZZ_CASES=3000 FUZZ_SEED=$RANDOM FUZZ_SAVE=1 .venv/bin/pytest -p no:cacheprovider \\
        -q tests/imports/test_mutation_fuzz.py

With FUZZ_SAVE=1 a failing case is written to tests/imports/fuzz_regressions/ under its
name (seed, number, kind, operator); commit it there and it is checked in every run after.
"""

import os
import random
import resource
import time
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from actions.models import Action
from actions.spreadsheets.apply import ImportRejected
from actions.spreadsheets.reader import UnreadableFile
from tests.imports import mutations
from tests.imports.conftest import csv_bytes, ods_bytes, run, xlsx_bytes
from tests.imports.test_bad_input import snapshot

CASES = int(os.environ.get("FUZZ_CASES", "36"))
SEED = int(os.environ.get("FUZZ_SEED", "20"))
SAVE = os.environ.get("FUZZ_SAVE") == "1"
REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
SECONDS, GROWTH_MB = 5, 300

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
ROWS = [
    ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"],
    ["1.2", "", "Train SENCOs in autism awareness", "Jo Baty", "Autumn 2025", "Amber"],
    ["2.1", "Health", "Recruit two speech therapists", "Sam Owner", "March 2026", ""],
]
VALID = {
    "xlsx": xlsx_bytes(HEADER, ROWS),
    "ods": ods_bytes(HEADER, ROWS),
    "csv": csv_bytes(HEADER, ROWS),
}


def _cases():
    rnd = random.Random(SEED)
    for number in range(CASES):
        kind = ("xlsx", "ods", "csv")[number % 3]
        operator = mutations.mutate_csv if kind == "csv" else rnd.choice(mutations.ZIP_OPERATORS)
        yield f"{SEED}-{number:04d}-{kind}-{operator.__name__}", kind, operator, rnd.getrandbits(32)


CASE_LIST = list(_cases())


def _text_of(data):
    """Everything the file spells out, to check an import invented nothing."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return " ".join(
                archive.read(info).decode("utf-8", "replace") for info in archive.infolist()
            )
    except Exception:  # noqa: BLE001 (not a zip: a CSV, or a broken one)
        return data.decode("utf-8", "replace")


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(data, plan, kind):
    before, peak = snapshot(), _peak_mb()
    started = time.perf_counter()
    try:
        run(data, plan, filename=f"plan.{kind}")
    except UnreadableFile as refused:
        assert refused.message.strip()
        assert snapshot() == before, "a refused file wrote rows"
    except ImportRejected as rejected:
        assert rejected.result.errors
        assert snapshot() == before, "a rejected file wrote rows"
    else:
        text = _text_of(data)
        made = list(Action.objects.filter(plan=plan).values_list("description", flat=True))
        invented = [d for d in made if d not in text]
        assert not invented, f"imported what the file does not hold: {invented}"
    assert time.perf_counter() - started < SECONDS
    assert _peak_mb() - peak < GROWTH_MB


@pytest.mark.parametrize(
    ("name", "kind", "operator", "seed"), CASE_LIST, ids=[c[0] for c in CASE_LIST]
)
def test_a_mutated_file_is_refused_plainly_or_imported_as_it_is(plan, name, kind, operator, seed):
    data = operator(VALID[kind], random.Random(seed))
    try:
        check(data, plan, kind)
    except BaseException:
        if SAVE:
            REGRESSIONS.mkdir(exist_ok=True)
            (REGRESSIONS / f"{name}.{kind}").write_bytes(data)
        raise


SAVED = sorted(p for p in REGRESSIONS.glob("*") if p.suffix in (".xlsx", ".ods", ".csv"))


@pytest.mark.parametrize("path", SAVED, ids=[p.name for p in SAVED])
def test_every_kept_crashing_case_is_now_refused_plainly_or_imported(plan, path):
    check(path.read_bytes(), plan, path.suffix[1:])
