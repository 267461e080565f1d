"""A small mutation check: plant realistic bugs in the core rules, one at a time, and see
whether the tests that guard each rule notice.

Each mutant is a textual replacement in one file (a comparison flipped, better and worse
swapped, an off-by-one in "overdue", the borough scoping filter dropped, ...) with the
fast tests that should catch it. For each: plant it, run those tests, restore the file
(always, in `finally`), and report it killed (a test failed) or survived (all passed).
The score is killed / total. Run on demand, never in bin/test:

    bin/mutation-check                     # every mutant
    bin/mutation-check ragb headline       # only mutants whose id starts with these
    bin/mutation-check --list              # the mutants, without running anything

Tests run with --nomigrations (the schema from the models, much faster); the script
first runs every selected test file unmutated and stops if any fails, so a "killed"
always means the mutant broke something. A text that no longer matches the code
stops the run too: keep MUTANTS in step with the code. Record the last score in
docs/testing.md.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTEST = [str(ROOT / ".venv" / "bin" / "pytest"), "-p", "no:cacheprovider", "-q", "-x"]
PYTEST += ["--nomigrations"]
TIMEOUT = 600  # seconds per mutant; a hang counts as killed (and is reported as such)


@dataclass(frozen=True)
class Mutant:
    id: str
    path: str
    old: str
    new: str
    tests: tuple


RAGB = "actions/ragb.py"
HEADLINE = "reports/headline.py"
CONTENT = "reports/content.py"
SCOPE = "boroughs/models.py"
PERMISSIONS = "boroughs/permissions.py"
SAFETY = "actions/spreadsheets/safety.py"
VALUES = "actions/spreadsheets/values.py"
MODELS = "actions/models.py"

RAGB_TESTS = ("tests/test_ragb.py", "tests/test_action_rules.py")
HEADLINE_TESTS = ("tests/packs/test_headline_rules.py",)
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

MUTANTS = [
    # --- actions/ragb.py: the scale and its rules ------------------------------------
    Mutant("ragb-overdue-on-the-day", RAGB, "due_date < on", "due_date <= on", RAGB_TESTS),
    Mutant(
        "ragb-overdue-includes-completed",
        RAGB,
        "due_date < on and not is_completed(status)",
        "due_date < on",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-rank-red-above-amber",
        RAGB,
        "RAGB.RED: 0, RAGB.AMBER: 1",
        "RAGB.RED: 1, RAGB.AMBER: 0",
        RAGB_TESTS,
    ),
    Mutant("ragb-rank-not-rated-on-top", RAGB, "NOT_RATED: -1", "NOT_RATED: 4", RAGB_TESTS),
    Mutant(
        "ragb-order-amber-first",
        RAGB,
        "ORDER = (RAGB.RED, RAGB.AMBER,",
        "ORDER = (RAGB.AMBER, RAGB.RED,",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-amber-needs-no-narrative",
        RAGB,
        "NEED_NARRATIVE = (RAGB.RED, RAGB.AMBER)",
        "NEED_NARRATIVE = (RAGB.RED,)",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-first-rating-is-a-change",
        RAGB,
        "elif previous and status != previous",
        "elif status != previous",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-same-rating-is-a-change",
        RAGB,
        "elif previous and status != previous",
        "elif previous and status == previous",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-blank-narrative-explains",
        RAGB,
        'explained = bool((narrative or "").strip())',
        'explained = bool(narrative or "")',
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-green-needs-completion-date",
        RAGB,
        "if status == RAGB.BLUE and completed_on is None",
        "if status == RAGB.GREEN and completed_on is None",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-not-rated-key-not-normalised",
        RAGB,
        "if value in (None, NOT_RATED, NOT_RATED_KEY):",
        "if value in (None, NOT_RATED):",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-green-counts-as-completed",
        RAGB,
        "return normalise(status) == RAGB.BLUE",
        "return normalise(status) in (RAGB.GREEN, RAGB.BLUE)",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-not-rated-counts-as-rated",
        RAGB,
        "return normalise(status) != NOT_RATED",
        "return normalise(status) is not None",
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-amber-tag-orange",
        RAGB,
        'RAGB.AMBER: "yellow",',
        'RAGB.AMBER: "orange",',
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-not-rated-label-blank",
        RAGB,
        "else NOT_RATED_LABEL\n",
        'else ""\n',
        RAGB_TESTS,
    ),
    Mutant(
        "ragb-green-means-completed",
        RAGB,
        'RAGB.GREEN: "On track",',
        'RAGB.GREEN: "Completed",',
        RAGB_TESTS,
    ),
    # --- reports/headline.py: page one ------------------------------------------------
    Mutant(
        "headline-direction-swapped",
        HEADLINE,
        'elif better > worse:\n        key = "improving"\n    elif worse > better:\n'
        '        key = "worsening"',
        'elif better > worse:\n        key = "worsening"\n    elif worse > better:\n'
        '        key = "improving"',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-completed-not-better",
        HEADLINE,
        'better = counts["improved"] + counts["completed"]',
        'better = counts["improved"]',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-tie-reads-improving",
        HEADLINE,
        "elif better > worse:",
        "elif better >= worse:",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-all-new-reads-steady",
        HEADLINE,
        'if not counts or counts["new"] == sum(counts.values()):',
        "if not counts:",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-nothing-reads-new",
        HEADLINE,
        'key = "new" if counts else "steady"',
        'key = "new"',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-one-line-long-sentence",
        HEADLINE,
        "if found and len(head) < limit:",
        "if found and len(head) <= limit:",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-one-line-limit-off-by-one",
        HEADLINE,
        "if len(text) <= limit:",
        "if len(text) < limit:",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-one-line-cut-too-long",
        HEADLINE,
        'text[: limit - 1].rsplit(" ", 1)[0]',
        'text[:limit].rsplit(" ", 1)[0]',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-one-line-no-semicolon",
        HEADLINE,
        'for stop in (". ", "; "):',
        'for stop in (". ",):',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-red-lookback-off-by-one",
        HEADLINE,
        "for _ in range(RED_LOOKBACK):",
        "for _ in range(RED_LOOKBACK + 1):",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-amber-counts-at-red",
        HEADLINE,
        "still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}",
        "still = {i for i in still if statuses.get(i) in ragb.NEED_NARRATIVE}",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-red-run-not-consecutive",
        HEADLINE,
        "still = {i for i in still if statuses.get(i) == ragb.RAGB.RED}",
        "still = {i for i in action_ids if statuses.get(i) == ragb.RAGB.RED}",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-completed-counted-open",
        HEADLINE,
        'open_actions = [a for a in actions if a["status"] != "blue"]',
        "open_actions = list(actions)",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-rated-on-first-day-not-updated",
        HEADLINE,
        'a["rated_on"] < period.start.isoformat()',
        'a["rated_on"] <= period.start.isoformat()',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-overdue-but-amber",
        HEADLINE,
        'a["status"] == ragb.RAGB.GREEN and a.get("overdue")',
        'a["status"] != ragb.RAGB.RED and a.get("overdue")',
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-decision-recorded-after-the-pack",
        HEADLINE,
        "history_date__lte=when",
        "history_date__gte=when",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-decision-reported-after-the-quarter",
        HEADLINE,
        "action_id__in=action_ids, history_date__lte=when, date__lte=period.end",
        "action_id__in=action_ids, history_date__lte=when",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-decision-from-the-earliest-update",
        HEADLINE,
        "if current is None or key > current[0]:",
        "if current is None or key < current[0]:",
        HEADLINE_TESTS,
    ),
    Mutant(
        "headline-deleted-update-still-asks",
        HEADLINE,
        'if row["history_type"] == "-":\n            continue\n',
        "",
        HEADLINE_TESTS,
    ),
    # Not "needs_board_decision dropped": the one writer clears the wording with the flag
    # (status_update_ask_board), so that mutant could never be told apart.
    # --- reports/content.py: what a pack says -----------------------------------------
    Mutant(
        "content-movement-swapped",
        CONTENT,
        'return "improved" if ragb.RANK[after.status] > ragb.RANK[before.status] else "worsened"',
        'return "improved" if ragb.RANK[after.status] < ragb.RANK[before.status] else "worsened"',
        MOVEMENT_TESTS,
    ),
    Mutant(
        "content-first-rating-not-new",
        CONTENT,
        'return "new" if after.status else "unchanged"',
        'return "unchanged"',
        MOVEMENT_TESTS,
    ),
    Mutant(
        "content-exceptions-red-only",
        CONTENT,
        "if a.status in ragb.NEED_NARRATIVE\n",
        "if a.status == ragb.RAGB.RED\n",
        ATTENTION_TESTS,
    ),
    Mutant(
        "content-attention-misses-worsened",
        CONTENT,
        'if a.status == ragb.RAGB.RED or change_of(a) == "worsened"',
        "if a.status == ragb.RAGB.RED",
        ATTENTION_TESTS,
    ),
    Mutant(
        "content-days-overdue-off-by-one",
        CONTENT,
        '"days_overdue": (period.end - a.due_date).days}',
        '"days_overdue": (period.end - a.due_date).days + 1}',
        OVERDUE_TESTS,
    ),
    # --- the dashboard's table (templates/reports/dashboard.html) ----------------------
    Mutant(
        "dashboard-table-prints-zero",
        "templates/reports/dashboard.html",
        '<td class="govuk-table__cell govuk-table__cell--numeric">{{ count }}</td>{% endfor %}\n'
        '      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.total }}</td>',
        '<td class="govuk-table__cell govuk-table__cell--numeric">0</td>{% endfor %}\n'
        '      <td class="govuk-table__cell govuk-table__cell--numeric">{{ row.total }}</td>',
        DASHBOARD_TESTS,
    ),
    Mutant(
        "dashboard-chart-draws-zero",
        "reports/dashboard.py",
        'chart.add(label, [row["counts"][status] for row in rows])',
        "chart.add(label, [0 for row in rows])",
        DASHBOARD_TESTS,
    ),
    # --- scoping: who sees which borough ----------------------------------------------
    Mutant(
        "scope-dropped-in-get-scoped-or-404",
        PERMISSIONS,
        "scoped = queryset.visible_to(user)",
        "scoped = queryset",
        SCOPE_TESTS,
    ),
    Mutant(
        "scope-no-boroughs-sees-all",
        SCOPE,
        "if ids is None:\n            return self",
        "if not ids:\n            return self",
        SCOPE_TESTS,
    ),
    Mutant(
        "scope-staff-see-all",
        SCOPE,
        "return user.is_authenticated and user.is_active and user.is_superuser",
        "return user.is_authenticated and user.is_active and user.is_staff",
        SCOPE_TESTS,
    ),
    Mutant(
        "scope-role-rank-strict",
        SCOPE,
        "if Membership.RANK[r] >= wanted}",
        "if Membership.RANK[r] > wanted}",
        SCOPE_TESTS,
    ),
    Mutant(
        "scope-inactive-user-keeps-boroughs",
        SCOPE,
        "if not user.is_authenticated or not user.is_active:",
        "if not user.is_authenticated:",
        SCOPE_TESTS,
    ),
    Mutant(
        "scope-role-check-skipped",
        PERMISSIONS,
        "if Membership.RANK[role] > Membership.RANK[Role.VIEWER]:",
        "if Membership.RANK[role] > Membership.RANK[Role.ADMIN]:",
        SCOPE_TESTS,
    ),
    # --- formula neutralising (exports) -----------------------------------------------
    Mutant(
        "neutralise-at-sign-allowed",
        SAFETY,
        'DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\\t", "\\r")',
        'DANGEROUS_PREFIXES = ("=", "+", "-", "\\t", "\\r")',
        NEUTRALISE_TESTS,
    ),
    Mutant(
        "neutralise-with-a-space",
        SAFETY,
        'return "\'" + value',
        'return " " + value',
        NEUTRALISE_TESTS,
    ),
    Mutant(
        "models-overdue-queryset-on-the-day",
        MODELS,
        "return self.not_completed().filter(due_date__lt=on)",
        "return self.not_completed().filter(due_date__lte=on)",
        RAGB_TESTS,
    ),
]


def _plant(mutant):
    path = ROOT / mutant.path
    original = path.read_text()
    found = original.count(mutant.old)
    if found != 1:
        raise SystemExit(
            f"{mutant.id}: the text to replace occurs {found} times in {mutant.path}, not once. "
            "Update tools/mutants.py to match the code."
        )
    return path, original, original.replace(mutant.old, mutant.new)


def _run(tests):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    started = time.monotonic()
    try:
        result = subprocess.run(
            [*PYTEST, *tests], cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started, ""
    return result.returncode, time.monotonic() - started, result.stdout


def _dirty(paths):
    result = subprocess.run(
        ["git", "status", "--porcelain", "--", *paths], cwd=ROOT, capture_output=True, text=True
    )
    return result.stdout.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="run only mutants whose id starts with these")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument(
        "--allow-dirty", action="store_true", help="run even if a target file has local changes"
    )
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.id.startswith(tuple(args.only))]
    if args.list:
        for m in chosen:
            print(f"{m.id:48} {m.path}")
        return 0
    for mutant in chosen:  # every text must match before anything is planted
        _plant(mutant)
    targets = sorted({m.path for m in chosen})
    if not args.allow_dirty and (dirty := _dirty(targets)):
        raise SystemExit(f"Target files have local changes; commit or --allow-dirty:\n{dirty}")
    # SIGTERM ends the run through `finally`, so the file being mutated is restored.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    test_files = sorted({t for m in chosen for t in m.tests})
    code, seconds, output = _run(test_files)
    if code != 0:
        print(output[-3000:])
        raise SystemExit(f"The tests fail without any mutant ({code}); fix them first.")
    print(f"Unmutated: {', '.join(test_files)} pass ({seconds:.0f}s)\n")

    survived = []
    for mutant in chosen:
        path, original, mutated = _plant(mutant)
        try:
            path.write_text(mutated)
            code, seconds, _ = _run(mutant.tests)
        finally:
            path.write_text(original)
        outcome = (
            "survived" if code == 0 else ("killed (timeout)" if code == "timeout" else "killed")
        )
        if code == 0:
            survived.append(mutant)
        print(f"{outcome:17} {mutant.id:48} {mutant.path} ({seconds:.0f}s)", flush=True)

    killed = len(chosen) - len(survived)
    print(f"\nScore: {killed}/{len(chosen)} killed ({100 * killed / len(chosen):.0f}%)")
    for path in targets:
        mine = [m for m in chosen if m.path == path]
        lost = [m for m in survived if m.path == path]
        print(f"  {path}: {len(mine) - len(lost)}/{len(mine)} killed")
    for mutant in survived:
        print(f"SURVIVED {mutant.id}: {mutant.old!r} -> {mutant.new!r} in {mutant.path}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
