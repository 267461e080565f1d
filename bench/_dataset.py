"""The national dataset: 153 local areas, each a year-round SEND programme with history.

Rows are made in plain Python from one seeded random generator and written with
PostgreSQL COPY, a few boroughs at a time, straight into the live tables and the
django-simple-history tables. Going round the ORM is what makes ~5 million rows take
minutes rather than hours; writing the history tables by hand is what lets
`actions_as_at` and the board packs work on the result exactly as on real data.

Every id is assigned here (the database starts empty), so the same seed gives the
same rows, ids included; sequences are moved past them at the end.
"""

import functools
import itertools
import random
from collections import Counter
from datetime import UTC, datetime, time, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction

from sendplan.periods import ReportingPeriod

BOROUGHS = 153
# The last complete quarter the history reaches, fixed so that a re-run on another
# day builds the same rows. 20 quarters back from it makes five years.
LAST_QUARTER = ReportingPeriod(2026, 2)
QUARTERS = 20
EDITOR_PASSWORD = "bench-editor-password"  # noqa: S105 - a throwaway bench account
SEED = 20261123
CHUNK = 10  # boroughs per COPY round: bounds memory to a few hundred MB

# Plan shapes: (title, kind, priorities, objectives per priority, actions per objective).
PLANS = [
    ("SEND Strategy 2021 to 2026", "strategy", 5, 4, 10),
    ("SEND Inspection Action Plan", "inspection_response", 4, 5, 5),
]
PEOPLE = 40
OWNED_BY_EDITOR = 20
MILESTONES_PER_ACTION = 2
RISKS = 12
FINDINGS = 8
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "David",
    "Ewa",
    "Farah",
    "George",
    "Hana",
    "Ivan",
    "Jade",
    "Kofi",
    "Laura",
    "Mo",
    "Nadia",
    "Owen",
    "Priya",
]
LAST = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
]
AGENCIES = ["health", "local_authority", "social_care", "education", "joint"]
TAGS = [f"KLOE {n}" for n in range(1, 9)] + [
    "Preparing for adulthood",
    "Early years",
    "Transport",
    "Co-production",
    "Workforce",
    "Mental health",
    "Alternative provision",
    "Annual reviews",
]
VERBS = [
    "Review",
    "Improve",
    "Deliver",
    "Embed",
    "Develop",
    "Strengthen",
    "Publish",
    "Commission",
    "Agree",
]
OBJECTS = [
    "the quality of EHC plans",
    "annual review timeliness",
    "the Local Offer website",
    "joint commissioning of therapies",
    "preparation for adulthood pathways",
    "the graduated approach in mainstream schools",
    "co-production with the parent carer forum",
    "waiting times for neurodevelopmental assessment",
    "alternative provision quality assurance",
    "the SEND workforce training programme",
]
NARRATIVES = {
    "red": "Progress has stalled: {obj} is behind plan because of staffing gaps and "
    "rising demand. Escalated to the partnership board for a decision on resources.",
    "amber": "Work on {obj} is under way but some milestones have slipped by a month. "
    "Risks are understood and a recovery plan is agreed with partners.",
    "green": "{obj} is on track. The latest milestone was met and feedback from "
    "families through the parent carer forum is positive.",
    "blue": "Completed: {obj} has been delivered and handed over to business as usual, "
    "with monitoring through the quarterly dashboard.",
}
NEXT_STEPS = "Report progress on {obj} to the next delivery group and update the dashboard."
# Each quarter an open action moves between Red, Amber and Green like this (weights).
MOVES = {
    "": {"red": 1, "amber": 4, "green": 5},
    "red": {"red": 5, "amber": 4, "green": 1},
    "amber": {"red": 1, "amber": 6, "green": 3},
    "green": {"red": 0.3, "amber": 1.7, "green": 8},
}
COMPLETION_HAZARD = 0.03  # chance per quarter that an action is finished, after year one


@functools.cache
def _narrative(status, obj):
    return NARRATIVES[status].format(obj=obj)


@functools.cache
def _next_steps(obj):
    return NEXT_STEPS.format(obj=obj)


