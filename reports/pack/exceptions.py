"""Exceptions: every Red and Amber action, with how many quarters in a row it has been Red."""

from actions import ragb
from reports.pack.snapshot import quarter_actions

# How far back "quarters at Red" counts: beyond this it says "4 or more".
RED_LOOKBACK = 4


def quarters_at_red(action_ids, *, states):
    """{action id: consecutive quarters at Red, counting back from the pack's quarter}.

    `states` yields {action id: status} for each quarter as its own pack counts it
    (updates reported for it, as recorded by its round's close), newest first; it is
    read only while some action is still Red, and at most RED_LOOKBACK quarters.
    """
    tally = dict.fromkeys(action_ids, 0)
    still = set(action_ids)
    quarters = iter(states)
    for _ in range(RED_LOOKBACK):
        # Each quarter costs a query: never ask for one nobody needs.
        statuses = next(quarters, None) if still else None
        if statuses is None:
            break
        still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}
        for action_id in still:
            tally[action_id] += 1
    return tally


def earlier_states(snap):
    """{action id: status} for this quarter, the last, and each before it, lazily."""
    yield {a.id: a.status for a in snap.actions}
    yield {a.id: a.status for a in snap.before.values()}
    quarter = snap.period.previous().previous()
    while True:
        earlier = quarter_actions(
            snap.borough, quarter, snap.board, list(snap.plan_by_id), snap.as_of
        )
        yield {a.id: a.status for a in earlier}
        quarter = quarter.previous()


def section(snap):
    red_ids = [a.id for a in snap.actions if a.status == ragb.RAGB.RED]
    at_red = quarters_at_red(red_ids, states=earlier_states(snap))
    return [
        {**snap.rows[a.id], "quarters_at_red": at_red.get(a.id, 0)}
        for a in snap.by_rating()
        if a.status in ragb.NEED_NARRATIVE
    ]
