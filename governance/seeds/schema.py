"""Step 1: each seed file checked against fixtures/seeds/SCHEMA.md, as plain dicts.

Every cross-reference (owners, boards, risks' and findings' actions) is resolved by
name here, and every problem collected into one SeedError.
"""

import re
from decimal import Decimal
from pathlib import Path

from actions.models import (
    Action,
    LeadAgency,
    Milestone,
    Plan,
    PlanKind,
    PlanStatus,
    SuccessMeasure,
)
from actions.ragb import RAGB
from boroughs.models import Borough, OrganisationKind
from governance.models import Board, RiskStatus
from governance.seeds.files import BOROUGHS_FILE
from governance.seeds.reader import Reader, describe, join, parse_yaml


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def read_boroughs(file=BOROUGHS_FILE):
    r = Reader(file)
    data = parse_yaml(file)
    if not isinstance(data, list):
        r.problem("", f"expected a list of boroughs, found {describe(data)}")
        return r.done([])
    boroughs = []
    for path, item in r.items({"boroughs": data}, "boroughs", ""):
        optional = ["region", "la_number"]
        if r.mapping(item, path, required=["slug", "name", "gss_code"], optional=optional):
            boroughs.append(
                {
                    "path": path,
                    "slug": r.text(item, "slug", path, limit=_max_length(Borough, "slug")),
                    "name": r.text(item, "name", path, limit=_max_length(Borough, "name")),
                    "gss_code": r.text(item, "gss_code", path),
                    "region": r.text(item, "region", path, limit=_max_length(Borough, "region")),
                    "la_number": _la_number(r, item, path),
                }
            )
    r.unique([(b["path"], b["slug"]) for b in boroughs], "borough slug")
    return r.done(boroughs)


def _la_number(r, item, path):
    """The DfE's three-digit LA number, or None where the file gives none."""
    value = item.get("la_number")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 999:
        r.problem(join(path, "la_number"), f"expected a three-digit number, found {value!r}")
        return None
    return value