def _at(day, hour=10, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def quarters():
    periods = [LAST_QUARTER]
    while len(periods) < QUARTERS:
        periods.insert(0, periods[0].previous())
    return periods


class Ids:
    """The next id of each table, so every row's key is known before it is written."""

    def __init__(self):
        self.counters = Counter()

    def __call__(self, table):
        self.counters[table] += 1
        return self.counters[table]


class Tables:
    """Rows waiting to be copied, per table, with the columns they are given in."""

    def __init__(self):
        self.columns = {}
        self.rows = {}
        self.totals = Counter()

    def add(self, table, columns, row):
        self.columns.setdefault(table, columns)
        self.rows.setdefault(table, []).append(row)

    def flush(self, cursor):
        # One transaction per round: the foreign keys are DEFERRABLE INITIALLY DEFERRED,
        # so rows may arrive in any table order and are checked once, at commit.
        with transaction.atomic():
            self._copy(cursor)
        self.rows = {}

    def _copy(self, cursor):
        for table, rows in self.rows.items():
            defaults = _defaults(table, self.columns[table])
            cols = ", ".join(f'"{c}"' for c in (*self.columns[table], *defaults))
            extra = tuple(defaults.values())
            with cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row((*row, *extra) if extra else row)
            self.totals[table] += len(rows)


@functools.cache
def _models_by_table():
    models = {}
    for model in apps.get_models(include_auto_created=True):
        models[model._meta.db_table] = model
    return models


@functools.cache
def _defaults_for(table, columns):
    """{column: value} for the model's NOT NULL columns the generator does not write.

    Columns added to a model after this generator was written (a borough setting with
    a default, say) get their model default, so the dataset keeps up with migrations
    without naming every new column here. Callable defaults are called once.
    """
    model = _models_by_table().get(table)
    if model is None:
        return {}
    extra = {}
    for field in model._meta.concrete_fields:
        if field.column in columns or field.null or field.primary_key:
            continue
        if field.has_default() or field.empty_strings_allowed:
            extra[field.column] = field.get_prep_value(field.get_default())
    return extra


def _defaults(table, columns):
    return _defaults_for(table, tuple(columns))


@functools.cache
def _m(label):
    return apps.get_model(label)


@functools.cache
def _table(label):
    return _m(label)._meta.db_table


@functools.cache
def _hist(label):
    """The history table of an audited model, and the history columns every row carries."""
    return _m(label).history.model._meta.db_table


HISTORY_COLS = ("history_id", "history_date", "history_change_reason", "history_type")


class Generator:
    def __init__(self, *, boroughs=BOROUGHS, seed=SEED):
        self.boroughs = boroughs
        self.random = random.Random(seed)
        self.ids = Ids()
        self.hids = Ids()  # history ids, per history table
        self.out = Tables()
        self.quarters = quarters()
        # Plans start a month before the first reported quarter.
        self.t0 = self.quarters[0].start - timedelta(days=30)
        self.password = make_password(EDITOR_PASSWORD, salt="benchsalt")
        self.timeline = {}
        self.sequence = itertools.count()

    # --- writing helpers --------------------------------------------------------

    def live(self, label, columns, row):
        self.out.add(_table(label), columns, row)

    def history(self, label, columns, row, *, when, kind="+", reason=None, user=None):
        """One simple_history row: the object's columns, then who, when and why."""
        hid = self.hids(label)
        self.out.add(
            _hist(label),
            (*columns, *HISTORY_COLS, "history_user_id"),
            (*row, hid, when, reason, kind, user),
        )
        return hid

    def both(self, label, columns, row, *, when, user=None, reason=None):
        self.live(label, columns, row)
        return self.history(label, columns, row, when=when, user=user, reason=reason)

    # --- the dataset ------------------------------------------------------------

    def later(self, at, emit, *args):
        """Write these rows in time order with everything else that happened that quarter."""
        period = ReportingPeriod.containing(at.date())
        self.timeline.setdefault(period, []).append((at, next(self.sequence), emit, args))

    def run(self, cursor, *, progress=print):
        """Each borough's set-up first, then five years of changes, in the order they happened.

        A real installation appends history as time passes, every borough interleaved;
        writing it in that order gives the tables the same physical layout and the
        history ids the same order, so the as-at reads touch as many pages as they would.
        """
        for start in range(0, self.boroughs, CHUNK):
            for number in range(start + 1, min(start + CHUNK, self.boroughs) + 1):
                self._borough(number)
            self.out.flush(cursor)
            progress(f"  set-up of boroughs {start + 1}-{min(start + CHUNK, self.boroughs)}")
        for period in sorted(self.timeline):
            events = sorted(self.timeline.pop(period), key=lambda e: (e[0], e[1]))
            for _when, _seq, emit, args in events:
                emit(*args)
            self.out.flush(cursor)
            progress(f"  {period.label}: {len(events):,} changes")
        return dict(self.out.totals)

    def _tags(self, bid):
        # Each borough has its own tags.
        cols = ("id", "borough_id", "name")
        ids = []
        for name in TAGS:
            tag_id = self.ids("tag")
            self.live("actions.Tag", cols, (tag_id, bid, name))
            ids.append(tag_id)
        return ids

    def _borough(self, n):
        rnd = self.random
        slug = f"area-{n:03d}"
        name = f"Bench Area {n:03d}"
        created = _at(self.t0 - timedelta(days=60))
        bid = self.ids("borough")
        self.both(
            "boroughs.Borough",
            ("id", "name", "slug", "gss_code", "region"),
            (bid, name, slug, f"E06{n:06d}", REGIONS[n % len(REGIONS)]),
            when=created,
        )
        self.tags = self._tags(bid)
        user_id = self._editor(bid, slug, created)
        orgs = self._organisations(bid, created)
        people = self._people(bid, orgs, created)
        editor_person = self.ids("person")
        self.both(
            "boroughs.Person",
            ("id", "borough_id", "name", "job_title", "organisation_id", "email", "user_id"),
            (editor_person, bid, f"Editor {name}", "SEND programme officer", orgs[0], "", user_id),
            when=created,
        )
        self._board(bid, created)
        actions = []
        for position, shape in enumerate(PLANS):
            actions += self._plan(bid, slug, position, shape, people, user_id)
        # The editor looks after some actions as their named owner.
        for action in rnd.sample(actions, OWNED_BY_EDITOR):
            action["owners"].append(editor_person)
        for action in actions:
            self._action(action, user_id)
        self._risks(bid, people, actions, created)
        self._findings(bid, actions[-100:], created)

    def _editor(self, bid, slug, created):
        user_id = self.ids("user")
        self.live(
            "auth.User",
            (
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ),
            (
                user_id,
                self.password,
                False,
                f"editor-{slug}",
                "Editor",
                slug,
                "",
                False,
                True,
                created,
            ),
        )
        self.both(
            "boroughs.Membership",
            ("id", "user_id", "borough_id", "role"),
            (self.ids("membership"), user_id, bid, "editor"),
            when=created,
        )
        return user_id

    def _organisations(self, bid, created):
        kinds = ["council", "icb", "nhs_trust", "school", "parent_carer_forum", "voluntary"]
        ids = []
        for kind in kinds:
            oid = self.ids("organisation")
            self.both(
                "boroughs.Organisation",
                ("id", "borough_id", "name", "kind"),
                (oid, bid, f"{kind.replace('_', ' ').title()} partner", kind),
                when=created,
            )
            ids.append(oid)
        return ids

    def _people(self, bid, orgs, created):
        names = [f"{f} {last}" for f in FIRST for last in LAST]
        ids = []
        for person_name in self.random.sample(names, PEOPLE):
            pid = self.ids("person")
            self.both(
                "boroughs.Person",
                ("id", "borough_id", "name", "job_title", "organisation_id", "email", "user_id"),
                (pid, bid, person_name, "Service lead", self.random.choice(orgs), "", None),
                when=created,
            )
            ids.append(pid)
        return ids

    def _board(self, bid, created):
        board_id = self.ids("board")
        self.both(
            "governance.Board",
            ("id", "borough_id", "slug", "name", "kind", "chair", "reports_to_id"),
            (board_id, bid, "send-board", "SEND Partnership Board", "partnership_board", "", None),
            when=created,
        )
        # The board meets six weeks after each quarter ends, and twice more ahead.
        periods = [*self.quarters, LAST_QUARTER.next(), LAST_QUARTER.next().next()]
        for period in periods:
            day = period.end + timedelta(days=42)
            self.both(
                "governance.Meeting",
                ("id", "board_id", "date", "is_illustrative"),
                (self.ids("meeting"), board_id, day, False),
                when=created,
            )
        return board_id

    def _plan(self, bid, slug, plan_position, shape, people, user_id):
        rnd = self.random
        title, kind, n_priorities, n_objectives, n_actions = shape
        created = _at(self.t0, 9, plan_position)
        plan_id = self.ids("plan")
        self.both(
            "actions.Plan",
            (
                "id",
                "borough_id",
                "slug",
                "title",
                "kind",
                "status",
                "period_start",
                "period_end",
                "source_document",
                "description",
                "priority_label",
                "objective_label",
            ),
            (
                plan_id,
                bid,
                f"{slug}-{kind.replace('_', '-')}",
                title,
                kind,
                "active",
                self.t0,
                self.t0 + timedelta(days=5 * 365),
                "",
                "Generated for the national-scale benchmark.",
                "Priority",
                "Objective",
            ),
            when=created,
            user=user_id,
        )
        actions = []
        position = 0
        for p in range(n_priorities):
            priority_id = self.ids("priority")
            self.both(
                "actions.Priority",
                ("id", "plan_id", "number", "title", "description", "position"),
                (priority_id, plan_id, str(p + 1), f"Priority {p + 1}: {OBJECTS[p]}", "", p),
                when=created,
                user=user_id,
            )
            self._measures(plan_id, priority_id, created, user_id)
            for o in range(n_objectives):
                objective_id = self.ids("objective")
                self.both(
                    "actions.Objective",
                    ("id", "priority_id", "number", "title", "description", "position"),
                    (objective_id, priority_id, f"{p + 1}.{o + 1}", OBJECTS[o], "", o),
                    when=created,
                    user=user_id,
                )
                for a in range(n_actions):
                    position += 1
                    obj = rnd.choice(OBJECTS)
                    due = self.t0 + timedelta(days=rnd.randint(120, 5 * 365 + 180))
                    actions.append(
                        {
                            "id": self.ids("action"),
                            "plan_id": plan_id,
                            "priority_id": priority_id,
                            "objective_id": objective_id,
                            "reference": f"{p + 1}.{o + 1}.{a + 1}",
                            "description": f"{rnd.choice(VERBS)} {obj} across the local area",
                            "obj": obj,
                            "lead_agency": rnd.choice(AGENCIES),
                            "timescale": f"By {due:%B %Y}",
                            "due_date": due,
                            "position": position,
                            "created": created,
                            "owners": rnd.sample(people, rnd.choice((1, 1, 2, 2, 3))),
                            "tags": [rnd.choice(self.tags)] if rnd.random() < 0.35 else [],
                        }
                    )
        return actions

    def _measures(self, plan_id, priority_id, created, user_id):
        rnd = self.random
        cols = (
            "id",
            "plan_id",
            "priority_id",
            "description",
            "unit",
            "baseline",
            "target",
            "target_date",
            "direction",
            "data_source",
            "position",
        )
        for m in range(3):
            measure_id = self.ids("measure")
            baseline = rnd.randint(40, 70)
            self.both(
                "actions.SuccessMeasure",
                cols,
                (
                    measure_id,
                    plan_id,
                    priority_id,
                    f"Percentage of EHC plans issued within 20 weeks (measure {m + 1})",
                    "%",
                    baseline,
                    90,
                    self.t0 + timedelta(days=5 * 365),
                    "up",
                    "SEN2 return",
                    m,
                ),
                when=created,
                user=user_id,
            )
            value = baseline
            for period in self.quarters:
                value = max(0, min(100, value + rnd.randint(-3, 5)))
                at = _at(period.end + timedelta(days=10))
                self.later(at, self._measure_value, measure_id, period.end, value, at, user_id)

    def _measure_value(self, measure_id, day, value, at, user_id):
        self.both(
            "actions.MeasureValue",
            ("id", "measure_id", "date", "value", "note", "is_illustrative"),
            (self.ids("measurevalue"), measure_id, day, value, "", False),
            when=at,
            user=user_id,
        )

    ACTION_COLS = (
        "id",
        "plan_id",
        "priority_id",
        "objective_id",
        "reference",
        "description",
        "lead_agency",
        "editor_id",
        "timescale",
        "due_date",
        "start_date",
        "completed_on",
        "status",
        "status_narrative",
        "next_steps",
        "status_date",
        "position",
        "version",
        "updated_at",
    )
    UPDATE_COLS = (
        "id",
        "action_id",
        "date",
        "status",
        "narrative",
        "next_steps",
        "author_id",
        "is_illustrative",
        "created_at",
    )

    def _action_row(self, a, *, status, narrative, next_steps, status_date, completed, version, at):
        return (
            a["id"],
            a["plan_id"],
            a["priority_id"],
            a["objective_id"],
            a["reference"],
            a["description"],
            a["lead_agency"],
            None,
            a["timescale"],
            a["due_date"],
            self.t0,
            completed,
            status,
            narrative,
            next_steps,
            status_date,
            a["position"],
            version,
            at,
        )

    def _action(self, a, user_id):
        """The action, its owners and tags, its quarterly ratings and their history."""
        rnd = self.random
        owner_links = [(self.ids("action_owner"), a["id"], p) for p in a["owners"]]
        tag_links = [(self.ids("action_tag"), a["id"], t) for t in a["tags"]]
        state = {
            "status": "",
            "narrative": "",
            "next_steps": "",
            "status_date": None,
            "completed": None,
            "version": 1,
        }
        at = a["created"]
        self._action_history(a, state, at, "+", "Added action", user_id, owner_links, tag_links)
        for index, period in enumerate(self.quarters):
            if state["status"] == "blue":
                break  # nobody rates a finished action again
            day = period.end - timedelta(days=rnd.randint(0, 20))
            at = _at(day, rnd.randint(8, 17), rnd.randint(0, 59))
            if index >= 4 and rnd.random() < COMPLETION_HAZARD:
                status = "blue"
            else:
                moves = MOVES[state["status"]]
                status = rnd.choices(list(moves), weights=list(moves.values()))[0]
            state = dict(
                state,
                status=status,
                narrative=_narrative(status, a["obj"]),
                next_steps="" if status == "blue" else _next_steps(a["obj"]),
                status_date=day,
                completed=day if status == "blue" else None,
                version=state["version"] + 1,
            )
            self.later(at, self._rating, a, state, at, user_id, owner_links, tag_links)
        # The live row is the last rating's state; the ratings are written in time order.
        self.live("actions.Action", self.ACTION_COLS, self._row(a, state, at))
        for link in owner_links:
            self.live("actions.Action_owners", ("id", "action_id", "person_id"), link)
        for link in tag_links:
            self.live("actions.Action_tags", ("id", "action_id", "tag_id"), link)
        self._milestones(a, user_id)

    def _rating(self, a, state, at, user_id, owner_links, tag_links):
        """One quarterly rating: the StatusUpdate, its history, and the action's history."""
        update = (
            self.ids("statusupdate"),
            a["id"],
            state["status_date"],
            state["status"],
            state["narrative"],
            state["next_steps"],
            user_id,
            False,
            at,
        )
        self.both("actions.StatusUpdate", self.UPDATE_COLS, update, when=at, user=user_id)
        reason = f"Status update: {state['status'].title()}"
        self._action_history(a, state, at, "~", reason, user_id, owner_links, tag_links)

    def _row(self, a, state, at):
        return self._action_row(
            a,
            status=state["status"],
            narrative=state["narrative"],
            next_steps=state["next_steps"],
            status_date=state["status_date"],
            completed=state["completed"],
            version=state["version"],
            at=at,
        )

    def _action_history(self, a, state, at, kind, reason, user_id, owner_links, tag_links):
        hid = self.history(
            "actions.Action",
            self.ACTION_COLS,
            self._row(a, state, at),
            when=at,
            kind=kind,
            reason=reason,
            user=user_id,
        )
        # simple_history copies the m2m rows onto every history row of the action.
        for link_id, action_id, person_id in owner_links:
            self.out.add(
                "actions_historicalaction_owners",
                ("m2m_history_id", "history_id", "id", "action_id", "person_id"),
                (self.hids("owners"), hid, link_id, action_id, person_id),
            )
        for link_id, action_id, tag_id in tag_links:
            self.out.add(
                "actions_historicalaction_tags",
                ("m2m_history_id", "history_id", "id", "action_id", "tag_id"),
                (self.hids("tags"), hid, link_id, action_id, tag_id),
            )

    def _milestones(self, a, user_id):
        rnd = self.random
        cols = ("id", "action_id", "title", "timescale", "due_date", "achieved_on", "position")
        end = LAST_QUARTER.end
        for position in range(MILESTONES_PER_ACTION):
            due = self.t0 + timedelta(days=rnd.randint(90, 5 * 365 + 180))
            achieved = due + timedelta(days=rnd.randint(-20, 40)) if due < end else None
            if achieved and achieved > end:
                achieved = None
            mid = self.ids("milestone")
            first = (
                mid,
                a["id"],
                f"Milestone {position + 1} for {a['obj']}",
                "",
                due,
                None,
                position,
            )
            self.history("actions.Milestone", cols, first, when=a["created"], user=user_id)
            row = first
            if achieved:
                row = (*first[:5], achieved, position)
                self.later(_at(achieved, 12), self._achieved, cols, row, user_id)
            self.live("actions.Milestone", cols, row)

    def _achieved(self, cols, row, user_id):
        self.history(
            "actions.Milestone",
            cols,
            row,
            when=_at(row[5], 12),
            kind="~",
            reason="Milestone achieved",
            user=user_id,
        )

    def _risks(self, bid, people, actions, created):
        rnd = self.random
        cols = (
            "id",
            "borough_id",
            "risk_id",
            "description",
            "likelihood",
            "impact",
            "owner_id",
            "mitigation",
            "status",
        )
        for n in range(RISKS):
            rid = self.ids("risk")
            row = (
                rid,
                bid,
                f"R{n + 1}",
                f"Risk that {rnd.choice(OBJECTS)} is not delivered on time",
                rnd.randint(1, 5),
                rnd.randint(1, 5),
                rnd.choice(people),
                "Monthly review at the delivery group; escalation route agreed.",
                "open" if n < RISKS - 2 else "closed",
            )
            hid = self.both("governance.Risk", cols, row, when=created)
            for action in rnd.sample(actions, 3):
                link = (self.ids("risk_action"), rid, action["id"])
                self.live("governance.Risk_actions", ("id", "risk_id", "action_id"), link)
                self.out.add(
                    "governance_historicalrisk_actions",
                    ("m2m_history_id", "history_id", "id", "risk_id", "action_id"),
                    (self.hids("risk_actions"), hid, *link),
                )

    def _findings(self, bid, actions, created):
        rnd = self.random
        cols = ("id", "borough_id", "inspection", "inspection_date", "text", "kloe")
        for n in range(FINDINGS):
            fid = self.ids("finding")
            row = (
                fid,
                bid,
                "Local area SEND inspection",
                self.t0 - timedelta(days=30),
                f"Leaders do not yet have an accurate understanding of {rnd.choice(OBJECTS)}.",
                f"KLOE {n % 3 + 1}",
            )
            hid = self.both("governance.InspectionFinding", cols, row, when=created)
            for action in rnd.sample(actions, 2):
                link = (self.ids("finding_action"), fid, action["id"])
                self.live(
                    "governance.InspectionFinding_actions",
                    ("id", "inspectionfinding_id", "action_id"),
                    link,
                )
                self.out.add(
                    "governance_historicalinspectionfinding_actions",
                    ("m2m_history_id", "history_id", "id", "inspectionfinding_id", "action_id"),
                    (self.hids("finding_actions"), hid, *link),
                )


def reset_sequences(cursor):
    """Move every id sequence (live and history tables) past the ids written here."""
    models = list(apps.get_models(include_auto_created=True))
    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        cursor.execute(sql)


def generate(*, boroughs=BOROUGHS, progress=print):
    """Write the whole dataset into the (empty, migrated) database; returns row counts."""
    generator = Generator(boroughs=boroughs)
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor  # the psycopg cursor, for COPY
        # The audit FKs are deferred; checking them once at commit is enough.
        cursor.execute("SET synchronous_commit TO off")
        totals = generator.run(cursor, progress=progress)
        reset_sequences(wrapper)
    return totals


def today_anchor():
    """The date the dataset is 'as at': the end of its last reported quarter."""
    return LAST_QUARTER.end
