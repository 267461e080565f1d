"""Appendix: every action by priority with its rating at the period's end."""


def section(snap, by_priority):
    """`by_priority` is page one's, in the snapshot's priority order."""
    return [
        {
            "plan": entry["plan"],
            "label": entry["label"],
            "title": entry["title"],
            "heading": f"{entry['label']}: {entry['title']}" if entry["label"] else entry["title"],
            "actions": [snap.rows[a.id] for a in snap.actions if a.priority_id == priority.id],
        }
        for entry, priority in zip(by_priority, snap.priorities, strict=True)
    ]
