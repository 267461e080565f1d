"""Step 2: create or update what the read seed files describe, by natural key.

One transaction per file; comparing before saving, so loading twice changes nothing
and writes no history. `load_all` reads every file before writing anything.

Actions are written by the bulk service (actions.bulk), as imports are: a new
version claimed, one history row holding the owners and tags, and a StatusUpdate
(source "seed") for a rating a seed gives. `recorded_at` dates every history row
the load writes (the demo loads the seeds as of before its illustrative quarters);
nothing moves a row afterwards.
"""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from actions import milestone_services
from actions.bulk import BulkAction, actions_bulk_write
from actions.models import (
    Action,
    Milestone,
    Objective,
    Plan,
    Priority,
    StatusUpdate,
    SuccessMeasure,
)
from actions.spreadsheets.owners import owner_kind
from actions.timescales import parse_timescale
from boroughs.models import Borough, Organisation, Person
from governance.models import Board, InspectionFinding, Risk
from governance.seeds.files import BOROUGHS_FILE, SeedError, change_reason, seed_files
from governance.seeds.schema import iter_actions, read_boroughs, read_seed


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

    def __init__(self, file, report, recorded_at=None):
        self.file = file
        self.report = report
        self.reason = change_reason(file)
        self.recorded_at = recorded_at

    def sync(self, model, key, values, *, path, m2m=None, on_create=None):
        if model is Action:
            return self._sync_action(key, values, path=path, m2m=m2m, on_create=on_create)
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
        self._check(obj, path)
        obj._history_user = None
        obj._change_reason = self.reason
        if self.recorded_at is not None:
            obj._history_date = self.recorded_at
        with self._refused_as_seed_error(path):
            self._write(obj, created, m2m_changes)
        self.report.note("created" if created else "updated", model)
        return obj

    def _sync_action(self, key, values, *, path, m2m, on_create):
        """An action, through the bulk service: a version claimed, ratings recorded."""
        obj = Action.objects.filter(**key).first()
        created = obj is None
        if created:
            obj = Action(**key, **values, **(on_create or {}))
            fields = set()
        else:
            fields = {name for name, value in values.items() if _differs(obj, name, value)}
            for name in fields:
                setattr(obj, name, values[name])
        links = {}
        for name, targets in (m2m or {}).items():
            wanted = {t.pk for t in targets}
            current = set() if created else set(getattr(obj, name).values_list("pk", flat=True))
            links[name] = wanted if created or wanted != current else None
        if not created and not fields and all(v is None for v in links.values()):
            self.report.note("unchanged", Action)
            return obj
        self._check(obj, path)
        write = BulkAction(
            obj,
            fields=frozenset(fields),
            owners=links.get("owners"),
            tags=links.get("tags"),
            # A form opened before the reload is refused as stale: the service claims
            # the version after this one.
            expected_version=None if created else obj.version,
        )
        with self._refused_as_seed_error(path):
            actions_bulk_write(
                writes=[write],
                user=None,
                source=StatusUpdate.Source.SEED,
                reason=self.reason,
                recorded_at=self.recorded_at,
            )
        self.report.note("created" if created else "updated", Action)
        return obj

    def _check(self, obj, path):
        try:
            # Field checks only: the database enforces uniqueness and the check
            # constraints itself, and asking it first would double the queries.
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            problems = [(self.file, path, f"{name}: {' '.join(msgs)}")
                        for name, msgs in exc.message_dict.items()]  # fmt: skip
            raise SeedError(problems) from None

    @contextmanager
    def _refused_as_seed_error(self, path):
        try:
            with transaction.atomic():
                yield
        except IntegrityError as exc:
            raise SeedError([(self.file, path, f"the database refused it: {exc}")]) from None

    def _write(self, obj, created, m2m_changes):
        if isinstance(obj, Milestone):
            milestone_services.milestone_save(
                milestone=obj, user=None, reason=self.reason, recorded_at=self.recorded_at
            )
            return
        if not m2m_changes:
            obj.save()
            return
        # One history row that already holds the new links (risks' and findings'
        # actions), rather than one row per many-to-many change: the object and its
        # links are written without history, then its one row is recorded, as a
        # creation ("+") for a new object.
        obj.save_without_historical_record()
        obj.skip_history_when_saving = True
        try:
            for name, pks in m2m_changes.items():
                getattr(obj, name).set(pks)
        finally:
            del obj.skip_history_when_saving
        if created:
            post_save.send(
                sender=type(obj),
                instance=obj,
                created=True,
                raw=False,
                using=obj._state.db,
                update_fields=None,
            )
        else:
            obj.save()


def _differs(obj, name, value):
    model_field = obj._meta.get_field(name)
    if model_field.is_relation:
        return getattr(obj, model_field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != value


def load_boroughs(boroughs, *, file=BOROUGHS_FILE, recorded_at=None):
    report = LoadReport(Path(file).name)
    w = _Writer(report.file, report, recorded_at)
    with transaction.atomic():
        for b in boroughs:
            values = {k: b[k] for k in ("name", "gss_code", "region", "la_number")}
            w.sync(Borough, {"slug": b["slug"]}, values, path=b["path"])
    return report


def load_seed(seed, *, recorded_at=None):
    """Create or update everything one read seed file describes, in one transaction."""
    report = LoadReport(seed["file"])
    w = _Writer(seed["file"], report, recorded_at)
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
        # The transcriptions list teams and posts as owners: they are kept as roles.
        values["kind"] = owner_kind(p["name"])
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
            "tags": [_tag(borough, name) for name in a["tags"]],
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


def _tag(borough, name):
    # Each borough's own tags, matched regardless of case as the officers' forms do.
    return borough.tags.filter(name__iexact=name).first() or borough.tags.create(name=name)


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


def load_all(*, boroughs_file=BOROUGHS_FILE, files=None, recorded_at=None):
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
    reports = [load_boroughs(boroughs, file=boroughs_file, recorded_at=recorded_at)]
    reports += [load_seed(seed, recorded_at=recorded_at) for seed in seeds]
    return reports
