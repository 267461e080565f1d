"""python manage.py import_plan / export_plan: the report, the summary and the exit codes."""

import sys

import pytest
from django.core.management import CommandError, call_command

from actions.models import Action, Plan
from tests.imports.conftest import xlsx_bytes

HEADER = ["Ref", "Objective", "Action", "Who", "Timescale", "Status"]
ROWS = [
    ["1.1", "Early help", "Publish the local offer", "Helen Green", "Q2", "Green"],
    ["1.2", "", "Train SENCOs", "Jo Baty", "Whenever", ""],
]


def manage(*args):
    """Run a command and return the exit code manage.py would end with.

    BaseCommand.run_from_argv exits with CommandError.returncode and prints the
    message to stderr; it also closes every connection, which would end the test's
    transaction, so the same is done here around call_command.
    """
    try:
        call_command(*args)
    except CommandError as error:
        sys.stderr.write(f"CommandError: {error}\n")
        return error.returncode
    return 0


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(xlsx_bytes(HEADER, ROWS))
    return path


@pytest.fixture
def bad_rows_file(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes(HEADER, [ROWS[0], ["1.1", "", "Again", "", "", "Purple"]]))
    return path


def test_an_import_applies_prints_each_row_and_a_summary_and_exits_0(good_file, plan, capsys):
    code = manage(
        "import_plan", str(good_file), "--borough=hammersmith-fulham", "--plan", plan.slug
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "Row 2: New. New priority “Actions”. New objective “Early help”. New action 1.1." in out
    assert "Row 3: New. New action 1.2." in out
    assert "    Warning: Action 1.2: the timescale “Whenever” names no date" in out
    assert "Actions: 2 created, 0 updated, 0 unchanged." in out
    assert "Warnings: 1. Errors: 0." in out
    assert Action.objects.filter(plan=plan).count() == 2
    reasons = set(Action.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Imported from plan.xlsx"}


def test_importing_again_reports_everything_unchanged(good_file, plan, capsys):
    manage("import_plan", str(good_file), "--borough=hammersmith-fulham", "--plan", plan.slug)
    capsys.readouterr()

    code = manage(
        "import_plan", str(good_file), "--borough=hammersmith-fulham", "--plan", plan.slug
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "Row 2: Unchanged." in out
    assert "Actions: 0 created, 0 updated, 2 unchanged." in out
    assert "Nothing to change: the plan already matches the file." in out


def test_a_dry_run_reports_and_writes_nothing(good_file, plan, capsys):
    code = manage(
        "import_plan",
        str(good_file),
        "--borough=hammersmith-fulham",
        f"--plan={plan.slug}",
        "--dry-run",
    )
    assert code == 0
    assert "Dry run: nothing was written." in capsys.readouterr().out
    assert not Action.objects.exists()


def test_row_errors_exit_1_and_write_nothing(bad_rows_file, plan, capsys):
    code = manage(
        "import_plan", str(bad_rows_file), "--borough=hammersmith-fulham", f"--plan={plan.slug}"
    )

    captured = capsys.readouterr()
    assert code == 1
    assert "Row 3: Error." in captured.out
    assert "    Error: The status “Purple” is not one the import knows." in captured.out
    assert "Rejected: 1 rows have errors. Nothing was written." in captured.err
    assert not Action.objects.exists()


def test_a_dry_run_with_row_errors_exits_1(bad_rows_file, plan, capsys):
    args = [str(bad_rows_file), "--borough=hammersmith-fulham", f"--plan={plan.slug}", "--dry-run"]
    assert manage("import_plan", *args) == 1
    assert "Dry run: 1 rows have errors. Nothing was written." in capsys.readouterr().err


def test_a_new_plan_is_created_from_the_file(good_file, borough, capsys):
    code = manage(
        "import_plan",
        str(good_file),
        "--borough=hammersmith-fulham",
        "--new-plan",
        "SEND plan 2025",
    )
    assert code == 0
    plan = Plan.objects.get(borough=borough)
    assert (plan.title, plan.slug) == ("SEND plan 2025", "send-plan-2025")
    assert plan.actions.count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["{file}", "--borough=nowhere", "--plan=x"],
            "There is no borough with the slug “nowhere”.",
        ),
        (
            ["{file}", "--borough=hammersmith-fulham", "--plan=nope"],
            "has no plan with the slug “nope”.",
        ),
        (["{file}", "--borough=hammersmith-fulham"], "Give either --plan SLUG or --new-plan TITLE"),
        (
            ["{file}", "--borough=hammersmith-fulham", "--plan={plan}", "--new-plan=X"],
            "Give either",
        ),
        (
            ["{missing}", "--borough=hammersmith-fulham", "--plan={plan}"],
            "No such file or directory",
        ),
        (
            ["{pdf}", "--borough=hammersmith-fulham", "--plan={plan}"],
            "fake.xlsx: This file is a PDF",
        ),
    ],
    ids=["borough", "plan", "neither", "both", "missing", "pdf"],
)
def test_unusable_arguments_or_an_unreadable_file_exit_2(
    args, message, good_file, plan, tmp_path, capsys
):
    pdf = tmp_path / "fake.xlsx"
    pdf.write_bytes(b"%PDF-1.4 not a spreadsheet")
    values = {"file": good_file, "plan": plan.slug, "missing": tmp_path / "no.xlsx", "pdf": pdf}
    code = manage("import_plan", *[a.format(**values) for a in args])
    assert code == 2
    assert message in capsys.readouterr().err
    assert not Action.objects.exists()


def test_export_plan_writes_the_file_and_refuses_an_unknown_plan(good_file, plan, tmp_path, capsys):
    manage("import_plan", str(good_file), "--borough=hammersmith-fulham", f"--plan={plan.slug}")
    out = tmp_path / "out.csv"
    args = [
        "--borough=hammersmith-fulham",
        f"--plan={plan.slug}",
        "--format=csv",
        f"--output={out}",
    ]
    assert manage("export_plan", *args) == 0
    assert "Publish the local offer" in out.read_text(encoding="utf-8-sig")
    assert (
        manage("export_plan", "--borough=hammersmith-fulham", "--plan=nope", f"--output={out}") == 2
    )
