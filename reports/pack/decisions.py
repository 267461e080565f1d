"""The decisions the board is asked to make, as flagged on the actions' updates."""

from actions.models import BoardDecisionDetail, StatusUpdate
from governance.round_selectors import recorded_by, round_for
from reports.pack.snapshot import iso


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


def _details(update_ids, *, when):
    """{update id: (decide by, outcome)} as recorded by `when` (BoardDecisionDetail)."""
    rows = (
        BoardDecisionDetail.history.model.objects.filter(
            update_id__in=update_ids, history_date__lte=when
        )
        .order_by("update_id", "-history_date", "-history_id")
        .values_list("update_id", "decide_by", "outcome", "history_type")
    )
    found = {}
    for update_id, decide_by, outcome, kind in rows:
        if update_id not in found:
            found[update_id] = (None, "") if kind == "-" else (decide_by, outcome)
    return found


def made_last_time(snap):
    """Last quarter's decisions (as its pack listed them) and the outcome recorded since."""
    previous = snap.period.previous()
    cutoff = recorded_by(
        round_for(borough=snap.borough, period=previous, board=snap.board), snap.as_of
    )
    asked = _flagged(list(snap.action_by_id), period=previous, when=cutoff)
    details = _details([row["id"] for row in asked.values()], when=snap.recorded_by)
    # A request still open on the same update is asked again this quarter, not repeated here.
    still_asked = {row["id"] for row in _open_requests(snap).values()}
    return [
        {
            **snap.rows[a.id],
            "decision": asked[a.id]["board_decision"],
            "outcome": details.get(asked[a.id]["id"], (None, ""))[1],
        }
        for a in snap.actions
        if a.id in asked and asked[a.id]["id"] not in still_asked
    ]


def _open_requests(snap):
    """{action id: (its flagged update's row, decide by)}, decided ones left out."""
    flagged = _flagged(list(snap.action_by_id), period=snap.period, when=snap.recorded_by)
    details = _details([row["id"] for row in flagged.values()], when=snap.recorded_by)
    return {
        action_id: {**row, "decide_by": details.get(row["id"], (None, ""))[0]}
        for action_id, row in flagged.items()
        if not details.get(row["id"], (None, ""))[1]
    }


def section(snap):
    """Decisions asked on the actions' latest updates and not yet decided (no outcome)."""
    asked = _open_requests(snap)
    return [
        {
            **snap.rows[a.id],
            "decision": asked[a.id]["board_decision"],
            "decide_by": iso(asked[a.id]["decide_by"]),
        }
        for a in snap.actions
        if a.id in asked
    ]