def parse_number(value):
    """A measure's baseline or target as a number ("55", "55%", "1,200"), else None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(str(value))
    match = re.fullmatch(r"[£$]?\s*(-?\d[\d,]*(?:\.\d+)?)\s*%?", str(value or "").strip())
    return Decimal(match[1].replace(",", "")) if match else None


def _read_measures(r, parent, path):
    measures = []
    keys = ["unit", "baseline", "target", "target_date", "direction", "data_source"]
    for m_path, m in r.items(parent, "measures", path):
        if r.mapping(m, m_path, required=["description"], optional=keys):
            measures.append(
                {
                    "description": r.text(m, "description", m_path),
                    "unit": r.text(m, "unit", m_path, limit=_max_length(SuccessMeasure, "unit")),
                    "baseline": parse_number(r.text(m, "baseline", m_path, numbers=True)),
                    "target": parse_number(r.text(m, "target", m_path, numbers=True)),
                    "target_date": r.date(m, "target_date", m_path),
                    "direction": r.choice(m, "direction", m_path, SuccessMeasure.Direction.values),
                    "data_source": r.text(
                        m, "data_source", m_path, limit=_max_length(SuccessMeasure, "data_source")
                    ),
                }
            )
    return measures


def _read_actions(r, parent, path, refs):
    actions = []
    optional = ["lead_agency", "owners", "timescale", "status", "tags", "milestones"]
    for a_path, a in r.items(parent, "actions", path):
        if not r.mapping(a, a_path, required=["reference", "description"], optional=optional):
            continue
        reference = a.get("reference")
        if reference is not None and not isinstance(reference, str):
            # YAML reads 1.10 as the number 1.1, so an unquoted reference loses its meaning.
            r.problem(
                join(a_path, "reference"),
                f'must be quoted text, like "1.1", not {a["reference"]!r}',
            )
        reference = r.text(a, "reference", a_path, limit=_max_length(Action, "reference"))
        refs.append((join(a_path, "reference"), reference))
        milestones = []
        for m_path, m in r.items(a, "milestones", a_path):
            if r.mapping(m, m_path, required=["title"], optional=["timescale"]):
                milestones.append(
                    {
                        "title": r.text(m, "title", m_path),
                        "timescale": r.text(
                            m, "timescale", m_path, limit=_max_length(Milestone, "timescale")
                        ),
                    }
                )
        actions.append(
            {
                "path": a_path,
                "reference": reference,
                "description": r.text(a, "description", a_path),
                "lead_agency": r.choice(a, "lead_agency", a_path, LeadAgency.values),
                "owners": r.names(a, "owners", a_path),
                "timescale": r.text(a, "timescale", a_path, limit=_max_length(Action, "timescale")),
                "status": r.choice(a, "status", a_path, RAGB.values),
                "tags": [name for _, name in r.names(a, "tags", a_path)],
                "milestones": milestones,
            }
        )
    return actions


def _read_plan(r, data, refs):
    required = ["slug", "title", "priorities"]
    optional = [
        "kind", "status", "period_start", "period_end", "source_document", "priority_label",
        "objective_label", "description", "measures",
    ]  # fmt: skip
    plan = r.mapping(data.get("plan"), "plan", required=required, optional=optional)
    if plan is None:
        return None
    out = {
        "slug": r.text(plan, "slug", "plan", limit=_max_length(Plan, "slug")),
        "title": r.text(plan, "title", "plan", limit=_max_length(Plan, "title")),
        "kind": r.choice(plan, "kind", "plan", PlanKind.values, PlanKind.ACTION_PLAN),
        "status": r.choice(plan, "status", "plan", PlanStatus.values, PlanStatus.ACTIVE),
        "period_start": r.date(plan, "period_start", "plan"),
        "period_end": r.date(plan, "period_end", "plan"),
        "source_document": r.text(plan, "source_document", "plan", limit=300),
        "priority_label": r.text(plan, "priority_label", "plan", limit=60) or "Priority",
        "objective_label": r.text(plan, "objective_label", "plan", limit=60) or "Objective",
        "description": r.text(plan, "description", "plan"),
        "measures": _read_measures(r, plan, "plan"),
        "priorities": [],
    }
    start, end = out["period_start"], out["period_end"]
    if start and end and end < start:
        r.problem("plan.period_end", f"{end} is before period_start {start}")
    keys = ["number", "title", "description", "measures", "objectives", "actions"]
    for p_path, p in r.items(plan, "priorities", "plan"):
        if not r.mapping(p, p_path, required=["title"], optional=keys):
            continue
        objectives = []
        for o_path, o in r.items(p, "objectives", p_path):
            if r.mapping(
                o, o_path, required=["title"], optional=["number", "description", "actions"]
            ):
                objectives.append(
                    {
                        "number": r.text(o, "number", o_path, limit=20, numbers=True),
                        "title": r.text(o, "title", o_path),
                        "description": r.text(o, "description", o_path),
                        "actions": _read_actions(r, o, o_path, refs),
                    }
                )
        out["priorities"].append(
            {
                "number": r.text(p, "number", p_path, limit=20, numbers=True),
                "title": r.text(p, "title", p_path),
                "description": r.text(p, "description", p_path),
                "measures": _read_measures(r, p, p_path),
                "objectives": objectives,
                "actions": _read_actions(r, p, p_path, refs),
            }
        )
    return out


def _read_partners(r, data):
    organisations, people, boards = [], [], []
    for path, o in r.items(data, "organisations", ""):
        if r.mapping(o, path, required=["name"], optional=["kind"]):
            entry = {"path": path, "name": r.text(o, "name", path, limit=200)}
            if o.get("kind"):
                entry["kind"] = r.choice(o, "kind", path, OrganisationKind.values, "other")
            organisations.append(entry)
    for path, p in r.items(data, "people", ""):
        if r.mapping(p, path, required=["name"], optional=["job_title", "organisation"]):
            entry = {"path": path, "name": r.text(p, "name", path, limit=200)}
            for key in ("job_title", "organisation"):
                if p.get(key):
                    entry[key] = r.text(p, key, path, limit=200)
            people.append(entry)
    board_keys = ["kind", "chair", "reports_to"]
    for path, b in r.items(data, "boards", ""):
        if r.mapping(b, path, required=["slug", "name"], optional=board_keys):
            boards.append(
                {
                    "path": path,
                    "slug": r.text(b, "slug", path, limit=_max_length(Board, "slug")),
                    "name": r.text(b, "name", path, limit=_max_length(Board, "name")),
                    "kind": r.choice(b, "kind", path, Board.Kind.values, Board.Kind.OTHER),
                    "chair": r.text(b, "chair", path, limit=_max_length(Board, "chair")),
                    "reports_to": r.text(b, "reports_to", path) or None,
                }
            )
    return organisations, people, boards


def _read_governance(r, data, refs):
    risks, findings = [], []
    risk_keys = ["likelihood", "impact", "owner", "mitigation", "status", "actions"]
    for path, k in r.items(data, "risks", ""):
        if r.mapping(k, path, required=["risk_id", "description"], optional=risk_keys):
            risks.append(
                {
                    "path": path,
                    "risk_id": r.text(k, "risk_id", path, limit=20, numbers=True),
                    "description": r.text(k, "description", path),
                    "likelihood": r.score(k, "likelihood", path),
                    "impact": r.score(k, "impact", path),
                    "owner": r.text(k, "owner", path) or None,
                    "mitigation": r.text(k, "mitigation", path),
                    "status": r.choice(k, "status", path, RiskStatus.values, RiskStatus.OPEN),
                    "actions": r.names(k, "actions", path),
                }
            )
    finding_keys = ["inspection", "text"]
    for path, f in r.items(data, "inspection_findings", ""):
        if r.mapping(f, path, required=finding_keys, optional=["date", "kloe", "actions"]):
            findings.append(
                {
                    "path": path,
                    "inspection": r.text(f, "inspection", path, limit=200),
                    "text": r.text(f, "text", path),
                    "date": r.date(f, "date", path),
                    "kloe": r.text(f, "kloe", path, limit=30, numbers=True),
                    "actions": r.names(f, "actions", path),
                }
            )
    return risks, findings


def read_seed(file, *, borough_slugs):
    """One seed file, checked against the schema, as plain dicts."""
    r = Reader(file)
    data = parse_yaml(file)
    keys = ["organisations", "people", "boards", "risks", "inspection_findings"]
    if r.mapping(data, "", required=["borough", "plan"], optional=keys) is None:
        return r.done(None)
    borough = r.text(data, "borough", "")
    if borough and borough not in borough_slugs:
        r.problem("borough", f"{borough!r} is not a borough in fixtures/boroughs.yaml")
    organisations, people, boards = _read_partners(r, data)
    refs = []
    plan = _read_plan(r, data, refs)
    risks, findings = _read_governance(r, data, refs)

    r.unique([(o["path"], o["name"]) for o in organisations], "organisation")
    r.unique([(p["path"], p["name"]) for p in people], "person")
    r.unique([(b["path"], b["slug"]) for b in boards], "board slug")
    r.unique(refs, "action reference")
    org_names = {o["name"] for o in organisations}
    person_names = {p["name"] for p in people}
    r.refs([(p["path"], p["organisation"]) for p in people if "organisation" in p], org_names,
           "organisation")  # fmt: skip
    r.refs([(b["path"], b["reports_to"]) for b in boards if b["reports_to"]],
           {b["slug"] for b in boards}, "board")  # fmt: skip
    actions = list(iter_actions(plan)) if plan else []
    r.refs([o for a in actions for o in a["owners"]], person_names, "person")
    r.refs([(k["path"], k["owner"]) for k in risks if k["owner"]], person_names, "person")
    known_refs = {ref for _, ref in refs}
    r.refs([x for item in (*risks, *findings) for x in item["actions"]], known_refs, "action")
    return r.done(
        {
            "file": Path(file).name,
            "borough": borough,
            "organisations": organisations,
            "people": people,
            "boards": boards,
            "plan": plan,
            "risks": risks,
            "inspection_findings": findings,
        }
    )


def iter_actions(plan):
    """Every action of a read plan, in the plan's order, with its priority and objective."""
    for p in plan["priorities"]:
        for o in p["objectives"]:
            for a in o["actions"]:
                yield {**a, "_priority": p, "_objective": o}
        for a in p["actions"]:
            yield {**a, "_priority": p, "_objective": None}
