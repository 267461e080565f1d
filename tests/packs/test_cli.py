"""`manage.py board_pack` writes a pack to a file, or says clearly why it cannot."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.packs.conftest import SECTION_HEADINGS, pdf_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("period", ["2025/26 Q2", "2025-26-Q2"])
def test_the_command_writes_a_pdf_and_the_html_it_was_made_from(
    pack_world, tmp_path, period, capsys
):
    output, html = tmp_path / "pack.pdf", tmp_path / "pack.html"
    call_command(
        "board_pack",
        "--borough",
        "hammersmith-fulham",
        "--period",
        period,
        "--board",
        "send-partnership-board",
        "--output",
        str(output),
        "--html",
        str(html),
    )
    assert output.read_bytes().startswith(b"%PDF-")
    text = pdf_text(output.read_bytes(), tmp_path)
    for heading in SECTION_HEADINGS:
        assert heading in text
    assert '<html lang="en-GB">' in html.read_text()
    assert "Wrote" in capsys.readouterr().out


def test_a_borough_pack_needs_no_board(pack_world, tmp_path):
    output = tmp_path / "borough.pdf"
    call_command(
        "board_pack",
        "--borough",
        "hammersmith-fulham",
        "--period",
        "2025/26 Q1",
        "--output",
        str(output),
    )
    assert "Whole borough" in pdf_text(output.read_bytes(), tmp_path)


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--borough", "nowhere", "--period", "2025/26 Q2"], "No borough with the slug 'nowhere'"),
        (
            ["--borough", "hammersmith-fulham", "--board", "nope", "--period", "2025/26 Q2"],
            "No board with the slug 'nope' in Hammersmith & Fulham",
        ),
        (["--borough", "hammersmith-fulham", "--period", "2025 Q5"], "Not a reporting period"),
        (["--borough", "hammersmith-fulham", "--period", "2025/27 Q1"], "not consecutive"),
    ],
)
def test_bad_arguments_raise_a_clear_error_and_write_nothing(
    pack_world, tmp_path, arguments, message
):
    output = tmp_path / "pack.pdf"
    with pytest.raises(CommandError, match=message):
        call_command("board_pack", *arguments, "--output", str(output))
    assert not output.exists()


def test_from_the_shell_an_unknown_borough_exits_non_zero_with_the_reason(
    tmp_path, migrated_sqlite
):
    # A real process, so the exit code is the one a script or cron job would see.
    database = tmp_path / "cli.sqlite3"
    shutil.copy(migrated_sqlite, database)
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "sendplan.settings",
    }
    python = sys.executable
    result = subprocess.run(
        [
            python,
            "manage.py",
            "board_pack",
            "--borough",
            "atlantis",
            "--period",
            "2025/26 Q2",
            "--output",
            str(tmp_path / "x.pdf"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "CommandError: No borough with the slug 'atlantis'." in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_the_cross_borough_command_writes_a_pdf_of_each_borough(
    pack_world, other_borough, tmp_path, capsys
):
    output, html = tmp_path / "cross.pdf", tmp_path / "cross.html"
    call_command(
        "cross_borough_pack",
        "--boroughs",
        f"hammersmith-fulham,{other_borough.slug}",
        "--period",
        "2025/26 Q2",
        "--output",
        str(output),
        "--html",
        str(html),
    )
    text = " ".join(pdf_text(output.read_bytes(), tmp_path).split())
    assert "Cross-borough pack: 2025/26 Q2" in text
    assert "Hammersmith & Fulham" in text and other_borough.name in text
    assert "Draft" not in text  # neither borough has a round still open
    assert "<main>" in html.read_text()
    assert "Wrote" in capsys.readouterr().out


def test_the_cross_borough_command_refuses_an_unknown_borough(borough, tmp_path):
    output = tmp_path / "cross.pdf"
    with pytest.raises(CommandError, match="No borough with the slug 'atlantis'"):
        call_command(
            "cross_borough_pack",
            "--boroughs",
            "hammersmith-fulham,atlantis",
            "--period",
            "2025/26 Q2",
            "--output",
            str(output),
        )
    assert not output.exists()
