"""docs/architecture.md names every module of the five packages, and only modules that exist.

A newcomer finds where behaviour lives from that page, so a module added without a line
there, or a line left behind after a module is removed, fails the suite.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PACKAGES = ["sendplan", "boroughs", "actions", "governance", "reports"]


def modules_in_code(package):
    """Every module of a package, as a path relative to it (migrations and __init__ aside)."""
    base = ROOT / package
    return {
        path.relative_to(base).as_posix()
        for path in base.rglob("*.py")
        if "migrations" not in path.parts and path.name != "__init__.py"
    }


def modules_in_doc(package):
    """The `x.py` names in the package's section: its heading and any sub-folder headings."""
    named = set()
    section = None
    for line in DOC.read_text().splitlines():
        heading = re.match(r"#{3,4} `([\w/]+)/`", line)
        if heading:
            section = heading.group(1)
            continue
        if line.startswith("## "):
            section = None
        if section is None or section.split("/")[0] != package:
            continue
        prefix = section[len(package) + 1 :]
        for name in re.findall(r"^\| `([\w/]+\.py)` \|", line):
            named.add(f"{prefix}/{name}" if prefix else name)
    return named


@pytest.mark.parametrize("package", PACKAGES)
def test_architecture_doc_names_every_module_of_the_package(package):
    missing = sorted(modules_in_code(package) - modules_in_doc(package))
    assert not missing, f"docs/architecture.md does not name these {package}/ modules: {missing}"


@pytest.mark.parametrize("package", PACKAGES)
def test_architecture_doc_names_no_module_that_does_not_exist(package):
    stale = sorted(modules_in_doc(package) - modules_in_code(package))
    assert not stale, f"docs/architecture.md names {package}/ modules that do not exist: {stale}"


def test_the_doc_reader_sees_a_sub_folders_modules_under_their_path():
    # Guards the reader itself: a sub-folder heading maps its rows to that folder.
    assert "spreadsheets/reader.py" in modules_in_doc("actions")
    assert "reader.py" not in modules_in_doc("actions")
