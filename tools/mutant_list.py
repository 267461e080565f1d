"""The bugs bin/mutation-check plants (tools/mutants.py runs them), one at a time.

Each is a textual replacement in one file, realistic rather than random: a comparison
flipped, better and worse swapped, an off-by-one in "overdue", the borough scoping filter
dropped or widened, a formula prefix let through. Each names the fast tests that should
catch it. A text must occur exactly once in its file, so the list fails loudly when the
code moves on: keep it in step.

Left out as equivalent: dropping `needs_board_decision` from the decisions rule in
reports/pack/decisions.py, since the only writer (status_update_ask_board) clears the wording
with the flag, so no data could tell the mutant apart.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str
    old: str
    new: str
    tests: tuple


def _group(path, tests, *rows):
    """Mutants of one file: rows of (id, old, new), or (id, old, new, tests) to override."""
    return [Mutant(row[0], path, row[1], row[2], row[3] if len(row) > 3 else tests) for row in rows]


RAGB = "actions/ragb.py"
# The board pack's sections (reports/pack/): page one's rules and the pack's movement.
PAGE_ONE = "reports/pack/page_one.py"
EXCEPTIONS = "reports/pack/exceptions.py"
DATA_QUALITY = "reports/pack/data_quality.py"
MEASURES = "reports/pack/measures.py"
DECISIONS = "reports/pack/decisions.py"
SNAPSHOT = "reports/pack/snapshot.py"
PROGRESS = "reports/pack/progress.py"
SCOPE = "boroughs/models.py"
PERMISSIONS = "boroughs/permissions.py"
SAFETY = "actions/spreadsheets/safety.py"
MODELS = "actions/models/action.py"

RAGB_TESTS = ("tests/test_ragb.py", "tests/test_action_rules.py")
PAGE_ONE_TESTS = ("tests/packs/test_page_one_rules.py",)
# Pack tests build a borough's year (pack_world): only those that read what each mutant
# touches, by node id.
_CONTENT = "tests/packs/test_pack_content.py::test_the_"
MOVEMENT_TESTS = (f"{_CONTENT}pack_counts_each_kind_of_movement_since_the_previous_quarter",)
ATTENTION_TESTS = (
    f"{_CONTENT}boards_attention_holds_every_red_and_every_action_that_got_worse",
    "tests/packs/test_board_paper.py::test_exceptions_carry_the_previous_rating_new_this_"
    "quarter_and_quarters_at_red",
)
DASHBOARD_TESTS = (
    "tests/dashboards/test_dashboard_and_search.py::"
    "test_the_dashboard_draws_a_chart_and_the_same_figures_as_a_table",
)
OVERDUE_TESTS = (
    "tests/packs/test_board_paper.py::test_the_pack_lists_actions_in_natural_reference_order",
)
SCOPE_TESTS = ("tests/pages/test_permission_layer.py", "tests/pages/test_permissions.py")
NEUTRALISE_TESTS = ("tests/imports/test_round_trip.py",)


DASHBOARD_HTML = "templates/reports/dashboard.html"
DASHBOARD = "reports/dashboard.py"

MUTANTS = [
    *_group(
        RAGB,
        RAGB_TESTS,
        ("ragb-overdue-on-the-day", "due_date < on", "due_date <= on"),
        (
            "ragb-overdue-includes-completed",
            "due_date < on and not is_completed(status)",
            "due_date < on",
        ),
        ("ragb-rank-red-above-amber", "RAGB.RED: 0, RAGB.AMBER: 1", "RAGB.RED: 1, RAGB.AMBER: 0"),
        ("ragb-rank-not-rated-on-top", "NOT_RATED: -1", "NOT_RATED: 4"),
        (
            "ragb-order-amber-first",
            "ORDER = (RAGB.RED, RAGB.AMBER,",
            "ORDER = (RAGB.AMBER, RAGB.RED,",
        ),
        (
            "ragb-amber-needs-no-narrative",
            "NEED_NARRATIVE = (RAGB.RED, RAGB.AMBER)",
            "NEED_NARRATIVE = (RAGB.RED,)",
        ),
        (
            "ragb-first-rating-is-a-change",
            "elif previous and status != previous",
            "elif status != previous",
        ),
        (
            "ragb-same-rating-is-a-change",
            "elif previous and status != previous",
            "elif previous and status == previous",
        ),
        (
            "ragb-blank-narrative-explains",
            'explained = bool((narrative or "").strip())',
            'explained = bool(narrative or "")',
        ),
        (
            "ragb-green-needs-completion-date",
            "if status == RAGB.BLUE and completed_on is None",
            "if status == RAGB.GREEN and completed_on is None",
        ),
        (
            "ragb-not-rated-key-not-normalised",
            "if value in (None, NOT_RATED, NOT_RATED_KEY):",
            "if value in (None, NOT_RATED):",
        ),
        (
            "ragb-green-counts-as-completed",
            "return normalise(status) == RAGB.BLUE",
            "return normalise(status) in (RAGB.GREEN, RAGB.BLUE)",
        ),
        (
            "ragb-not-rated-counts-as-rated",
            "return normalise(status) != NOT_RATED",
            "return normalise(status) is not None",
        ),
        ("ragb-amber-tag-orange", 'RAGB.AMBER: "yellow",', 'RAGB.AMBER: "orange",'),
        ("ragb-not-rated-label-blank", "else NOT_RATED_LABEL\n", 'else ""\n'),
        ("ragb-green-means-completed", 'RAGB.GREEN: "On track",', 'RAGB.GREEN: "Completed",'),
    ),
    *_group(
        PAGE_ONE,
        PAGE_ONE_TESTS,
        (
            "pack-direction-swapped",
            'elif better > worse:\n        key = "improving"\n'
            '    elif worse > better:\n        key = "worsening"',
            'elif better > worse:\n        key = "worsening"\n'
            '    elif worse > better:\n        key = "improving"',
        ),
        (
            "pack-direction-completed-not-better",
            'better = tally["improved"] + tally["completed"]',
            'better = tally["improved"]',
        ),
        ("pack-direction-tie-reads-improving", "elif better > worse:", "elif better >= worse:"),
        (
            "pack-direction-all-new-reads-steady",
            'if not tally or tally["new"] == sum(tally.values()):',
            "if not tally:",
        ),
        (
            "pack-direction-nothing-reads-new",
            'key = "new" if tally else "steady"',
            'key = "new"',
        ),
        (
            "pack-one-line-long-sentence",
            "if found and len(head) < limit:",
            "if found and len(head) <= limit:",
        ),
        ("pack-one-line-limit-off-by-one", "if len(text) <= limit:", "if len(text) < limit:"),
        (
            "pack-one-line-cut-too-long",
            'text[: limit - 1].rsplit(" ", 1)[0]',
            'text[:limit].rsplit(" ", 1)[0]',
        ),
        ("pack-one-line-no-semicolon", 'for stop in (". ", "; "):', 'for stop in (". ",):'),
        (
            "pack-attention-misses-worsened",
            'if a.status == ragb.RAGB.RED or snap.change_of(a) == "worsened"',
            "if a.status == ragb.RAGB.RED",
            ATTENTION_TESTS,
        ),
    ),
    *_group(
        EXCEPTIONS,
        PAGE_ONE_TESTS,
        (
            "pack-red-lookback-off-by-one",
            "for _ in range(RED_LOOKBACK):",
            "for _ in range(RED_LOOKBACK + 1):",
        ),
        (
            "pack-red-amber-counts-at-red",
            "still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}",
            "still = {i for i in still if statuses.get(i) in ragb.NEED_NARRATIVE}",
        ),
        (
            "pack-red-run-not-consecutive",
            "still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}",
            "still = {i for i in action_ids if statuses.get(i) == ragb.RAGB.RED}",
        ),
        (
            "pack-exceptions-red-only",
            "if a.status in ragb.NEED_NARRATIVE\n",
            "if a.status == ragb.RAGB.RED\n",
            ATTENTION_TESTS,
        ),
    ),
    *_group(
        DATA_QUALITY,
        PAGE_ONE_TESTS,
        (
            "pack-data-quality-completed-counted-open",
            'open_actions = [a for a in actions if a["status"] != "blue"]',
            "open_actions = list(actions)",
        ),
        (
            "pack-data-quality-rated-on-first-day-not-updated",
            'a["rated_on"] < period.start.isoformat()',
            'a["rated_on"] <= period.start.isoformat()',
        ),
        (
            "pack-data-quality-overdue-but-amber",
            'a["status"] == ragb.RAGB.GREEN and a.get("overdue")',
            'a["status"] != ragb.RAGB.RED and a.get("overdue")',
        ),
    ),
    *_group(
        MEASURES,
        PAGE_ONE_TESTS,
        (
            "pack-data-quality-national-figures-ignored",
            'return bool(measure["latest"] or measure.get("national"))',
            'return bool(measure["latest"])',
        ),
    ),
    *_group(
        DECISIONS,
        PAGE_ONE_TESTS,
        (
            "pack-decision-recorded-after-the-pack",
            "action_id__in=action_ids, history_date__lte=when, date__lte=period.end",
            "action_id__in=action_ids, history_date__gte=when, date__lte=period.end",
        ),
        (
            "pack-decision-reported-after-the-quarter",
            "action_id__in=action_ids, history_date__lte=when, date__lte=period.end",
            "action_id__in=action_ids, history_date__lte=when",
        ),
        (
            "pack-decision-from-the-earliest-update",
            "if current is None or key > current[0]:",
            "if current is None or key < current[0]:",
        ),
        (
            "pack-decision-deleted-update-still-asks",
            'if row["history_type"] == "-":\n            continue\n',
            "",
        ),
    ),
    *_group(
        SNAPSHOT,
        MOVEMENT_TESTS,
        (
            "pack-movement-swapped",
            'return "improved" if ragb.RANK[after.status] > ragb.RANK[before.status] else',
            'return "improved" if ragb.RANK[after.status] < ragb.RANK[before.status] else',
        ),
        (
            "pack-movement-first-rating-not-new",
            'return "new" if after.status else "unchanged"',
            'return "unchanged"',
        ),
    ),
    *_group(
        PROGRESS,
        OVERDUE_TESTS,
        (
            "pack-days-overdue-off-by-one",
            '"days_overdue": (snap.period.end - a.due_date).days}',
            '"days_overdue": (snap.period.end - a.due_date).days + 1}',
        ),
    ),
    *_group(
        DASHBOARD_HTML,
        DASHBOARD_TESTS,
        (
            "dashboard-table-prints-zero",
            "{{ count }}</td>{% endfor %}",  # each plan's row; the totals are <strong>
            "0</td>{% endfor %}",
        ),
    ),
    *_group(
        DASHBOARD,
        DASHBOARD_TESTS,
        (
            "dashboard-chart-draws-zero",
            'chart.add(label, [row["counts"][status] for row in rows])',
            "chart.add(label, [0 for row in rows])",
        ),
    ),
    *_group(
        PERMISSIONS,
        SCOPE_TESTS,
        (
            "scope-dropped-in-get-scoped-or-404",
            "scoped = queryset.visible_to(user)",
            "scoped = queryset",
        ),
    ),
    *_group(
        SCOPE,
        SCOPE_TESTS,
        (
            "scope-no-boroughs-sees-all",
            "if ids is None:\n            return self",
            "if not ids:\n            return self",
        ),
        (
            "scope-staff-see-all",
            "return user.is_authenticated and user.is_active and user.is_superuser",
            "return user.is_authenticated and user.is_active and user.is_staff",
        ),
        (
            "scope-role-rank-strict",
            "if Membership.RANK[r] >= wanted}",
            "if Membership.RANK[r] > wanted}",
        ),
        (
            "scope-inactive-user-keeps-boroughs",
            "if not user.is_authenticated or not user.is_active:",
            "if not user.is_authenticated:",
        ),
    ),
    *_group(
        PERMISSIONS,
        SCOPE_TESTS,
        (
            "scope-role-check-skipped",
            "if Membership.RANK[role] > Membership.RANK[Role.VIEWER]:",
            "if Membership.RANK[role] > Membership.RANK[Role.ADMIN]:",
        ),
    ),
    *_group(
        SAFETY,
        NEUTRALISE_TESTS,
        (
            "neutralise-at-sign-allowed",
            'DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")',
            'DANGEROUS_PREFIXES = ("=", "+", "-", "\\t", "\\r")',
        ),
        ("neutralise-with-a-space", 'return "\'" + value', 'return " " + value'),
    ),
    *_group(
        MODELS,
        RAGB_TESTS,
        (
            "models-overdue-queryset-on-the-day",
            "return self.not_completed().filter(due_date__lt=on)",
            "return self.not_completed().filter(due_date__lte=on)",
        ),
    ),
    *_group(
        "reports/public/content.py",
        ("tests/public_pages/world/test_no_leaks.py",),
        (
            "public-page-reads-now-not-the-final-close",
            "            recorded_by=self.recorded_by,",
            "            recorded_by=timezone.now(),",
        ),
    ),
    *_group(
        "reports/public/selectors.py",
        ("tests/public_pages/world/test_no_leaks.py",),
        (
            "public-page-shows-an-unpublished-plan",
            "            publication__is_published=True,",
            "",
        ),
    ),
]
