"""python manage.py import_plan FILE --borough SLUG [--plan SLUG | --new-plan TITLE]
[--dry-run] [--clear-blanks] [--reported-as-at YYYY-MM-DD] [--layout NAME|FILE.json]

--layout takes the borough's saved layout by name (the browser's grid step saves one
per plan, and a plan's own layout is used without the flag) or a JSON file holding
one (docs/importing.md). --dry-run also prints what the browser would ask.

Prints what happens to each row and a closing summary. Exit codes: 0 applied (or a
dry run without errors), 1 rejected because of row errors (nothing written),
2 unusable arguments or an unreadable file.
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from actions.models import ImportLayout, Plan
from actions.spreadsheets.reader import max_bytes
from actions.spreadsheets.report import row_lines, summary_lines
from actions.spreadsheets.services import (
    ImportRejected,
    NoTable,
    UnreadableFile,
    import_plan,
    preview_import,
)
from boroughs.models import Borough


def _unusable(message):
    return CommandError(message, returncode=2)


def _layout(given, borough):
    """The layout --layout names: a JSON file, or the borough's saved layout by name."""
    if not given:
        return None
    path = Path(given)
    if path.suffix.lower() == ".json" or path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8")[:100_000])
        except (OSError, ValueError) as error:
            raise _unusable(f"Cannot read the layout {given}: {error}.") from None
    saved = ImportLayout.objects.filter(borough=borough, name=given).first()
    if saved is None:
        raise _unusable(f"{borough} has no saved layout named “{given}”.")
    return saved.layout


def questions(result):
    """What the browser's preview would ask the admin about this file."""
    asked = [f"Column “{h}”: which field it is, or ignore it." for _, h in result.unknown_columns]
    asked += [f"Status word “{w}”: which rating it means." for w in result.unknown_words.values()]
    if result.skipped_sheets:
        names = ", ".join(f"“{n}”" for n in result.skipped_sheets)
        asked.append(f"Sheets {names}: read them, and where their table is.")
    if not asked:
        return ["The browser would ask nothing: the file imports as it is."]
    return ["The browser would ask:", *(f"  {q}" for q in asked)]


class Command(BaseCommand):
    help = "Import an action plan from an .xlsx, .ods or .csv file, all or nothing."
    # Start-up (bench/startup_bench.py): the system checks import every URLconf and view;
    # they run at deploy and in bin/test, not on each import.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The spreadsheet to import")
        parser.add_argument("--borough", required=True, help="The borough's slug")
        parser.add_argument("--plan", help="The slug of the plan to import into")
        parser.add_argument("--new-plan", metavar="TITLE", help="Create a new plan with this title")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing"
        )
        parser.add_argument(
            "--clear-blanks",
            action="store_true",
            help="A blank cell clears what the plan holds (by default it is left alone)",
        )

        parser.add_argument(
            "--reported-as-at",
            metavar="YYYY-MM-DD",
            help=(
                "The day the file reports on: ratings with no date and progress columns "
                "with no year are dated then (default: the end of the last finished quarter)"
            ),
        )

        parser.add_argument(
            "--layout",
            metavar="NAME|FILE",
            help="A saved layout's name, or a JSON file with a layout (see docs/importing.md)",
        )

    def handle(self, *args, file, borough, plan, new_plan, dry_run, clear_blanks, **options):
        as_at = _as_at(options.get("reported_as_at"))
        borough_obj, plan_obj = _borough_and_plan(borough, plan, new_plan)
        path, data = Path(file), _read(file)
        arguments = {
            "layout": _layout(options.get("layout"), borough_obj),
            "data": data,
            "filename": path.name,
            "borough": borough_obj,
            "plan": plan_obj,
            "new_plan_title": new_plan,
            "clear_blanks": clear_blanks,
            "reported_as_at": as_at,
        }
        result, plan_obj = self._run(arguments, dry_run=dry_run)
        self._report(result)
        if dry_run:
            for line in questions(result):
                self.stdout.write(line)
            if not result.ok:
                raise CommandError(
                    f"Dry run: {len(result.errors):,} rows have errors. Nothing was written."
                )
            self.stdout.write("Dry run: nothing was written.")
        elif result.has_changes:
            self.stdout.write(self.style.SUCCESS(f"Imported into “{plan_obj}” ({plan_obj.slug})."))
        else:
            self.stdout.write("Nothing to change: the plan already matches the file.")

    def _run(self, arguments, *, dry_run):
        """(result, plan): the preview on a dry run, else the import; refusals as CommandError."""
        name = arguments["filename"]
        try:
            if dry_run:
                return preview_import(**arguments), arguments["plan"]
            return import_plan(**arguments)
        except NoTable as error:
            if dry_run:
                self.stdout.write("The browser would ask: which row is the header, and which")
                self.stdout.write("column holds the actions (give them with --layout).")
            raise _unusable(f"{name}: {error.message}") from None
        except UnreadableFile as error:
            raise _unusable(f"{name}: {error.message}") from None
        except ImportRejected as rejected:
            self._report(rejected.result)
            raise CommandError(
                f"Rejected: {len(rejected.result.errors):,} rows have errors. Nothing was written."
            ) from None

    def _report(self, result):
        for line in row_lines(result):
            self.stdout.write(line)
        self.stdout.write("")
        for line in summary_lines(result):
            self.stdout.write(line)


def _as_at(text):
    """--reported-as-at as a date, or None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise _unusable(f"--reported-as-at “{text}” is not a date like 2026-03-31.") from None


def _borough_and_plan(borough, plan, new_plan):
    """(Borough, Plan or None) named by the options; CommandError if either is not there."""
    if bool(plan) == bool(new_plan):
        raise _unusable("Give either --plan SLUG or --new-plan TITLE (one of them).")
    try:
        borough_obj = Borough.objects.get(slug=borough)
    except Borough.DoesNotExist:
        raise _unusable(f"There is no borough with the slug “{borough}”.") from None
    if not plan:
        if len(new_plan) > Plan._meta.get_field("title").max_length:
            raise _unusable("The new plan's title is longer than 300 characters.")
        return borough_obj, None
    try:
        return borough_obj, Plan.objects.get(borough=borough_obj, slug=plan)
    except Plan.DoesNotExist:
        raise _unusable(f"{borough_obj} has no plan with the slug “{plan}”.") from None


def _read(file):
    """The file's bytes; the size from stat first, so one over the limit is never read."""
    path = Path(file)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise _unusable(f"{file} is not a file.")
        if size > max_bytes():
            raise _unusable(
                f"{file} is {filesizeformat(size)}, larger than the "
                f"{filesizeformat(max_bytes())} an import reads (IMPORT_MAX_BYTES)."
            )
        with path.open("rb") as stream:
            return stream.read(max_bytes() + 1)
    except OSError as error:
        raise _unusable(f"Cannot read {file}: {error.strerror or error}.") from None
