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
from types import SimpleNamespace

from django.utils import timezone

from actions import ragb
from actions.measures import measure_rating
from actions.models import (
    MeasureValue,
    Milestone,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
from actions.references import reference_sort_key
from actions.selectors import actions_for_quarter
from boroughs.models import Person
from governance.models import Risk, RiskStatus, risk_score
from governance.round_selectors import recorded_by, round_for
from reports import headline
from reports.selectors import next_meeting_after
from sendplan.history import rows_as_at
from sendplan.periods import ReportingPeriod

# 2: "not rated" is spelled ragb.NOT_RATED_KEY ("not_rated"); version 1 said "unrated".
# Page one, data quality, measure ratings, scope and the draft flag came with it too.
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
    """The borough's plans, priorities, actions and people for one quarter.

    The structure is as recorded at the quarter's end (`when`); ratings and measure
    values are those reported for the quarter and recorded by `recorded_by`.
    """

    def __init__(self, *, borough, when, period_end, recorded_by):
        self.when = when
        self.recorded_by = recorded_by
        self.plans = list(rows_as_at(Plan, when=when, borough_id=borough.pk))
        self.plans.sort(key=lambda p: (p.title, p.id))
        plan_ids = [p.id for p in self.plans]
        self.plan_by_id = {p.id: p for p in self.plans}
        self.priorities = rows_as_at(Priority, when=when, plan_id__in=plan_ids)
        self.priorities.sort(key=lambda p: (p.plan_id, p.position, p.id))
        self.priority_by_id = {p.id: p for p in self.priorities}
        self.actions = actions_for_quarter(
            plan_ids=plan_ids, period_end=period_end, structure_at=when, recorded_by=recorded_by
        )
        self.action_by_id = {a.id: a for a in self.actions}
        self.people = {p.id: p.name for p in rows_as_at(Person, when=when, borough_id=borough.pk)}


def _quarter_actions(borough, period, board, plan_ids, as_of):
    cutoff = recorded_by(round_for(borough=borough, period=period, board=board), as_of)
    return actions_for_quarter(
        plan_ids=plan_ids,
        period_end=period.end,
        structure_at=period.end_datetime(),
        recorded_by=cutoff,
    )


def _scope(board, now):
    """Narrow the snapshot to what `board` oversees: its plans and priorities.

    A board with no plans and no priorities chosen oversees the whole borough.
    """
    if board is None:
        return None
    plan_ids = set(board.plans.values_list("id", flat=True))
    priority_ids = set(board.priorities.values_list("id", flat=True))
    if not plan_ids and not priority_ids:
        return None
    keep = {p.id for p in now.priorities if p.plan_id in plan_ids or p.id in priority_ids}
    now.priorities = [p for p in now.priorities if p.id in keep]
    plans_kept = plan_ids | {p.plan_id for p in now.priorities}
    now.plans = [p for p in now.plans if p.id in plans_kept]
    now.plan_by_id = {p.id: p for p in now.plans}
    now.priority_by_id = {p.id: p for p in now.priorities}
    now.actions = [a for a in now.actions if a.priority_id in keep]
    now.action_by_id = {a.id: a for a in now.actions}
    return {
        "plans": sorted(p.title for p in now.plans),
        "priorities": [
            f"{now.plan_by_id[p.plan_id].priority_label} {p.number}: {p.title}".strip()
            for p in now.priorities
            if p.plan_id not in plan_ids
        ],
    }


def build_pack_content(*, borough, period, board=None, as_of=None, draft=False):
    """The whole content of one pack for `period`. See the module docstring.

    While the quarter's reporting round is open the pack is a draft and counts what is
    recorded up to `as_of` (now); once the round is final it counts what was recorded by its
    close, so regenerating a final pack gives the same content. `draft` marks a pack as a
    draft whatever its round says (a pack stored as one, BoardPack.is_draft).
    """
    as_of = as_of or timezone.now()
    when = period.end_datetime()
    previous = period.previous()
    reporting_round = round_for(borough=borough, period=period, board=board)
    cutoff = recorded_by(reporting_round, as_of)
    now = _Snapshot(borough=borough, when=when, period_end=period.end, recorded_by=cutoff)
    scope = _scope(board, now)
    before = {
        a.id: a
        for a in _quarter_actions(borough, previous, board, list(now.plan_by_id), as_of)
        if a.id in now.action_by_id
    }
    illustrative = {a.id for a in now.actions if a.update_is_illustrative}
    decisions = headline.decisions_as_at(list(now.action_by_id), period=period, when=cutoff)

    def plan_title(action):
        priority = now.priority_by_id.get(action.priority_id)
        return now.plan_by_id[priority.plan_id].title if priority else ""

    def priority_label(action):
        priority = now.priority_by_id.get(action.priority_id)
        if not priority:
            return ""
        plan = now.plan_by_id[priority.plan_id]
        return f"{plan.priority_label} {priority.number}".strip()

    def change_of(action):
        return _movement(before.get(action.id), action)

    def action_row(action, **extra):
        narrative = action.status_narrative
        # Demo narratives begin "Illustrative:"; the pack marks them once, not twice.
        marked = narrative.startswith(ILLUSTRATIVE_PREFIX)
        if marked:
            narrative = narrative.removeprefix(ILLUSTRATIVE_PREFIX).strip()
        was = before.get(action.id)
        return {
            "id": action.id,
            "reference": action.reference,
            "description": action.description,
            "plan": plan_title(action),
            "priority": priority_label(action),
            "status": ragb.key(action.status),
            "previous": ragb.key(was.status) if was else None,
            "change": change_of(action),
            "owners": [now.people[i] for i in action.owner_ids if i in now.people],
            "due_date": _iso(action.due_date),
            "timescale": action.timescale,
            "completed_on": _iso(action.completed_on),
            "rated_on": _iso(action.status_date),
            "overdue": ragb.is_overdue(
                due_date=action.due_date, status=action.status, on=period.end
            ),
            "narrative": narrative,
            "next_steps": action.next_steps,
            "illustrative": action.id in illustrative or marked,
            **extra,
        }

    def sort_key(action):
        priority = now.priority_by_id.get(action.priority_id)
        return (
            plan_title(action),
            priority.position if priority else 0,
            reference_sort_key(action.reference),
        )

    actions = sorted(now.actions, key=sort_key)
    rows = {a.id: action_row(a) for a in actions}

    # Summary: overall and per priority, now and at the previous quarter's end.
    by_priority = []
    for priority in now.priorities:
        plan = now.plan_by_id[priority.plan_id]
        mine = [a for a in actions if a.priority_id == priority.id]
        by_priority.append(
            {
                "plan": plan.title,
                "label": f"{plan.priority_label} {priority.number}".strip(),
                "title": priority.title,
                "counts": _counts(a.status for a in mine),
                "previous": _counts(before[a.id].status for a in mine if a.id in before),
                "direction": headline.direction(change_of(a) for a in mine),
            }
        )

    movement_rows = [
        {
            **rows[a.id],
            "before": rows[a.id]["previous"] or ragb.NOT_RATED_KEY,
            "after": rows[a.id]["status"],
        }
        for a in actions
        if change_of(a) != "unchanged"
    ]
    movement_counts = Counter(change_of(a) for a in actions)

    def earlier_states():
        yield {a.id: a.status for a in actions}
        yield {a.id: a.status for a in before.values()}
        quarter = previous.previous()
        while True:
            earlier = _quarter_actions(borough, quarter, board, list(now.plan_by_id), as_of)
            yield {a.id: a.status for a in earlier}
            quarter = quarter.previous()

    red_ids = [a.id for a in actions if a.status == ragb.RAGB.RED]
    at_red = headline.quarters_at_red(red_ids, states=earlier_states())
    exceptions = [
        {**rows[a.id], "quarters_at_red": at_red.get(a.id, 0)}
        for a in sorted(actions, key=lambda a: (ragb.RANK[a.status], sort_key(a)))
        if a.status in ragb.NEED_NARRATIVE
    ]
    overdue = [
        {**rows[a.id], "days_overdue": (period.end - a.due_date).days}
        for a in actions
        # Due before the period's last day and not finished by its end.
        if ragb.is_overdue(due_date=a.due_date, status=a.status, on=period.end)
    ]
    completed = [
        rows[a.id]
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
    new_reds = [
        rows[a.id]
        for a in actions
        if a.status == ragb.RAGB.RED
        and (a.id not in before or before[a.id].status != ragb.RAGB.RED)
    ]
    attention = [
        {**rows[a.id], "line": headline.one_line(rows[a.id]["narrative"])}
        for a in sorted(actions, key=lambda a: (ragb.RANK[a.status], sort_key(a)))
        if a.status == ragb.RAGB.RED or change_of(a) == "worsened"
    ]
    measures = _measures(now, period, borough)

    return {
        "version": CONTENT_VERSION,
        "borough": {"name": borough.name, "slug": borough.slug},
        "board": _board(board, period),
        "scope": scope,
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
            "previous": _counts(b.status for b in before.values()),
            "by_priority": by_priority,
        },
        "headline": {
            "new_red": new_reds,
            "worsened": [r for r in movement_rows if r["change"] == "worsened"],
            "improved": [r for r in movement_rows if r["change"] == "improved"],
            "completed": len(completed),
            "overdue": len(overdue),
            "undated": sum(
                1 for a in actions if not a.due_date and not ragb.is_completed(a.status)
            ),
        },
        "attention": attention,
        "decisions": [
            {**rows[a.id], "decision": decisions[a.id]} for a in actions if a.id in decisions
        ],
        "data_quality": headline.data_quality(
            actions=list(rows.values()), period=period, measures=measures
        ),
        "measure_rule": {
            "amber_margin": borough.measure_amber_margin,
            "amber_when_improving": borough.measure_amber_when_improving,
        },
        "movement": {
            "counts": {m: movement_counts.get(m, 0) for m in MOVEMENTS},
            "rows": movement_rows,
        },
        "exceptions": exceptions,
        "overdue": overdue,
        "completed": completed,
        "milestones_next": _milestones_next(now, period),
        "measures": measures,
        "risks": _risks(borough, now, when, scoped=scope is not None),
        "appendix": [
            {
                "plan": entry["plan"],
                "label": entry["label"],
                "title": entry["title"],
                "heading": f"{entry['label']}: {entry['title']}"
                if entry["label"]
                else entry["title"],
                "actions": [rows[a.id] for a in actions if a.priority_id == priority.id],
            }
            for entry, priority in zip(by_priority, now.priorities, strict=True)
        ],
        "draft": bool(draft) or (reporting_round is not None and not reporting_round.is_final),
        # The day the round closed, for a final pack: its ratings are as recorded by then.
        "round_closed": _iso(timezone.localdate(reporting_round.closed_at))
        if reporting_round is not None and reporting_round.is_final
        else None,
        "pending_review": _pending_review(now, period, cutoff),
        "has_illustrative": bool(illustrative)
        or any(a.status_narrative.startswith(ILLUSTRATIVE_PREFIX) for a in actions),
    }


def _pending_review(now, period, cutoff):
    """Updates for the quarter waiting for review at the cutoff: not in the pack, but counted."""
    return StatusUpdate.objects.filter(
        StatusUpdate.waiting_for_review_at(cutoff),
        action_id__in=list(now.action_by_id),
        date__lte=period.end,
        date__gte=period.start,
    ).count()


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
    return sorted(
        rows, key=lambda r: (r["due_date"], reference_sort_key(r["reference"]), r["title"])
    )


def _measures(now, period, borough):
    """Each measure with its values by quarter and its rating against its target.

    The rating is actions.measures.measure_rating's, as at the period's end, on the
    measure as it stood then (its history row) and the borough's rating settings.
    """
    plan = SimpleNamespace(borough=borough)
    measures = rows_as_at(SuccessMeasure, when=now.when, plan_id__in=list(now.plan_by_id))
    measures = [m for m in measures if not m.priority_id or m.priority_id in now.priority_by_id]
    measures.sort(key=lambda m: (now.plan_by_id[m.plan_id].title, m.position, m.id))
    values = {}
    # A value for the quarter recorded after its end still belongs to it.
    for v in rows_as_at(
        MeasureValue, when=now.recorded_by, measure_id__in=[m.id for m in measures]
    ):
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
            # A quarter with no value stays in the series as a gap, never skipped.
            v = inside[-1] if inside else None
            trend.append(
                {
                    "period": quarter.label,
                    "date": _iso(v.date) if v else None,
                    "value": _number(v.value) if v else None,
                    "illustrative": v.is_illustrative if v else False,
                }
            )
        latest = mine[-1] if mine else None
        rated = measure_rating(
            SimpleNamespace(
                target=m.target,
                baseline=m.baseline,
                direction=m.direction,
                unit=m.unit,
                target_date=m.target_date,
                plan=plan,
            ),
            mine,
            on=period.end,
        )
        result.append(
            {
                "description": m.description,
                "rating": {
                    "rating": ragb.key(rated.rating),
                    "reason": rated.reason,
                    "target_passed": rated.target_passed,
                },
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
                "trend": _from_first_value(trend),
            }
        )
    return result


def _from_first_value(trend):
    """Quarters before a measure's first value are left out; later gaps stay as gaps."""
    for index, point in enumerate(trend):
        if point["value"] is not None:
            return trend[index:]
    return []


def _risks(borough, now, when, *, scoped=False):
    """Open risks by score. A scoped board sees only risks linked to its own actions."""
    risks = [
        r for r in rows_as_at(Risk, when=when, borough_id=borough.pk) if r.status == RiskStatus.OPEN
    ]
    links = {}
    for history_id, action_id in Risk.history.model.actions.model.objects.filter(
        history_id__in=[r.history_id for r in risks]
    ).values_list("history_id", "action_id"):
        if action_id in now.action_by_id:
            links.setdefault(history_id, []).append(now.action_by_id[action_id])
    if scoped:
        risks = [r for r in risks if links.get(r.history_id)]
    rows = []
    for r in risks:
        score = risk_score(r.likelihood, r.impact)
        linked = sorted(links.get(r.history_id, []), key=lambda a: reference_sort_key(a.reference))
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


def rating_trend(*, borough, period, quarters=4, as_of=None):
    """A borough's RAGB counts for each of the last `quarters` quarters, oldest first.

    For the cross-borough pack's trend: each quarter counted as its own pack counts it
    (updates reported for it, as recorded by its round's close), with the plans as they
    stood at each quarter's end.
    """
    as_of = as_of or timezone.now()
    window = [period]
    for _ in range(quarters - 1):
        window.insert(0, window[0].previous())
    trend = []
    for quarter in window:
        when = quarter.end_datetime()
        plan_ids = [p.id for p in rows_as_at(Plan, when=when, borough_id=borough.pk)]
        actions = _quarter_actions(borough, quarter, None, plan_ids, as_of)
        trend.append({"period": quarter.label, "counts": _counts(a.status for a in actions)})
    return trend


def cross_borough_content(*, boroughs, period):
    """The cross-borough pack: each borough's pack content and its rating trend.

    It is a draft while any of the boroughs' rounds for the quarter is not final.
    """
    sections = []
    for borough in sorted(boroughs, key=lambda b: b.name):
        content = build_pack_content(borough=borough, period=period)
        sections.append(
            {
                "borough": {"name": borough.name, "slug": borough.slug},
                "content": content,
                "trend": rating_trend(borough=borough, period=period),
            }
        )
    # While any borough's round for the quarter is open, its figures may still change.
    still_open = [s["borough"]["name"] for s in sections if s["content"]["draft"]]
    return {
        "version": CONTENT_VERSION,
        "period": {"label": period.label, "slug": period.slug, "end": _iso(period.end)},
        "sections": sections,
        "draft": bool(still_open),
        "draft_boroughs": still_open,
    }


def period_has_ended(period, today):
    return period.end < today


def unfinished_period_reason(period, today):
    """Why a pack cannot be made for `period` yet, or None if its quarter has ended."""
    if period_has_ended(period, today):
        return None
    if period.start > today:
        return f"{period.label} has not started yet: packs are made after a quarter ends."
    return (
        f"{period.label} has not ended yet (it ends on {period.end:%-d %B %Y}): "
        "packs are made after a quarter ends."
    )


def period_choices(*, today, count=8):
    """Recent finished quarters for a select, newest first: packs report on ended quarters."""
    period = ReportingPeriod.containing(today).previous()
    periods = [period]
    for _ in range(count - 1):
        periods.append(periods[-1].previous())
    return periods
