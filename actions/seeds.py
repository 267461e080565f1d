"""Load the seed plans: fixtures/boroughs.yaml, then fixtures/seeds/*.yaml.

The format is described in fixtures/seeds/SCHEMA.md. Loading happens in two steps:

1. `read_boroughs` and `read_seed` check each file against the schema and return it
   as plain dicts with every cross-reference resolved by name. They collect every
   problem (file, path inside the file, what is wrong) into one `SeedError`, and
   `load_all` reads every file before writing anything, so a bad file changes nothing.
2. `load_boroughs` and `load_seed` create or update each object by its natural key
   (borough slug, organisation and person name, board and plan slug, position within
   its parent, action reference, risk id, finding text), one transaction per file.
   They compare before saving, so loading twice changes nothing and writes no history;
   every history row they do write carries the reason "Loaded from seed <file>".

Nothing is ever deleted: a seed that drops an action leaves it in place, because it
may carry status updates that officers wrote.
"""

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.models import (
    STATUS_VALUES,
    Action,
    LeadAgency,
    Milestone,
    Objective,
    Plan,
    PlanKind,
    PlanStatus,
    Priority,
    SuccessMeasure,
    Tag,
)
from actions.timescales import parse_timescale
from boroughs.models import Borough, Organisation, OrganisationKind, Person
from governance.models import Board, InspectionFinding, Risk, RiskStatus

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
BOROUGHS_FILE = FIXTURES / "boroughs.yaml"
SEEDS_DIR = FIXTURES / "seeds"


def seed_files(directory=SEEDS_DIR):
    return sorted(Path(directory).glob("*.yaml"))


def change_reason(file):
    return f"Loaded from seed {Path(file).name}"


class SeedError(Exception):
    """Seed files that cannot be loaded, with every problem found in them."""

    def __init__(self, problems):
        self.problems = list(problems)  # [(file, path, message)]
        super().__init__("\n".join(f"{f}: {p or '(top)'}: {m}" for f, p, m in self.problems))


# --- step 1: reading and checking -------------------------------------------------


def _describe(value):
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), f"a {type(value).__name__} ({value!r})"
    )


def _join(path, key):
    return f"{path}.{key}" if path else str(key)


def _max_length(model, name):
    return model._meta.get_field(name).max_length


class _Reader:
    """Walks one parsed file, collecting problems rather than stopping at the first."""

    def __init__(self, file):
        self.file = str(file)
        self.problems = []

    def problem(self, path, message):
        self.problems.append((self.file, path, message))

    def mapping(self, value, path, *, required=(), optional=()):
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping (key: value lines), found {_describe(value)}")
            return None
        allowed = sorted({*required, *optional})
        for key in value:
            if key not in allowed:
                self.problem(_join(path, key), f"unknown key; expected one of {', '.join(allowed)}")
        for key in required:
            if value.get(key) in (None, "", []):
                self.problem(_join(path, key), "is required")
        return value

    def items(self, parent, key, path):
        """(path, item) for each entry of the list parent[key]; none when it is absent."""
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(_join(path, key), f"expected a list, found {_describe(value)}")
            return []
        return [(f"{_join(path, key)}[{i}]", item) for i, item in enumerate(value)]

    def text(self, parent, key, path, *, limit=None, numbers=False):
        value = parent.get(key)
        if value is None:
            return ""
        if numbers and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.problem(_join(path, key), f"expected text, found {_describe(value)}")
            return ""
        value = value.strip()
        if limit and len(value) > limit:
            self.problem(
                _join(path, key), f"is {len(value)} characters long; the most allowed is {limit}"
            )
        return value

    def names(self, parent, key, path):
        """(path, name) for each name in the list parent[key]."""
        names = []
        for item_path, item in self.items(parent, key, path):
            if isinstance(item, str) and item.strip():
                names.append((item_path, item.strip()))
            else:
                self.problem(item_path, f"expected a name, found {_describe(item)}")
        return names

    def choice(self, parent, key, path, choices, default=""):
        value = parent.get(key)
        if value in (None, ""):
            return default
        if value not in choices:
            self.problem(
                _join(path, key), f"{value!r} is not one of {', '.join(repr(c) for c in choices)}"
            )
            return default
        return value

    def date(self, parent, key, path):
        value = parent.get(key)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(_join(path, key), f"expected a date like 2019-06-01, found {_describe(value)}")
        return None

    def score(self, parent, key, path):
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            self.problem(_join(path, key), f"expected a whole number from 1 to 5, found {value!r}")
            return None
        return value

    def unique(self, entries, label):
        seen = set()
        for path, value in entries:
            if value in seen:
                self.problem(path, f"{label} {value!r} appears more than once")
            seen.add(value)

    def refs(self, entries, known, label):
        for path, value in entries:
            if value not in known:
                self.problem(path, f"{label} {value!r} is not defined in this file")

    def done(self, result):
        if self.problems:
            raise SeedError(self.problems)
        return result


