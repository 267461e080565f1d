"""Page one, the summary a chair reads in a minute.

Ratings now and last quarter, overall and per priority with each priority's direction of
travel; the headline counts (new Reds, worsened, improved, completed, overdue, undated);
and the actions for the board's attention.
"""

from collections import Counter

from actions import ragb
from reports.pack import progress
from reports.pack.movement import movement_rows
from reports.pack.snapshot import counts

# Direction of travel: a symbol and its words, so neither colour nor the symbol alone
# carries the meaning.
DIRECTIONS = {
    "improving": {"symbol": "▲", "words": "Improving"},
    "worsening": {"symbol": "▼", "words": "Worsening"},
    "steady": {"symbol": "▶", "words": "No change"},
    "new": {"symbol": "●", "words": "New this quarter"},
}
ONE_LINE = 140
# Page one is one A4 page. Its parts are measured in lines of 8 pt text (about 72 to a
# page); the attention list gets what the cover, headline and priorities leave, at most
# ATTENTION_MOST rows, and names how many more are in Exceptions.
PAGE_LINES = 54
ATTENTION_MOST = 8


def one_line(text, limit=ONE_LINE):
    """The first sentence of a narrative, or its first `limit` characters, whole words."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    for stop in (". ", "; "):
        head, found, _ = text.partition(stop)
        if found and len(head) < limit:
            return head + "."
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def direction(changes):
    """A priority's direction of travel from its actions' movements this quarter."""
    tally = Counter(changes)
    better = tally["improved"] + tally["completed"]
    worse = tally["worsened"]
    if not tally or tally["new"] == sum(tally.values()):
        key = "new" if tally else "steady"
    elif better > worse:
        key = "improving"
    elif worse > better:
        key = "worsening"
    else:
        key = "steady"
    return {"key": key, **DIRECTIONS[key], "improved": better, "worsened": worse}


def by_priority(snap):
    """Each priority's ratings now and last quarter, with its direction of travel."""
    result = []
    for priority in snap.priorities:
        plan = snap.plan_by_id[priority.plan_id]
        mine = [a for a in snap.actions if a.priority_id == priority.id]
        result.append(
            {
                "plan": plan.title,
                "label": f"{plan.priority_label} {priority.number}".strip(),
                "title": priority.title,
                "counts": counts(a.status for a in mine),
                "previous": counts(snap.before[a.id].status for a in mine if a.id in snap.before),
                "direction": direction(snap.change_of(a) for a in mine),
            }
        )
    return result


def summary(snap):
    return {
        "overall": counts(a.status for a in snap.actions),
        "previous": counts(b.status for b in snap.before.values()),
        "by_priority": by_priority(snap),
    }


def headline(snap):
    changed = movement_rows(snap)
    return {
        "new_red": [
            snap.rows[a.id]
            for a in snap.actions
            if a.status == ragb.RAGB.RED
            and (a.id not in snap.before or snap.before[a.id].status != ragb.RAGB.RED)
        ],
        "worsened": [r for r in changed if r["change"] == "worsened"],
        "improved": [r for r in changed if r["change"] == "improved"],
        "completed": len(progress.completed(snap)),
        "overdue": len(progress.overdue(snap)),
        "undated": progress.undated(snap),
    }


def attention(snap):
    """Red actions and actions that got worse, Red first, each with one line of narrative."""
    return [
        {**snap.rows[a.id], "line": one_line(snap.rows[a.id]["narrative"])}
        for a in snap.by_rating()
        if a.status == ragb.RAGB.RED or snap.change_of(a) == "worsened"
    ]


def _lines(text, per_line):
    return max(1, -(-len(text or "") // per_line))


def attention_rows_that_fit(snap, rows, decisions, messages=()):
    """How many attention rows page one has room for after everything else on it."""
    plans = " ".join(p.title for p in snap.plans)
    used = 30 + _lines(plans, 110) + 2 * len(decisions)
    used += sum(_lines(m, 110) + 1 for m in messages) + (2 if messages else 0)
    used += sum(_lines(d["decision"] + d.get("outcome", ""), 100) for d in decisions)
    for priority in snap.priorities:
        plan = snap.plan_by_id[priority.plan_id].title if len(snap.plans) > 1 else ""
        used += _lines(f"{priority.number}: {priority.title} ({plan})", 50)
    shown = 0
    for row in rows[:ATTENTION_MOST]:
        owners = "Owner: " + (", ".join(row["owners"]) or "none recorded")
        height = max(
            _lines(row["description"], 58) + _lines(owners, 58), _lines(row["line"], 42), 2
        )
        if used + height > PAGE_LINES:
            break
        used += height
        shown += 1
    return shown
