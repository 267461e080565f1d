"""Setting up again does no front-end work: bin/build-frontend skips an up-to-date build.

bin/run and bin/test run bin/setup every time, so a second run must not reinstall npm
packages or recompile Sass when nothing the build reads has changed.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CSS = ROOT / "frontend" / "dist" / "css" / "application.css"


def build():
    return subprocess.run(
        ["bin/build-frontend"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=300
    ).stdout


def test_building_the_front_end_again_with_nothing_changed_does_no_npm_or_sass_work():
    build()  # brings the build up to date, if the tree has changed since bin/setup
    built_at = CSS.stat().st_mtime_ns

    again = build()

    assert again.strip() == "build-frontend: up to date (inputs unchanged since the last build)"
    assert "npm ci" not in again
    assert CSS.stat().st_mtime_ns == built_at
