"""python manage.py load_indicators: load the DfE's national SEND indicators (LAIT)."""

from django.core.management.base import BaseCommand, CommandError

from boroughs.indicator_loader import DIRECTORY, IndicatorFileError, indicators_load


class Command(BaseCommand):
    help = (
        "Create or update the national SEND indicators from the DfE's LAIT extract "
        "(fixtures/lait-send/ by default). Idempotent; re-run it when a newer extract arrives. "
        "Writes nothing if a file cannot be read."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(DIRECTORY),
            help="The folder holding indicators.csv and values.csv",
        )

    def handle(self, *args, directory, **options):
        try:
            report = indicators_load(directory=directory)
        except IndicatorFileError as exc:
            raise CommandError(f"Indicators not loaded; nothing was changed.\n{exc}") from None
        self.stdout.write(report.summary())
