"""PostgreSQL-only tests never skip silently (the hooks in tests/conftest.py).

Each case runs pytest in a real process on a SQLite database, as a developer's default
run or a misconfigured CI job would, on one race test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RACE = (
    "tests/ops/test_concurrency.py::"
    "test_two_officers_saving_the_same_version_at_once_one_wins_and_one_is_told"
)


def run_on_sqlite(tmp_path, **env):
    env = {
        **{k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"},  # no -m from CI
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REQUIRE_POSTGRES_TESTS": "",
        **env,
    }
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", RACE]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("require", "exit_code", "says"),
    [
        ("", 0, "1 PostgreSQL-only tests not run: needs PostgreSQL"),
        ("1", 1, "REQUIRE_POSTGRES_TESTS=1 but not run: needs PostgreSQL"),
    ],
    ids=["skipped-and-named-by-default", "fails-when-required"],
)
def test_a_postgres_only_test_on_sqlite_is_named_or_fails_never_skipped_silently(
    tmp_path, require, exit_code, says
):
    result = run_on_sqlite(tmp_path, REQUIRE_POSTGRES_TESTS=require)

    assert result.returncode == exit_code, result.stdout + result.stderr
    assert says in result.stdout
    assert "this run's database is sqlite" in result.stdout