def _parse_yaml(file):
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError([(str(file), "", f"cannot read the file ({exc.strerror})")]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise SeedError([(str(file), where, f"not valid YAML: {problem}")]) from None


def read_boroughs(file=BOROUGHS_FILE):
    r = _Reader(file)
    data = _parse_yaml(file)
    if not isinstance(data, list):
        r.problem("", f"expected a list of boroughs, found {_describe(data)}")
        return r.done([])
    boroughs = []
    for path, item in r.items({"boroughs": data}, "boroughs", ""):
        if r.mapping(item, path, required=["slug", "name", "gss_code"], optional=["region"]):
            boroughs.append(
                {
                    "path": path,
                    "slug": r.text(item, "slug", path, limit=_max_length(Borough, "slug")),
                    "name": r.text(item, "name", path, limit=_max_length(Borough, "name")),
                    "gss_code": r.text(item, "gss_code", path),
                    "region": r.text(item, "region", path, limit=_max_length(Borough, "region")),
                }
            )
    r.unique([(b["path"], b["slug"]) for b in boroughs], "borough slug")
    return r.done(boroughs)


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
                _join(a_path, "reference"),
                f'must be quoted text, like "1.1", not {a["reference"]!r}',
            )
        reference = r.text(a, "reference", a_path, limit=_max_length(Action, "reference"))
        refs.append((_join(a_path, "reference"), reference))
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
                "status": r.choice(a, "status", a_path, [v for v in STATUS_VALUES if v]),
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
    r = _Reader(file)
    data = _parse_yaml(file)
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


# --- step 2: writing ----------------------------------------------------------------


@dataclass
class LoadReport:
    """What loading one file did, counted per model."""

    file: str
    counts: Counter = field(default_factory=Counter)

    def note(self, outcome, model):
        self.counts[(outcome, model._meta.verbose_name_plural)] += 1

    def total(self, outcome):
        return sum(n for (o, _), n in self.counts.items() if o == outcome)

    @property
    def changed(self):
        return self.total("created") + self.total("updated") > 0

    def summary(self):
        parts = []
        for outcome in ("created", "updated"):
            items = sorted((name, n) for (o, name), n in self.counts.items() if o == outcome)
            if items:
                parts.append(f"{outcome} " + ", ".join(f"{n} {name}" for name, n in items))
        return f"{self.file}: " + ("; ".join(parts) or "no changes")


