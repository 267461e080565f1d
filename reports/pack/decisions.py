"""The decisions the board is asked to make, as flagged on the actions' updates."""

from actions.models import StatusUpdate
from governance.round_selectors import recorded_by, round_for


def _flagged(action_ids, *, period, when):
    """{action id: history row of its latest update for `period`} where it asks the board.

    Read from the status updates' audited history as at `when`, so a flag added or
    withdrawn after the round's close does not change that quarter's pack.
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
            "board_outcome",
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
        action_id: row
        for action_id, (_, row) in latest_update.items()
        if row["needs_board_decision"] and row["board_decision"]
    }


def _outcomes(update_ids, *, when):
    """{update id: the board's outcome as recorded by `when`} ("" when none yet)."""
    rows = (
        StatusUpdate.history.model.objects.filter(id__in=update_ids, history_date__lte=when)
        .order_by("id", "-history_date", "-history_id")
        .values_list("id", "board_outcome")
    )
    found = {}
    for update_id, outcome in rows:
        found.setdefault(update_id, outcome)
    return found


def made_last_time(snap):
    """Last quarter's decisions (as its pack listed them) and the outcome recorded since."""
    previous = snap.period.previous()
    cutoff = recorded_by(
        round_for(borough=snap.borough, period=previous, board=snap.board), snap.as_of
    )
    asked = _flagged(list(snap.action_by_id), period=previous, when=cutoff)
    outcomes = _outcomes([row["id"] for row in asked.values()], when=snap.recorded_by)
    # A request still open on the same update is asked again this quarter, not repeated here.
    again = _flagged(list(snap.action_by_id), period=snap.period, when=snap.recorded_by)
    still_asked = {row["id"] for row in again.values() if not row["board_outcome"]}
    return [
        {
            **snap.rows[a.id],
            "decision": asked[a.id]["board_decision"],
            "outcome": outcomes.get(asked[a.id]["id"], ""),
        }
        for a in snap.actions
        if a.id in asked and asked[a.id]["id"] not in still_asked
    ]


def section(snap):
    """Decisions asked on the actions' latest updates and not yet decided (no outcome)."""
    flagged = _flagged(list(snap.action_by_id), period=snap.period, when=snap.recorded_by)
    asked = {i: row for i, row in flagged.items() if not row["board_outcome"]}
    return [
        {**snap.rows[a.id], "decision": asked[a.id]["board_decision"]}
        for a in snap.actions
        if a.id in asked
    ]
