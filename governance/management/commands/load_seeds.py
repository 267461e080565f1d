"""python manage.py load_seeds: load fixtures/boroughs.yaml and the seed plans."""

from django.core.management.base import BaseCommand, CommandError

from governance import seeds


class Command(BaseCommand):
    help = (
        "Create or update the boroughs and seed plans from fixtures/ (idempotent). "
        "Checks every file first and writes nothing if any is malformed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", help="Seed files to load (default: every fixtures/seeds/*.yaml)"
        )
        parser.add_argument(
            "--boroughs", default=str(seeds.BOROUGHS_FILE), help="The boroughs file to load first"
        )

    def handle(self, *args, files, boroughs, **options):
        try:
            reports = seeds.load_all(boroughs_file=boroughs, files=files or None)
        except seeds.SeedError as exc:
            raise CommandError(f"Seed files not loaded; nothing was changed.\n{exc}") from None
        for report in reports:
            self.stdout.write(report.summary())