class _Writer:
    """Creates or updates objects by natural key, writing history only for real changes."""

    def __init__(self, file, report):
        self.file = file
        self.report = report
        self.reason = change_reason(file)

    def sync(self, model, key, values, *, path, m2m=None, on_create=None):
        obj = model.objects.filter(**key).first()
        created = obj is None
        if created:
            obj = model(**key, **values, **(on_create or {}))
        changed = created
        for name, value in values.items():
            if not created and _differs(obj, name, value):
                setattr(obj, name, value)
                changed = True
        m2m_changes = {}
        for name, targets in (m2m or {}).items():
            wanted = {t.pk for t in targets}
            current = set() if created else set(getattr(obj, name).values_list("pk", flat=True))
            if wanted != current:
                m2m_changes[name] = wanted
        if not changed and not m2m_changes:
            self.report.note("unchanged", model)
            return obj
        if not created and hasattr(obj, "version"):
            obj.version += 1  # so that a form opened before the reload is refused as stale
        self._save(obj, path, created, m2m_changes)
        self.report.note("created" if created else "updated", model)
        return obj

    def _save(self, obj, path, created, m2m_changes):
        try:
            # Field checks only: the database enforces uniqueness and the check
            # constraints itself, and asking it first would double the queries.
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = [(self.file, path, f"{name}: {' '.join(msgs)}")
                        for name, msgs in exc.message_dict.items()]  # fmt: skip
            raise SeedError(problems) from None
        obj._history_user = None
        obj._change_reason = self.reason
        try:
            with transaction.atomic():
                self._write(obj, created, m2m_changes)
        except IntegrityError as exc:
            raise SeedError([(self.file, path, f"the database refused it: {exc}")]) from None

    def _write(self, obj, created, m2m_changes):
        if not m2m_changes:
            obj.save()
            return
        # One history row that already holds the new owners/tags/actions, rather than
        # one row per many-to-many change.
        obj.save_without_historical_record()
        obj.skip_history_when_saving = True
        try:
            for name, pks in m2m_changes.items():
                getattr(obj, name).set(pks)
        finally:
            del obj.skip_history_when_saving
        obj.save()
        if created:
            type(obj).history.filter(id=obj.pk).update(history_type="+")


def _differs(obj, name, value):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def load_boroughs(boroughs, *, file=BOROUGHS_FILE):
    report = LoadReport(Path(file).name)
    w = _Writer(report.file, report)
    with transaction.atomic():
        for b in boroughs:
            values = {k: b[k] for k in ("name", "gss_code", "region")}
            w.sync(Borough, {"slug": b["slug"]}, values, path=b["path"])
    return report


def load_seed(seed):
    """Create or update everything one read seed file describes, in one transaction."""
    report = LoadReport(seed["file"])
    w = _Writer(seed["file"], report)
    with transaction.atomic():
        borough = Borough.objects.get(slug=seed["borough"])
        people = _load_partners(w, borough, seed)
        plan, actions = _load_plan(w, borough, seed, people)
        _load_governance(w, borough, seed, people, actions)
    return report


def _given(entry, *keys):
    return {k: entry[k] for k in keys if k in entry}


def _load_partners(w, borough, seed):
    orgs = {}
    for o in seed["organisations"]:
        key = {"borough": borough, "name": o["name"]}
        orgs[o["name"]] = w.sync(Organisation, key, _given(o, "kind"), path=o["path"])
    people = {}
    for p in seed["people"]:
        # People and organisations are shared by every plan of the borough, so a file
        # only sets what it says about them and never blanks what another file said.
        values = _given(p, "job_title")
        if "organisation" in p:
            values["organisation"] = orgs[p["organisation"]]
        key = {"borough": borough, "name": p["name"]}
        people[p["name"]] = w.sync(Person, key, values, path=p["path"])
    boards, pending = {}, list(seed["boards"])
    while pending:
        ready = [b for b in pending if not b["reports_to"] or b["reports_to"] in boards]
        if not ready:
            raise SeedError([(w.file, b["path"], "boards report to each other in a circle")
                             for b in pending])  # fmt: skip
        for b in ready:
            values = {k: b[k] for k in ("name", "kind", "chair")}
            values["reports_to"] = boards.get(b["reports_to"])
            key = {"borough": borough, "slug": b["slug"]}
            boards[b["slug"]] = w.sync(Board, key, values, path=b["path"])
            pending.remove(b)
    return people


def _timescale_anchor(seed):
    """The date year-less timescales ("Q2") count from: the plan's start if it has one."""
    plan = seed["plan"]
    dates = [f["date"] for f in seed["inspection_findings"] if f["date"]]
    return plan["period_start"] or min(dates, default=None) or timezone.localdate()


