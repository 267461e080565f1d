"""The decisions the board is asked to make, as flagged on the actions' updates."""

from actions.models import StatusUpdate


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


def section(snap):
    asked = decisions_as_at(list(snap.action_by_id), period=snap.period, when=snap.recorded_by)
    return [{**snap.rows[a.id], "decision": asked[a.id]} for a in snap.actions if a.id in asked]
