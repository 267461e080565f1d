"""Action references sort the way people number them, not as text.

Plans number actions "3.2", "3.10", "3-H1", "10-H1", "P2a"; sorted as text, 3.10 comes
before 3.2 and 10-H1 before 3-H1. `reference_sort_key` splits a reference into runs of
digits (compared as numbers) and everything else (compared case-insensitively), so
3.2 < 3.10 and 3-H1 < 10-H1. This is the one place that rule lives.
"""

import re

_PARTS = re.compile(r"(\d+)")


def reference_sort_key(reference):
    """A key for sorted(): "3.2" < "3.10" < "10-H1"; text parts compare case-insensitively."""
    key = []
    for index, part in enumerate(_PARTS.split((reference or "").strip())):
        if index % 2:
            key.append((0, int(part), ""))
        elif part:
            key.append((1, 0, part.casefold()))
    # The original text breaks ties ("03" and "3"), so the order is total and stable.
    return (tuple(key), reference or "")
