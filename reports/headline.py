"""Page one of a board pack, and what it says plainly about gaps in the data.

Plain functions over the as-at actions (reports.content builds the rows): the
headline a chair reads in a minute (ratings now and last quarter per priority with
their direction of travel; new Reds, worsened, improved, completed, overdue), the
actions for the board's attention, the decisions the board is asked to make, and the
data-quality findings that stop missing data reading as good news.
"""

from collections import Counter

from actions import ragb
from actions.models import StatusUpdate

# Direction of travel: a symbol and its words, so neither colour nor the symbol alone
# carries the meaning.
DIRECTIONS = {
    "improving": {"symbol": "▲", "words": "Improving"},
    "worsening": {"symbol": "▼", "words": "Worsening"},
    "steady": {"symbol": "▶", "words": "No change"},
    "new": {"symbol": "●", "words": "New this quarter"},
}
# How far back "quarters at Red" counts: beyond this it says "4 or more".
RED_LOOKBACK = 4
ONE_LINE = 140


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
    counts = Counter(changes)
    better = counts["improved"] + counts["completed"]
    worse = counts["worsened"]
    if not counts or counts["new"] == sum(counts.values()):
        key = "new" if counts else "steady"
    elif better > worse:
        key = "improving"
    elif worse > better:
        key = "worsening"
    else:
        key = "steady"
    return {"key": key, **DIRECTIONS[key], "improved": better, "worsened": worse}


def decisions_as_at(action_ids, *, period, when):
    """{action id: decision wording} for actions whose latest update asks the board.

    Read from the status updates' audited history as at `when`, so a flag added or
    withdrawn after the quarter's end does not change that quarter's pack.
    """
    historical = StatusUpdate.history.model
    rows = (
        historical.objects.filter(
            action_id__in=action_ids, history_date__lte=when, date__lte=period.end
        )
        .order_by("id", "-history_date", "-history_id")
        .values(
            "id",
            "action_id",
            "date",
            "created_at",
            "needs_board_decision",
            "board_decision",
            "history_type",
        )
    )
    latest_row = {}
    for row in rows:
        latest_row.setdefault(row["id"], row)
    latest_update = {}
    for row in latest_row.values():
        if row["history_type"] == "-":
            continue
        key = (row["date"], row["created_at"], row["id"])
        current = latest_update.get(row["action_id"])
        if current is None or key > current[0]:
            latest_update[row["action_id"]] = (key, row)
    return {
        action_id: row["board_decision"]
        for action_id, (_, row) in latest_update.items()
        if row["needs_board_decision"] and row["board_decision"]
    }


def quarters_at_red(action_ids, *, states):
    """{action id: consecutive quarters at Red, counting back from the pack's quarter}.

    `states` yields {action id: status} for each quarter as its own pack counts it
    (updates reported for it, as recorded by its round's close), newest first; it is
    read only while some action is still Red, and at most RED_LOOKBACK quarters.
    """
    counts = dict.fromkeys(action_ids, 0)
    still = set(action_ids)
    quarters = iter(states)
    for _ in range(RED_LOOKBACK):
        # Each quarter costs a query: never ask for one nobody needs.
        statuses = next(quarters, None) if still else None
        if statuses is None:
            break
        still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}
        for action_id in still:
            counts[action_id] += 1
    return counts


def data_quality(*, actions, period, measures):
    """What is missing or doubtful, said plainly. `actions` are open and closed rows."""
    open_actions = [a for a in actions if a["status"] != "blue"]
    findings = {
        "no_due_date": [a for a in open_actions if not a["due_date"]],
        "no_owner": [a for a in open_actions if not a["owners"]],
        # Not rated during the quarter: its rating is older news than the pack.
        "not_updated": [
            a for a in open_actions if not a["rated_on"] or a["rated_on"] < period.start.isoformat()
        ],
        "overdue_but_green": [
            a for a in open_actions if a["status"] == ragb.RAGB.GREEN and a.get("overdue")
        ],
        "measures_without_values": [m for m in measures if not m["latest"]],
        # Past the target date and the target not met (actions.measures decides).
        "measures_past_target_date": [m for m in measures if m["rating"]["target_passed"]],
    }
    return {
        key: {"count": len(rows), "items": [_label(row) for row in rows]}
        for key, rows in findings.items()
    } | {"open_actions": len(open_actions)}


def _label(row):
    if "reference" in row:
        return {
            "reference": row["reference"],
            "description": row["description"],
            "owners": row["owners"],
        }
    return {"reference": "", "description": row["description"], "owners": []}
