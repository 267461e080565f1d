"""In-process measurements: the as-at reconstruction, and EXPLAIN of the hot queries."""

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from actions.models import Plan
from actions.selectors import actions_as_at
from bench import _env
from boroughs.models import Borough

# A borough from the middle of the id range, so its rows sit among everyone else's.
BOROUGH = "area-077"


def bench_borough():
    return Borough.objects.get(slug=BOROUGH)


def asat(*, runs):
    borough = bench_borough()
    plan_ids = list(Plan.objects.filter(borough=borough).values_list("id", flat=True))
    from bench._dataset import quarters

    history = quarters()
    for label, period in (
        ("the latest quarter", history[-1]),
        ("two years back", history[-9]),
        ("the first quarter of history", history[0]),
    ):
        when = period.end_datetime()
        with CaptureQueriesContext(connection) as queries:
            rows = actions_as_at(when=when, plan_ids=plan_ids)
        median, low, high = _env.timed(
            lambda when=when: actions_as_at(when=when, plan_ids=plan_ids), runs=runs
        )
        print(
            f"as-at {borough.slug} ({len(plan_ids)} plans, {len(rows)} actions, "
            f"{len(queries)} queries) at {period.label} end ({label}): "
            f"median {median * 1000:.0f} ms (min {low * 1000:.0f}, max {high * 1000:.0f}, "
            f"{runs} runs)  target < 300 ms: {'met' if median < 0.3 else 'MISSED'}"
        )
    reset_queries()


def explain():
    """Every page's SQL timed, and the slowest statements under EXPLAIN ANALYZE."""
    from bench import _queries

    user = get_user_model().objects.get(username=f"editor-{BOROUGH}")
    _queries.explain_all(user, bench_borough())


def verify():
    """Check the history written by hand tells the same story as the live tables.

    For one borough, at several quarter ends, each action's as-at status must be the
    status of its latest StatusUpdate dated on or before that quarter's end; and as-at
    now must equal the live Action rows. Exits non-zero if not.
    """
    from django.utils import timezone

    from actions.models import Action, StatusUpdate
    from bench._dataset import quarters

    borough = bench_borough()
    plan_ids = list(Plan.objects.filter(borough=borough).values_list("id", flat=True))
    checked = 0
    for period in quarters()[::4] + [quarters()[-1]]:
        latest = {}
        updates = StatusUpdate.objects.filter(action__plan_id__in=plan_ids, date__lte=period.end)
        for action_id, status in updates.order_by("action_id", "date").values_list(
            "action_id", "status"
        ):
            latest[action_id] = status
        rebuilt = actions_as_at(when=period.end_datetime(), plan_ids=plan_ids)
        wrong = [a.id for a in rebuilt if a.status != latest.get(a.id, "")]
        if wrong or len(rebuilt) != Action.objects.filter(plan_id__in=plan_ids).count():
            raise SystemExit(f"as-at at {period.label} disagrees for actions {wrong[:5]}")
        checked += len(rebuilt)
    now = {a.id: a for a in actions_as_at(when=timezone.now(), plan_ids=plan_ids)}
    for action in Action.objects.filter(plan_id__in=plan_ids).prefetch_related("owners"):
        seen = now[action.id]
        owners = tuple(sorted(p.pk for p in action.owners.all()))
        if (seen.status, seen.status_date, seen.owner_ids) != (
            action.status,
            action.status_date,
            owners,
        ):
            raise SystemExit(f"as-at now disagrees with the live row of action {action.pk}")
    print(
        f"Verified {borough.slug}: {checked} as-at statuses match the status updates, "
        f"and as-at now matches all {len(now)} live actions (status, date, owners)."
    )
    from bench import _rounds

    counted, rounds = _rounds.check(borough, plan_ids, quarters()[::4] + [quarters()[-1]])
    if rounds:
        print(
            f"  and its {rounds} final rounds count the latest update of each quarter "
            f"({counted} actions checked)."
        )