def _load_plan(w, borough, seed, people):
    p = seed["plan"]
    fields = ["title", "kind", "status", "period_start", "period_end", "source_document",
              "priority_label", "objective_label", "description"]  # fmt: skip
    plan = w.sync(
        Plan, {"borough": borough, "slug": p["slug"]}, {k: p[k] for k in fields}, path="plan"
    )
    anchor = _timescale_anchor(seed)

    def due(text):
        return parse_timescale(text, period_start=anchor, period_end=plan.period_end)

    priorities, objectives = {}, {}
    for i, pr in enumerate(p["priorities"]):
        values = {k: pr[k] for k in ("number", "title", "description")}
        path = f"plan.priorities[{i}]"
        priorities[id(pr)] = w.sync(Priority, {"plan": plan, "position": i + 1}, values, path=path)
        for j, o in enumerate(pr["objectives"]):
            values = {k: o[k] for k in ("number", "title", "description")}
            key = {"priority": priorities[id(pr)], "position": j + 1}
            objectives[id(o)] = w.sync(Objective, key, values, path=f"{path}.objectives[{j}]")

    measures = [(None, m) for m in p["measures"]]
    measures += [(pr, m) for pr in p["priorities"] for m in pr["measures"]]
    for n, (pr, m) in enumerate(measures, start=1):
        values = {**m, "priority": priorities[id(pr)] if pr else None}
        w.sync(SuccessMeasure, {"plan": plan, "position": n}, values, path=f"measure {n}")

    actions = {}
    for n, a in enumerate(iter_actions(p), start=1):
        values = {
            "priority": priorities[id(a["_priority"])],
            "objective": objectives[id(a["_objective"])] if a["_objective"] else None,
            "description": a["description"],
            "lead_agency": a["lead_agency"],
            "timescale": a["timescale"],
            "due_date": due(a["timescale"]),
            "position": n,
        }
        m2m = {
            "owners": [people[name] for _, name in a["owners"]],
            "tags": [_tag(name) for name in a["tags"]],
        }
        # The rating belongs to the officers once loaded: a seed only gives the first one.
        action = w.sync(Action, {"plan": plan, "reference": a["reference"]}, values,
                        m2m=m2m, on_create={"status": a["status"]}, path=a["path"])  # fmt: skip
        actions[a["reference"]] = action
        for k, m in enumerate(a["milestones"]):
            values = {**m, "due_date": due(m["timescale"])}
            key = {"action": action, "position": k + 1}
            w.sync(Milestone, key, values, path=f"{a['path']}.milestones[{k}]")
    return plan, actions


def _tag(name):
    # Tags are shared and matched regardless of case, as the officers' forms do.
    return Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)


def _load_governance(w, borough, seed, people, actions):
    for k in seed["risks"]:
        values = {f: k[f] for f in ("description", "likelihood", "impact", "mitigation", "status")}
        values["owner"] = people[k["owner"]] if k["owner"] else None
        m2m = {"actions": [actions[ref] for _, ref in k["actions"]]}
        key = {"borough": borough, "risk_id": k["risk_id"]}
        w.sync(Risk, key, values, m2m=m2m, path=k["path"])
    for f in seed["inspection_findings"]:
        key = {"borough": borough, "inspection": f["inspection"], "text": f["text"]}
        values = {"inspection_date": f["date"], "kloe": f["kloe"]}
        m2m = {"actions": [actions[ref] for _, ref in f["actions"]]}
        w.sync(InspectionFinding, key, values, m2m=m2m, path=f["path"])


def load_all(*, boroughs_file=BOROUGHS_FILE, files=None):
    """Read and check every file, then load each in its own transaction.

    Returns one LoadReport per file. Raises SeedError, having written nothing, if any
    file is malformed.
    """
    files = seed_files() if files is None else [Path(f) for f in files]
    problems = []
    boroughs, seeds = [], []
    try:
        boroughs = read_boroughs(boroughs_file)
    except SeedError as exc:
        problems += exc.problems
    slugs = {b["slug"] for b in boroughs} | set(Borough.objects.values_list("slug", flat=True))
    for file in files:
        try:
            seeds.append(read_seed(file, borough_slugs=slugs))
        except SeedError as exc:
            problems += exc.problems
    if problems:
        raise SeedError(problems)
    reports = [load_boroughs(boroughs, file=boroughs_file)]
    reports += [load_seed(seed) for seed in seeds]
    return reports
