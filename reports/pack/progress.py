"""Overdue actions, actions completed this quarter, and milestones due next quarter."""

from actions import ragb
from actions.models import Milestone
from actions.references import reference_sort_key
from reports.pack.snapshot import iso
from sendplan.history import rows_as_at


def overdue(snap):
    """Due before the period's last day and not finished by its end, with days overdue."""
    return [
        {**snap.rows[a.id], "days_overdue": (snap.period.end - a.due_date).days}
        for a in snap.actions
        if snap.is_overdue(a)
    ]


def completed(snap):
    """Completed in the quarter: by its completion date, or, with none, by its movement."""
    period = snap.period

    def this_quarter(action):
        if action.completed_on:
            return period.start <= action.completed_on <= period.end
        was = snap.before.get(action.id)
        return bool(was) and not ragb.is_completed(was.status)

    return [
        snap.rows[a.id] for a in snap.actions if ragb.is_completed(a.status) and this_quarter(a)
    ]


def undated(snap):
    """Open actions with no due date: they cannot be checked for being overdue."""
    return sum(1 for a in snap.actions if not a.due_date and not ragb.is_completed(a.status))


def milestones_next(snap):
    """Milestones due next quarter and not achieved by this quarter's end."""
    coming = snap.period.next()
    rows = []
    for m in rows_as_at(Milestone, when=snap.when, action_id__in=list(snap.action_by_id)):
        if not (m.due_date and coming.start <= m.due_date <= coming.end):
            continue
        if m.achieved_on and m.achieved_on <= snap.period.end:
            continue
        action = snap.action_by_id[m.action_id]
        rows.append(
            {
                "reference": action.reference,
                "title": m.title,
                "due_date": iso(m.due_date),
                "timescale": m.timescale,
                "status": ragb.key(action.status),
            }
        )
    return sorted(
        rows, key=lambda r: (r["due_date"], reference_sort_key(r["reference"]), r["title"])
    )
