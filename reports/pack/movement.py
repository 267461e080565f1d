"""Movement since the previous quarter: each action whose rating changed, and the counts."""

from collections import Counter

from actions import ragb
from reports.pack.snapshot import MOVEMENTS


def movement_rows(snap):
    """Every action whose rating changed, in plan order, with its rating before and after."""
    return [
        {
            **snap.rows[a.id],
            "before": snap.rows[a.id]["previous"] or ragb.NOT_RATED_KEY,
            "after": snap.rows[a.id]["status"],
        }
        for a in snap.actions
        if snap.change_of(a) != "unchanged"
    ]


def section(snap):
    changes = Counter(snap.change_of(a) for a in snap.actions)
    return {
        "counts": {m: changes.get(m, 0) for m in MOVEMENTS},
        "rows": movement_rows(snap),
    }
