"""What a board pack says: plain data computed "as at" the end of a reporting period.

Everything here reads the audited history up to the period's end instant, so a pack
for a past quarter comes out the same however often it is made. The result is plain
JSON-ready data (strings, numbers, lists, dicts; dates as ISO strings) so it can be
hashed, stored with the pack and rendered by the same template for PDF and screen.
"""

import hashlib
import json
from collections import Counter
from decimal import Decimal

from actions import ragb
from actions.models import (
    MeasureValue,
    Milestone,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
from actions.selectors import actions_as_at
from boroughs.models import Person
from governance.models import Risk, RiskStatus
from reports.selectors import next_meeting_after
from sendplan.history import rows_as_at
from sendplan.periods import ReportingPeriod

# 2: "not rated" is spelled ragb.NOT_RATED_KEY ("not_rated"); version 1 said "unrated".
CONTENT_VERSION = 2
# Statuses as they appear in content: "red", ..., "blue", "not_rated", in ragb.ORDER.
RATINGS = ragb.KEYS
MOVEMENTS = ["improved", "worsened", "new", "completed", "unchanged"]
TREND_QUARTERS = 6
ILLUSTRATIVE_PREFIX = "Illustrative:"


def read_stored(content):
    """Content stored with a pack, in today's spelling.

    Version 1 spelled "not rated" as "unrated" (as a status and as a count's key); a JSON
    string that is exactly "unrated" was never anything else.
    """
    if content is None or content.get("version", 1) >= 2:
        return content
    text = json.dumps(content, ensure_ascii=False).replace('"unrated"', f'"{ragb.NOT_RATED_KEY}"')
    return {**json.loads(text), "version": CONTENT_VERSION}


def content_hash(content):
    """SHA-256 of the canonical JSON form: equal content gives an equal hash."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _iso(value):
    return value.isoformat() if value else None


def _number(value):
    if value is None:
        return None
    value = Decimal(value)
    # 12.00 reads as 12 on a board paper; 12.50 keeps its decimals.
    return str(value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize())


def _counts(statuses):
    counter = Counter(ragb.key(s) for s in statuses)
    counts = {rating: counter.get(rating, 0) for rating in RATINGS}
    counts["total"] = sum(counter.values())
    return counts


def _movement(before, after):
    if before is None or not before.status:
        return "new" if after.status else "unchanged"
    if after.status == before.status:
        return "unchanged"
    if ragb.is_completed(after.status):
        return "completed"
    return "improved" if ragb.RANK[after.status] > ragb.RANK[before.status] else "worsened"


class _Snapshot:
    """The borough's plans, priorities, actions and people as at one instant."""

    def __init__(self, *, borough, when):
        self.when = when
        self.plans = list(rows_as_at(Plan, when=when, borough_id=borough.pk))
        self.plans.sort(key=lambda p: (p.title, p.id))
        plan_ids = [p.id for p in self.plans]
        self.plan_by_id = {p.id: p for p in self.plans}
        self.priorities = rows_as_at(Priority, when=when, plan_id__in=plan_ids)
        self.priorities.sort(key=lambda p: (p.plan_id, p.position, p.id))
        self.priority_by_id = {p.id: p for p in self.priorities}
        self.actions = actions_as_at(when=when, plan_ids=plan_ids)
        self.action_by_id = {a.id: a for a in self.actions}
        self.people = {p.id: p.name for p in rows_as_at(Person, when=when, borough_id=borough.pk)}


def _illustrative_action_ids(action_ids, period):
    """Actions whose latest rating by the period's end came from made-up demo history.

    Status updates are a dated, append-only record, so their own date says which one
    was the latest at the period's end.
    """
    latest = (
        StatusUpdate.objects.filter(action_id__in=action_ids, date__lte=period.end)
        .order_by("action_id", "-date", "-created_at", "-id")
        .values_list("action_id", "is_illustrative")
    )
    seen, flagged = set(), set()
    for action_id, is_illustrative in latest:
        if action_id not in seen:
            seen.add(action_id)
            if is_illustrative:
                flagged.add(action_id)
    return flagged


def build_pack_content(*, borough, period, board=None):
    """The whole content of one pack, as at `period`'s end. See the module docstring."""
    when = period.end_datetime()
    previous = period.previous()
    now = _Snapshot(borough=borough, when=when)
    before = {
        a.id: a for a in actions_as_at(when=previous.end_datetime(), plan_ids=list(now.plan_by_id))
    }
    illustrative = _illustrative_action_ids(list(now.action_by_id), period)

    def plan_title(action):
        priority = now.priority_by_id.get(action.priority_id)
        return now.plan_by_id[priority.plan_id].title if priority else ""

    def action_row(action, **extra):
        narrative = action.status_narrative
        return {
            "reference": action.reference,
            "description": action.description,
            "plan": plan_title(action),
            "status": ragb.key(action.status),
            "owners": [now.people[i] for i in action.owner_ids if i in now.people],
            "due_date": _iso(action.due_date),
            "timescale": action.timescale,
            "completed_on": _iso(action.completed_on),
            "narrative": narrative,
            "next_steps": action.next_steps,
            "illustrative": action.id in illustrative or narrative.startswith(ILLUSTRATIVE_PREFIX),
            **extra,
        }

    def sort_key(action):
        priority = now.priority_by_id.get(action.priority_id)
        return (plan_title(action), priority.position if priority else 0, action.reference)

    actions = sorted(now.actions, key=sort_key)

    # Summary: overall and per priority.
    by_priority = []
    for priority in now.priorities:
        plan = now.plan_by_id[priority.plan_id]
        mine = [a.status for a in actions if a.priority_id == priority.id]
        by_priority.append(
            {
                "plan": plan.title,
                "label": f"{plan.priority_label} {priority.number}".strip(),
                "title": priority.title,
                "counts": _counts(mine),
            }
        )

    # Movement since the previous quarter's end.
    movement_rows = []
    for action in actions:
        change = _movement(before.get(action.id), action)
        if change != "unchanged":
            was = before.get(action.id)
            movement_rows.append(
                {
                    "reference": action.reference,
                    "description": action.description,
                    "plan": plan_title(action),
                    "before": ragb.key(was.status if was else ragb.NOT_RATED),
                    "after": ragb.key(action.status),
                    "change": change,
                }
            )
    movement_counts = Counter(_movement(before.get(a.id), a) for a in actions)

    exceptions = [
        action_row(a)
        for a in sorted(actions, key=lambda a: (ragb.RANK[a.status], sort_key(a)))
        if a.status in ragb.NEED_NARRATIVE
    ]
    overdue = [
        action_row(a)
        for a in actions
        # Due before the period's last day and not finished by its end.
        if a.due_date and a.due_date < period.end and not ragb.is_completed(a.status)
    ]
    completed = [
        action_row(a)
        for a in actions
        if ragb.is_completed(a.status)
        and (
            (a.completed_on and period.start <= a.completed_on <= period.end)
            or (
                not a.completed_on
                and before.get(a.id)
                and not ragb.is_completed(before[a.id].status)
            )
        )
    ]

    return {
        "version": CONTENT_VERSION,
        "borough": {"name": borough.name, "slug": borough.slug},
        "board": _board(board, period),
        "period": {
            "label": period.label,
            "slug": period.slug,
            "start": _iso(period.start),
            "end": _iso(period.end),
            "previous": previous.label,
            "next": period.next().label,
        },
        "plans": [{"title": p.title, "kind": p.kind} for p in now.plans],
        "summary": {
            "overall": _counts(a.status for a in actions),
            "by_priority": by_priority,
        },
        "movement": {
            "counts": {m: movement_counts.get(m, 0) for m in MOVEMENTS},
            "rows": movement_rows,
        },
        "exceptions": exceptions,
        "overdue": overdue,
        "completed": completed,
        "milestones_next": _milestones_next(now, period),
        "measures": _measures(now, period),
        "risks": _risks(borough, now, when),
        "appendix": [
            {
                "plan": entry["plan"],
                "label": entry["label"],
                "title": entry["title"],
                "actions": [action_row(a) for a in actions if a.priority_id == priority.id],
            }
            for entry, priority in zip(by_priority, now.priorities, strict=True)
        ],
        "has_illustrative": bool(illustrative)
        or any(a.status_narrative.startswith(ILLUSTRATIVE_PREFIX) for a in actions),
    }


def _board(board, period):
    if board is None:
        return None
    meeting = next_meeting_after(board, period.end)
    return {
        "name": board.name,
        "slug": board.slug,
        "chair": board.chair,
        "meeting_date": _iso(meeting.date) if meeting else None,
    }


def _milestones_next(now, period):
    coming = period.next()
    rows = []
    for m in rows_as_at(Milestone, when=now.when, action_id__in=list(now.action_by_id)):
        if not (m.due_date and coming.start <= m.due_date <= coming.end):
            continue
        if m.achieved_on and m.achieved_on <= period.end:
            continue
        action = now.action_by_id[m.action_id]
        rows.append(
            {
                "reference": action.reference,
                "title": m.title,
                "due_date": _iso(m.due_date),
                "timescale": m.timescale,
                "status": ragb.key(action.status),
            }
        )
    return sorted(rows, key=lambda r: (r["due_date"], r["reference"], r["title"]))


def _measures(now, period):
    measures = rows_as_at(SuccessMeasure, when=now.when, plan_id__in=list(now.plan_by_id))
    measures.sort(key=lambda m: (now.plan_by_id[m.plan_id].title, m.position, m.id))
    values = {}
    for v in rows_as_at(MeasureValue, when=now.when, measure_id__in=[m.id for m in measures]):
        if v.date <= period.end:
            values.setdefault(v.measure_id, []).append(v)
    window = [period]
    for _ in range(TREND_QUARTERS - 1):
        window.insert(0, window[0].previous())
    result = []
    for m in measures:
        mine = sorted(values.get(m.id, []), key=lambda v: v.date)
        trend = []
        for quarter in window:
            inside = [v for v in mine if quarter.start <= v.date <= quarter.end]
            if inside:
                v = inside[-1]
                trend.append(
                    {
                        "period": quarter.label,
                        "date": _iso(v.date),
                        "value": _number(v.value),
                        "illustrative": v.is_illustrative,
                    }
                )
        latest = mine[-1] if mine else None
        result.append(
            {
                "description": m.description,
                "unit": m.unit,
                "direction": m.direction,
                "baseline": _number(m.baseline),
                "target": _number(m.target),
                "target_date": _iso(m.target_date),
                "latest": {
                    "value": _number(latest.value),
                    "date": _iso(latest.date),
                    "illustrative": latest.is_illustrative,
                }
                if latest
                else None,
                "trend": trend,
            }
        )
    return result


def _risks(borough, now, when):
    risks = [
        r for r in rows_as_at(Risk, when=when, borough_id=borough.pk) if r.status == RiskStatus.OPEN
    ]
    links = {}
    for history_id, action_id in Risk.history.model.actions.model.objects.filter(
        history_id__in=[r.history_id for r in risks]
    ).values_list("history_id", "action_id"):
        if action_id in now.action_by_id:
            links.setdefault(history_id, []).append(now.action_by_id[action_id])
    rows = []
    for r in risks:
        score = r.likelihood * r.impact if r.likelihood and r.impact else None
        linked = sorted(links.get(r.history_id, []), key=lambda a: a.reference)
        rows.append(
            {
                "risk_id": r.risk_id,
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": score,
                "owner": now.people.get(r.owner_id, ""),
                "mitigation": r.mitigation,
                "actions": [
                    {"reference": a.reference, "status": ragb.key(a.status)} for a in linked
                ],
            }
        )
    return sorted(rows, key=lambda r: (-(r["score"] or 0), r["risk_id"]))


def period_choices(*, today, count=8):
    """Recent periods for a select, newest first: the current quarter and those before."""
    period = ReportingPeriod.containing(today)
    periods = [period]
    for _ in range(count - 1):
        periods.append(periods[-1].previous())
    return periods
