"""Data quality, said plainly, so that missing data never reads as good news."""

from actions import ragb
from reports.pack.measures import has_figures


def findings(*, actions, period, measures):
    """What is missing or doubtful. `actions` are open and closed rows; `measures` the section's."""
    open_actions = [a for a in actions if a["status"] != "blue"]
    found = {
        "no_due_date": [a for a in open_actions if not a["due_date"]],
        "no_owner": [a for a in open_actions if not a["owners"]],
        # Not rated during the quarter: its rating is older news than the pack.
        "not_updated": [
            a for a in open_actions if not a["rated_on"] or a["rated_on"] < period.start.isoformat()
        ],
        "overdue_but_green": [
            a for a in open_actions if a["status"] == ragb.RAGB.GREEN and a.get("overdue")
        ],
        # Neither a value of its own nor a national figure: one line here, not a page.
        "measures_without_values": [m for m in measures if not has_figures(m)],
        # Past the target date and the target not met (actions.measures decides).
        "measures_past_target_date": [m for m in measures if m["rating"]["target_passed"]],
    }
    return {
        key: {"count": len(rows), "items": [_label(row) for row in rows]}
        for key, rows in found.items()
    } | {"open_actions": len(open_actions)}


def section(snap, measures):
    return findings(actions=list(snap.rows.values()), period=snap.period, measures=measures)


def _label(row):
    if "reference" in row:
        return {
            "reference": row["reference"],
            "description": row["description"],
            "owners": row["owners"],
        }
    return {"reference": "", "description": row["description"], "owners": []}
