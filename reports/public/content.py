"""What a plan's public page says: the plan as its borough's last final round left it.

The same reading a board pack makes of a quarter (reports/pack/snapshot.py): the
structure as recorded at the quarter's end, each rating and narrative the latest update
for the quarter recorded by the round's close (approved by then where the borough
reviews). Nothing from an open round, a pending or returned review, the risk register,
the board's decisions or internal notes is read. The result is plain JSON-ready data the
page, the CSV, the JSON, the data package and the feed all read, so they say the same.
"""

from datetime import date

from django.utils import timezone

from actions import ragb
from actions.selectors import long_date
from reports.pack import measures as pack_measures
from reports.pack.snapshot import Snapshot, iso
from reports.public import selectors

# What each rating means to a family, beside its colour word.
MEANINGS = {
    "red": "behind, needs urgent action",
    "amber": "under way, with some problems",
    "green": "on track",
    "blue": "done",
    ragb.NOT_RATED_KEY: "no rating yet",
}
PUBLIC_WORDS = {key: f"{ragb.label(key)}: {meaning}" for key, meaning in MEANINGS.items()}
CHANGE_WORDS = {
    "improved": "Better than last quarter",
    "worsened": "Worse than last quarter",
    "completed": "Done since last quarter",
    "new": "New this quarter",
    "unchanged": "Same as last quarter",
}


class PlanSnapshot(Snapshot):
    """A board pack's Snapshot narrowed to one plan."""

    def __init__(self, *, plan, **kwargs):
        self.only_plan_id = plan.pk
        super().__init__(**kwargs)

    def _plans(self, borough):
        return [p for p in super()._plans(borough) if p.id == self.only_plan_id]

    def _people(self, borough):
        return {}  # owners are named only with consent: selectors.owner_names


def _action(snap, action, row, summaries, names):
    summary = summaries.get(action.id)
    return {
        "id": f"action-{action.id}",
        "reference": row["reference"],
        "description": row["description"],
        "rating": row["status"],
        "rating_words": PUBLIC_WORDS[row["status"]],
        "rating_meaning": MEANINGS[row["status"]],
        "previous_rating": row["previous"],
        "change": row["change"],
        "change_words": CHANGE_WORDS[row["change"]],
        "update": summary if summary is not None else row["narrative"],
        "update_is_public_summary": summary is not None,
        "illustrative": row["illustrative"],
        "owners": [names[i] for i in action.owner_ids if i in names],
        "due_date": row["due_date"],
        "completed_on": row["completed_on"],
        "when_words": _when(row),
    }


def _when(row):
    """ "Done on 3 March 2026", "Due by 31 March 2026", or "" for a page to read."""
    if row["completed_on"]:
        return f"Done on {long_date(date.fromisoformat(row['completed_on']))}"
    if row["due_date"]:
        return f"Due by {long_date(date.fromisoformat(row['due_date']))}"
    return ""


def _priorities(snap):
    actions = sorted(snap.actions, key=snap.sort_key)
    summaries = selectors.public_summaries([a.id for a in actions])
    names = selectors.owner_names({i for a in actions for i in a.owner_ids})
    result = []
    for priority in snap.priorities:
        plan = snap.plan_by_id[priority.plan_id]
        result.append(
            {
                "id": f"priority-{priority.id}",
                "number": priority.number,
                "label": f"{plan.priority_label} {priority.number}".strip(),
                "title": priority.title,
                "description": priority.description,
                "actions": [
                    _action(snap, a, snap.rows[a.id], summaries, names)
                    for a in actions
                    if a.priority_id == priority.id
                ],
            }
        )
    return result


def _pack_measures(snap):
    """[(measure id, the pack's entry for it)]: pack_measures.section, keeping each id."""
    measures = pack_measures._measures(snap)
    values = pack_measures._values(snap, measures)
    links = pack_measures._links(snap, measures)
    window = pack_measures._window(snap.period)
    return [
        (
            m.id,
            pack_measures._measure(
                snap, m, sorted(values.get(m.id, []), key=lambda v: v.date), window, links.get(m.id)
            ),
        )
        for m in measures
    ]


def _measures(snap):
    result = []
    for measure_id, m in _pack_measures(snap):
        national = m["national"]
        result.append(
            {
                "id": f"measure-{measure_id}",
                "description": m["description"],
                "unit": m["unit"],
                "baseline": m["baseline"],
                "target": m["target"],
                "target_date": m["target_date"],
                "latest": m["latest"]["value"] if m["latest"] else None,
                "latest_date": m["latest"]["date"] if m["latest"] else None,
                "national": national,
            }
        )
    return result


def _you_said(plan):
    return [
        {
            "id": f"comment-{c.pk}",
            "about": c.action.reference if c.action_id else c.measure.description,
            "you_said": c.text,
            "we_did": c.reply,
            "published_on": iso(c.published_at.date()),
        }
        for c in selectors.you_said_we_did(plan)
    ]


def public_content(plan):
    """The plan's public page as plain data (see the module)."""
    borough = plan.borough
    final = selectors.last_final_round(borough)
    content = {
        "borough": {"name": borough.name, "slug": borough.slug},
        "plan": {
            "id": f"plan-{plan.pk}",
            "title": plan.title,
            "slug": plan.slug,
            "description": plan.description,
        },
        "quarter": None,
        "priorities": [],
        "measures": [],
        "you_said_we_did": _you_said(plan),
    }
    if final is None:
        return content
    snap = PlanSnapshot(plan=plan, borough=borough, period=final.period, as_of=final.closed_at)
    content["quarter"] = {
        "label": final.period.label,
        "end": iso(final.period.end),
        "final_on": iso(final.closed_at.date()),
        "final_on_words": long_date(timezone.localdate(final.closed_at)),
        "previous_label": final.period.previous().label,
    }
    content["priorities"] = _priorities(snap)
    content["measures"] = _measures(snap)
    return content
