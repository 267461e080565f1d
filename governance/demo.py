"""A demo database: the seed plans plus ILLUSTRATIVE history, users and meetings.

Nothing here is the councils' own words. Every rating narrative starts "Illustrative: ",
every StatusUpdate, MeasureValue and Meeting it makes has is_illustrative=True, and it
invents no risks, plan content or named owners.

Choices come from a stable hash of borough, plan, reference and quarter rather than from
random state, so two fresh databases loaded with the same --today are identical, and a
second run finds everything in place and changes nothing.

The demo logins all use DEMO_PASSWORD. They are for a local demo database only, which is
why the command refuses to run unless DEBUG is on or --force is given.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from actions.demo_indicators import link_national_indicators
from actions.measure_services import measure_value_add
from actions.models import RAGB, Action, StatusUpdate, SuccessMeasure
from actions.services import action_update, action_update_status
from boroughs.models import Borough, Membership, Role
from governance import seeds
from governance.demo_rounds import add_demo_review, add_demo_rounds
from governance.models import Board, Meeting
from sendplan.periods import DEFAULT_TIMEZONE, ReportingPeriod

DEMO_PASSWORD = "sendplan-demo"  # noqa: S105 - published on purpose: local demo databases only
QUARTERS = 6
PREFIX = "Illustrative: "
REASON = "Illustrative demo data"
EDITED_ACTIONS_PER_EDITOR = 3
# About one action in twelve is left unrated in the latest quarter, so "updates due"
# has something to show.
UNRATED_LATEST_IN = 12
# Updates are written after their quarter ends, as its round asks: most within the
# round's 20-day update deadline (governance/demo_rounds.py), about one in eight late,
# all before the round closes 45 days after the quarter. One not yet written by today
# is left due.
WRITTEN_AFTER_DAYS = (4, 19)
LATE_AFTER_DAYS = (23, 40)
LATE_ONE_IN = 8

# Next rating given the last one: mostly Amber and Green, some Red, and completion
# (Blue) only from an action already in progress.
TRANSITIONS = {
    "": [(RAGB.AMBER, 45), (RAGB.GREEN, 40), (RAGB.RED, 15)],
    RAGB.RED: [(RAGB.RED, 35), (RAGB.AMBER, 50), (RAGB.GREEN, 15)],
    RAGB.AMBER: [(RAGB.AMBER, 52), (RAGB.GREEN, 33), (RAGB.RED, 12), (RAGB.BLUE, 3)],
    RAGB.GREEN: [(RAGB.GREEN, 72), (RAGB.AMBER, 20), (RAGB.BLUE, 8)],
}

NARRATIVES = {
    RAGB.RED: [
        "Significant barriers to delivery this quarter; capacity and funding gaps need "
        "the board's urgent attention.",
        "Key milestones were missed and delivery is off track; a recovery plan is being "
        "drawn up with partners.",
    ],
    RAGB.AMBER: [
        "In progress, with some slippage: capacity across partners has slowed delivery.",
        "In progress. Some milestones have moved back while dependencies on partners are resolved.",
        "In progress. Data to show the impact is not yet complete.",
    ],
    RAGB.GREEN: [
        "On track. This quarter's work went to plan and partners are engaged.",
        "On track. The milestones agreed for this quarter were met.",
        "On track. Progress was reported to the delivery group with no new risks.",
    ],
    RAGB.BLUE: [
        "Completed. Evidence of completion was reported to the board.",
        "Completed. The work is now part of business as usual.",
    ],
}
NEXT_STEPS = {
    RAGB.RED: "Escalate to the partnership board and agree a recovery plan.",
    RAGB.AMBER: "Agree a revised timeline with partners and review next quarter.",
    RAGB.GREEN: "Continue delivery and report progress next quarter.",
    RAGB.BLUE: "Monitor impact through the plan's success measures.",
}

FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hamza", "Isla", "Jonah"]
LAST_NAMES = ["Ahmed", "Bello", "Carter", "Dunn", "Ellis", "Fox", "Grant", "Hale", "Iqbal"]
ROLES = [Role.VIEWER, Role.EDITOR, Role.ADMIN]
# Users who cover more than one borough: (username, first, last, role, borough slugs).
CROSS_BOROUGH_USERS = [
    ("icb-viewer", "Nadia", "Osei", Role.VIEWER, ["hammersmith-fulham", "hillingdon"]),
    ("icb-editor", "Tom", "Reyes", Role.EDITOR, ["hackney", "hammersmith-fulham"]),
]


def stable_hash(*parts):
    """A number that depends only on the parts, the same on every machine and run."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def _weighted(choices, number):
    point = number % sum(weight for _, weight in choices)
    for value, weight in choices:
        if point < weight:
            return value
        point -= weight
    raise AssertionError("unreachable")


