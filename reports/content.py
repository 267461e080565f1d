"""What a board pack says: plain data computed "as at" the end of a reporting period.

Everything here reads the audited history up to the period's end instant, so a pack
for a past quarter comes out the same however often it is made. The result is plain
JSON-ready data (strings, numbers, lists, dicts; dates as ISO strings) so it can be
hashed, stored with the pack and rendered by the same template for PDF and screen.
"""

import hashlib
import json

from django.utils import timezone

from actions import ragb
from governance.round_selectors import recorded_by, round_for
from reports.pack import (
    appendix,
    cover,
    data_quality,
    decisions,
    exceptions,
    gaps,
    key_messages,
    measures,
    movement,
    page_one,
    progress,
    risks,
)
from reports.pack.snapshot import (
    MOVEMENTS,
    RATINGS,
    Snapshot,
    counts,
    iso,
    plans_as_at,
    quarter_actions,
)
from sendplan.periods import ReportingPeriod

# 2: "not rated" is spelled ragb.NOT_RATED_KEY ("not_rated"); version 1 said "unrated".
# Page one, data quality, measure ratings, scope and the draft flag came with it too.
# 3: a measure linked to a national indicator carries the DfE figures ("national") and
# every measure its change since the previous figure ("since").
# 4: "gaps", why the pack is empty or partial (issue 27).
CONTENT_VERSION = 4
__all__ = ["MOVEMENTS", "RATINGS", "build_pack_content", "content_hash", "read_stored"]


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


def build_pack_content(*, borough, period, board=None, as_of=None, draft=False):
    """The whole content of one pack for `period`: its sections, in the pack's order.

    While the quarter's reporting round is open the pack is a draft and counts what is
    recorded up to `as_of` (now); once the round is final it counts what was recorded by its
    close, so regenerating a final pack gives the same content. `draft` marks a pack as a
    draft whatever its round says (a pack stored as one, BoardPack.is_draft).
    """
    snap = Snapshot(borough=borough, period=period, board=board, as_of=as_of)
    summary = page_one.summary(snap)
    attention = page_one.attention(snap)
    asked = decisions.section(snap)
    made = decisions.made_last_time(snap)
    messages = key_messages.section(snap)
    shown = page_one.attention_rows_that_fit(snap, attention, asked + made, messages)
    measure_rows = measures.section(snap)
    return {
        "version": CONTENT_VERSION,
        "borough": {"name": borough.name, "slug": borough.slug},
        "board": cover.board(snap),
        "scope": snap.scope,
        "period": cover.period(snap),
        "plans": [{"title": p.title, "kind": p.kind} for p in snap.plans],
        "gaps": gaps.section(snap),
        "key_messages": messages,
        "summary": summary,
        "headline": page_one.headline(snap),
        "attention": attention,
        "attention_shown": shown,
        "decisions": asked,
        "decisions_made": made,
        "data_quality": data_quality.section(snap, measure_rows),
        "measure_rule": measures.rule(snap),
        "movement": movement.section(snap),
        "exceptions": exceptions.section(snap),
        "overdue": progress.overdue(snap),
        "completed": progress.completed(snap),
        "milestones_next": progress.milestones_next(snap),
        "measures": measure_rows,
        "risks": risks.section(snap),
        "appendix": appendix.section(snap, summary["by_priority"]),
        "draft": cover.is_draft(snap, draft),
        "round_closed": cover.round_closed(snap),
        "pending_review": cover.pending_review(snap),
        "has_illustrative": snap.has_illustrative,
    }


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
        cutoff = recorded_by(round_for(borough=borough, period=quarter, board=None), as_of)
        plan_ids = [p.id for p in plans_as_at(borough, when, cutoff)]
        actions = quarter_actions(borough, quarter, None, plan_ids, as_of)
        trend.append({"period": quarter.label, "counts": counts(a.status for a in actions)})
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
        "period": {"label": period.label, "slug": period.slug, "end": iso(period.end)},
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
