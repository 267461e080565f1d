"""The risk register: open risks by score with their linked actions."""

from actions import ragb
from actions.references import reference_sort_key
from governance.models import Risk, RiskStatus, risk_score
from sendplan.history import rows_as_at


def _links(snap, risks):
    """{risk history id: [linked actions in the snapshot]}, as the risk stood then."""
    links = {}
    for history_id, action_id in Risk.history.model.actions.model.objects.filter(
        history_id__in=[r.history_id for r in risks]
    ).values_list("history_id", "action_id"):
        if action_id in snap.action_by_id:
            links.setdefault(history_id, []).append(snap.action_by_id[action_id])
    return links


def section(snap):
    """Open risks by score. A scoped board sees only risks linked to its own actions."""
    risks = [
        r
        for r in rows_as_at(Risk, when=snap.when, borough_id=snap.borough.pk)
        if r.status == RiskStatus.OPEN
    ]
    links = _links(snap, risks)
    if snap.scope is not None:
        risks = [r for r in risks if links.get(r.history_id)]
    rows = []
    for r in risks:
        linked = sorted(links.get(r.history_id, []), key=lambda a: reference_sort_key(a.reference))
        rows.append(
            {
                "risk_id": r.risk_id,
                "description": r.description,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "score": risk_score(r.likelihood, r.impact),
                "owner": snap.people.get(r.owner_id, ""),
                "mitigation": r.mitigation,
                "actions": [
                    {"reference": a.reference, "status": ragb.key(a.status)} for a in linked
                ],
            }
        )
    return sorted(rows, key=lambda r: (-(r["score"] or 0), r["risk_id"]))