def demo_quarters(today):
    """The last QUARTERS complete financial-year quarters before `today`, oldest first."""
    quarter = ReportingPeriod.containing(today)
    span = []
    for _ in range(QUARTERS):
        quarter = quarter.previous()
        span.append(quarter)
    return span[::-1]


def _at(day, minutes=0):
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=DEFAULT_TIMEZONE)
    return start + dt.timedelta(minutes=minutes)


@dataclass
class DemoReport:
    quarters: list
    counts: dict = field(default_factory=dict)

    def add(self, name, n=1):
        self.counts[name] = self.counts.get(name, 0) + n

    def summary(self):
        span = f"{self.quarters[0].label} to {self.quarters[-1].label}"
        done = ", ".join(f"{n} {name}" for name, n in self.counts.items() if n) or "no changes"
        return f"Illustrative history for {span}: {done}"


def load_demo(*, today):
    """Load the seeds, then add the illustrative users, ratings, values and meetings.

    Every write goes through the services with an explicit `recorded_at`, so each
    history row is written with its illustrative date and never moved afterwards.
    """
    report = DemoReport(demo_quarters(today))
    # Rebuilding a past quarter reads the latest history row before it, so the rows
    # the seed loader writes must come before the illustrative ones. (Plans loaded
    # earlier by load_seeds keep the dates they were loaded on.)
    baseline = _at(report.quarters[0].start) - dt.timedelta(days=1)
    seed_reports = seeds.load_all(recorded_at=baseline)
    with transaction.atomic():
        users = _ensure_users(report)
        _assign_editors(users, baseline, report)
        _rate_actions(users, report, today)
        link_national_indicators(report)
        _add_measure_values(report)
        _add_meetings(baseline, report)
        add_demo_rounds(report, today=today)
        add_demo_review(report, users, today=today)
    return seed_reports, report


# --- users --------------------------------------------------------------------------


def _ensure_users(report):
    """The demo logins; returns {borough slug: {role: user}}."""
    User = get_user_model()
    users = {}
    for b_index, borough in enumerate(Borough.objects.order_by("slug")):
        for r_index, role in enumerate(ROLES):
            n = b_index * len(ROLES) + r_index
            user = _user(
                User, f"{borough.slug}-{role}", FIRST_NAMES[n % 10], LAST_NAMES[n % 9], report
            )
            _membership(user, borough, role, report)
            users.setdefault(borough.slug, {})[role] = user
    for username, first, last, role, slugs in CROSS_BOROUGH_USERS:
        user = _user(User, username, first, last, report)
        for borough in Borough.objects.filter(slug__in=slugs):
            _membership(user, borough, role, report)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@example.org", DEMO_PASSWORD, first_name="Demo", last_name="Admin"
        )
        report.add("users")
    return users


def _user(User, username, first, last, report):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username,
            f"{username}@example.org",
            DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        report.add("users")
    return user


def _membership(user, borough, role, report):
    membership = Membership.objects.filter(user=user, borough=borough).first()
    if membership is not None and membership.role == role:
        return
    membership = membership or Membership(user=user, borough=borough)
    membership.role = role
    membership._change_reason = REASON
    membership.save()
    report.add("memberships")


# --- history ------------------------------------------------------------------------


def _action_key(action):
    return (action.plan.borough.slug, action.plan.slug, action.reference)


def _assign_editors(users, baseline, report):
    """Make each borough's demo editor the editor of record on a few actions."""
    for slug, roles in users.items():
        editor = roles[Role.EDITOR]
        actions = Action.objects.filter(plan__borough__slug=slug).select_related("plan__borough")
        if actions.filter(editor=editor).exists():
            continue
        free = sorted(
            actions.filter(editor__isnull=True), key=lambda a: stable_hash(*_action_key(a), "ed")
        )
        for action in free[:EDITED_ACTIONS_PER_EDITOR]:
            action_update(
                action=action,
                user=roles[Role.ADMIN],
                editor=editor,
                reason=f"{REASON}: editor",
                recorded_at=baseline,
            )
            report.add("actions given a demo editor")


def planned_ratings(key, quarters, existing):
    """(quarter, status) for each quarter still to be rated, continuing from `existing`.

    `existing` maps quarters already rated to their status; those are kept, and nothing
    is written before the latest of them, so a run never rewrites what is there.
    """
    last_rated = max(existing, default=None)
    status = ""
    for index, quarter in enumerate(quarters):
        if quarter in existing:
            status = existing[quarter]
            continue
        if status == RAGB.BLUE:
            return
        if last_rated is not None and quarter < last_rated:
            continue
        if index == len(quarters) - 1 and stable_hash(*key, "unrated") % UNRATED_LATEST_IN == 0:
            return
        status = _weighted(TRANSITIONS[status], stable_hash(*key, quarter.slug))
        yield quarter, status


