"""What a plan's public page says: the plan as its borough's last final round left it.

The same reading a board pack makes of a quarter (reports/pack/snapshot.py): the
structure as recorded at the quarter's end, each rating and narrative the latest update
for the quarter recorded by the round's close (approved by then where the borough
reviews). Nothing from an open round, a pending or returned review, the risk register,
the board's decisions or internal notes is read. The result is plain JSON-ready data the
page, the CSV, the JSON, the data package and the feed all read, so they say the same.
"""

from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from actions import ragb
from actions.rows import long_date
from reports.pack import national
from reports.pack.snapshot import ILLUSTRATIVE_PREFIX, iso, movement, number
from reports.public import selectors
from reports.public.quarter import read_quarter

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


def _narrative(text):
    """(the narrative, whether it is marked illustrative): demo narratives begin
    "Illustrative:", and the page marks them once, not twice (as the pack does)."""
    if text.startswith(ILLUSTRATIVE_PREFIX):
        return text.removeprefix(ILLUSTRATIVE_PREFIX).strip(), True
    return text, False


def _change(action):
    before = None if action.before is None else SimpleNamespace(status=action.before)
    return movement(before, action)


def _action(action, summaries, names):
    rating = ragb.key(action.status)
    narrative, marked = _narrative(action.narrative)
    change = _change(action)
    summary = summaries.get(action.id)
    row = {"due_date": iso(action.due_date), "completed_on": iso(action.completed_on)}
    return {
        "id": f"action-{action.id}",
        "reference": action.reference,
        "description": action.description,
        "rating": rating,
        "rating_words": PUBLIC_WORDS[rating],
        "rating_meaning": MEANINGS[rating],
        "previous_rating": None if action.before is None else ragb.key(action.before),
        "change": change,
        "change_words": CHANGE_WORDS[change],
        "update": summary if summary is not None else narrative,
        "update_is_public_summary": summary is not None,
        "illustrative": action.illustrative or marked,
        "owners": [names[i] for i in action.owner_ids if i in names],
        **row,
        "when_words": _when(row),
    }


def _when(row):
    """ "Done on 3 March 2026", "Due by 31 March 2026", or "" for a page to read."""
    if row["completed_on"]:
        return f"Done on {long_date(date.fromisoformat(row['completed_on']))}"
    if row["due_date"]:
        return f"Due by {long_date(date.fromisoformat(row['due_date']))}"
    return ""


def _priorities(quarter):
    summaries = selectors.public_summaries([a.id for a in quarter.actions])
    names = selectors.owner_names({i for a in quarter.actions for i in a.owner_ids})
    return [
        {
            "id": f"priority-{priority['id']}",
            "number": priority["number"],
            "label": f"{quarter.priority_label} {priority['number']}".strip(),
            "title": priority["title"],
            "description": priority["description"],
            "actions": [
                _action(a, summaries, names)
                for a in quarter.actions
                if a.priority_id == priority["id"]
            ],
        }
        for priority in quarter.priorities
    ]


def _national(reader, m):
    """(the DfE's figures for a linked measure, its unit), as the pack reads them."""
    unit = m["unit"]
    if not m["link"]:
        return None, unit
    indicator_id, direction = m["link"][0], m["direction"] or m["link"][1]
    indicator, _, _ = reader.points(indicator_id)
    figures = reader.figures(indicator_id, direction)
    if not unit and indicator is not None and indicator.is_percentage:
        unit = "%"
    return figures, unit


def _measures(plan, quarter):
    snap = SimpleNamespace(
        borough=plan.borough, period=quarter.period, when=quarter.period.end_datetime()
    )
    reader = national.National(snap, [m["link"][0] for m in quarter.measures if m["link"]])
    result = []
    for m in quarter.measures:
        figures, unit = _national(reader, m)
        latest = m["latest"]
        result.append(
            {
                "id": f"measure-{m['id']}",
                "description": m["description"],
                "unit": unit,
                "baseline": number(m["baseline"]),
                "target": number(m["target"]),
                "target_date": iso(m["target_date"]),
                "latest": number(latest["value"]) if latest else None,
                "latest_date": iso(latest["date"]) if latest else None,
                "national": figures,
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


def public_content(plan, final_id=None):
    """The plan's public page as plain data (see the module). `final_id`: the borough's
    last final round, if the caller has read it (selectors.published_plan_or_404)."""
    borough = plan.borough
    if final_id is None:
        final = selectors.last_final_round(borough)
        final_id = final.pk if final else None
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
    if final_id is None:
        return content
    quarter = read_quarter(plan, final_id)
    period = quarter.period
    content["quarter"] = {
        "label": period.label,
        "end": iso(period.end),
        "final_on": iso(quarter.closed_at.date()),
        "final_on_words": long_date(timezone.localdate(quarter.closed_at)),
        "previous_label": period.previous().label,
    }
    content["priorities"] = _priorities(quarter)
    content["measures"] = _measures(plan, quarter)
    return content
