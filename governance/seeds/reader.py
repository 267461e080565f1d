"""Step 1's tools: parse a YAML file, and check values while collecting every problem."""

import datetime as dt
from pathlib import Path

import yaml

from governance.seeds.files import SeedError


def describe(value):
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), f"a {type(value).__name__} ({value!r})"
    )


def join(path, key):
    return f"{path}.{key}" if path else str(key)


class Reader:
    """Walks one parsed file, collecting problems rather than stopping at the first."""

    def __init__(self, file):
        self.file = str(file)
        self.problems = []

    def problem(self, path, message):
        self.problems.append((self.file, path, message))

    def mapping(self, value, path, *, required=(), optional=()):
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping (key: value lines), found {describe(value)}")
            return None
        allowed = sorted({*required, *optional})
        for key in value:
            if key not in allowed:
                self.problem(join(path, key), f"unknown key; expected one of {', '.join(allowed)}")
        for key in required:
            if value.get(key) in (None, "", []):
                self.problem(join(path, key), "is required")
        return value

    def items(self, parent, key, path):
        """(path, item) for each entry of the list parent[key]; none when it is absent."""
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(join(path, key), f"expected a list, found {describe(value)}")
            return []
        return [(f"{join(path, key)}[{i}]", item) for i, item in enumerate(value)]

    def text(self, parent, key, path, *, limit=None, numbers=False):
        value = parent.get(key)
        if value is None:
            return ""
        if numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(join(path, key), f"expected text, found {describe(value)}")
            return ""
        value = value.strip()
        if limit and len(value) > limit:
            self.problem(
                join(path, key), f"is {len(value)} characters long; the most allowed is {limit}"
            )
        return value

    def names(self, parent, key, path):
        """(path, name) for each name in the list parent[key]."""
        names = []
        for item_path, item in self.items(parent, key, path):
            if isinstance(item, str) and item.strip():
                names.append((item_path, item.strip()))
            else:
                self.problem(item_path, f"expected a name, found {describe(item)}")
        return names

    def choice(self, parent, key, path, choices, default=""):
        value = parent.get(key)
        if value in (None, ""):
            return default
        if value not in choices:
            self.problem(
                join(path, key), f"{value!r} is not one of {', '.join(repr(c) for c in choices)}"
            )
            return default
        return value

    def date(self, parent, key, path):
        value = parent.get(key)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(join(path, key), f"expected a date like 2019-06-01, found {describe(value)}")
        return None

    def score(self, parent, key, path):
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            self.problem(join(path, key), f"expected a whole number from 1 to 5, found {value!r}")
            return None
        return value

    def unique(self, entries, label):
        seen = set()
        for path, value in entries:
            if value in seen:
                self.problem(path, f"{label} {value!r} appears more than once")
            seen.add(value)

    def refs(self, entries, known, label):
        for path, value in entries:
            if value not in known:
                self.problem(path, f"{label} {value!r} is not defined in this file")

    def done(self, result):
        if self.problems:
            raise SeedError(self.problems)
        return result


def parse_yaml(file):
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError([(str(file), "", f"cannot read the file ({exc.strerror})")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SeedError([(str(file), where, f"not valid YAML: {problem}")]) from None