def _rate_actions(users, report, today):
    quarters = report.quarters
    existing = {}
    for action_id, date, status in StatusUpdate.objects.order_by("date", "id").values_list(
        "action_id", "date", "status"
    ):
        existing.setdefault(action_id, {})[ReportingPeriod.containing(date)] = status
    actions = Action.objects.select_related("plan__borough").order_by("plan_id", "position")
    for action in actions:
        key = _action_key(action)
        author = users[key[0]][Role.EDITOR]
        for quarter, status in planned_ratings(key, quarters, existing.get(action.pk, {})):
            when = written_at(key, quarter)
            if when.date() >= today:
                break  # not written yet: still due in the open round
            _rate(action, author, key, quarter, status, when)
            report.add("illustrative ratings")


def _working_day(day):
    """The day, or the last working day before it: nobody rates actions on Christmas Day."""
    while day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (12, 26), (1, 1)}:
        # Saturday to Thursday and Sunday to Friday, so Fridays are not crowded.
        day -= dt.timedelta(days=2 if day.weekday() >= 5 else 1)
    return day


def written_at(key, quarter):
    """When the update for `quarter` was written: a working day in the weeks after the
    quarter ended (later for about one in eight), before its round closes."""
    h = stable_hash(*key, quarter.slug, "written")
    low, high = LATE_AFTER_DAYS if h % LATE_ONE_IN == 0 else WRITTEN_AFTER_DAYS
    after = low + h // LATE_ONE_IN % (high - low + 1)
    # _working_day steps back at most two days, so it stays after the quarter's end.
    return _at(_working_day(quarter.end + dt.timedelta(days=after)), minutes=h % 480)


def _rate(action, author, key, quarter, status, when):
    """Rate `action` for `quarter`: an update reporting on a day late in the quarter,
    written at `when`, after the quarter ended."""
    h = stable_hash(*key, quarter.slug, "when")
    day = _working_day(quarter.end - dt.timedelta(days=h % 25))
    pool = NARRATIVES[status]
    action_update_status(
        action=action,
        user=author,
        status=status,
        narrative=PREFIX + pool[h % len(pool)],
        next_steps=PREFIX + NEXT_STEPS[status],
        date=day,
        completed_on=day - dt.timedelta(days=h % 7) if status == RAGB.BLUE else None,
        is_illustrative=True,
        source=StatusUpdate.Source.DEMO,
        recorded_at=when,
    )


# --- measures and meetings ----------------------------------------------------------


def measure_value(measure, quarter, index, count):
    """A plausible value: from the baseline towards the target, with a little wobble."""
    baseline = measure.baseline
    wobble = Decimal(stable_hash(measure.plan.slug, measure.position, quarter.slug) % 21 - 10)
    if measure.target is not None:
        step = (measure.target - baseline) / (count + 2)
        value = baseline + step * (index + 1) + step * wobble / 40
    else:
        value = baseline * (1 + wobble / 200)
    if measure.unit == "%":
        value = min(max(value, Decimal(0)), Decimal(100))
    return value.quantize(Decimal("0.01"))


def _add_measure_values(report):
    quarters = report.quarters
    # A measure linked to a national indicator shows the DfE's real figures instead.
    measures = SuccessMeasure.objects.filter(
        baseline__isnull=False, indicator__isnull=True
    ).select_related("plan")
    for measure in measures:
        taken = set(measure.values.values_list("date", flat=True))
        for index, quarter in enumerate(quarters):
            if quarter.end in taken:
                continue
            measure_value_add(
                measure=measure,
                user=None,
                date=quarter.end,
                value=measure_value(measure, quarter, index, len(quarters)),
                note=PREFIX + "a made-up value to show the chart, not a published figure.",
                is_illustrative=True,
                recorded_at=_at(quarter.end),
                reason=REASON,
            )
            report.add("illustrative measure values")


def meeting_date(board, quarter):
    """The second Wednesday of the quarter's middle month, or a week later for some boards."""
    first = quarter.start.replace(month=quarter.start.month + 1)
    second_wednesday = first + dt.timedelta(days=(2 - first.weekday()) % 7 + 7)
    return second_wednesday + dt.timedelta(days=7 * (stable_hash(board.slug) % 2))


def _add_meetings(baseline, report):
    """Quarterly meetings over the span and the two quarters after it."""
    quarters = list(report.quarters)
    quarters += [quarters[-1].next(), quarters[-1].next().next()]
    for board in Board.objects.order_by("pk"):
        dates = set(board.meetings.values_list("date", flat=True))
        for quarter in quarters:
            if any(quarter.start <= d <= quarter.end for d in dates):
                continue
            meeting = Meeting(board=board, date=meeting_date(board, quarter), is_illustrative=True)
            meeting._history_date = baseline
            meeting._change_reason = REASON
            meeting.save()
            report.add("illustrative meetings")
