"""Make one board pack on the command line, without the worker or the web app.

    python manage.py board_pack --borough hammersmith-fulham --period "2025/26 Q2" \
        --output pack.pdf [--board send-partnership-board] [--html pack.html]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from boroughs.models import Borough
from governance.models import Board
from reports.content import unfinished_period_reason
from sendplan.periods import ReportingPeriod


class Command(BaseCommand):
    help = "Generate a quarterly board pack as a PDF (and optionally HTML), as at the period end."
    # Start-up is most of a small pack's time (bench/startup_bench.py). The system checks
    # import every URLconf and view; they run at deploy and in bin/test, not per pack.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--borough", required=True, help="The borough's slug.")
        parser.add_argument(
            "--period", required=True, help='The quarter: "2025/26 Q2" or "2025-26-Q2".'
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--board", help="The board's slug; leave out for a borough pack.")
        parser.add_argument("--html", help="Also write the HTML the PDF was made from.")

    def handle(self, *args, borough, period, output, board=None, html=None, **options):
        try:
            the_borough = Borough.objects.get(slug=borough)
        except Borough.DoesNotExist:
            raise CommandError(f"No borough with the slug {borough!r}.") from None
        the_board = None
        if board:
            try:
                the_board = Board.objects.get(borough=the_borough, slug=board)
            except Board.DoesNotExist:
                raise CommandError(
                    f"No board with the slug {board!r} in {the_borough.name}."
                ) from None
        try:
            the_period = ReportingPeriod.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        # A quarter that has not ended has nothing final to report: refuse, exit code 2.
        reason = unfinished_period_reason(the_period, timezone.localdate())
        if reason:
            raise CommandError(reason, returncode=2)
        outputs = [Path(output)] + ([Path(html)] if html else [])
        for path in outputs:
            if not path.parent.is_dir():
                raise CommandError(f"The folder {str(path.parent)!r} does not exist.")

        # WeasyPrint (about 0.6 s to import) only once the arguments are known to be good.
        from reports.generation import generate_pack_files

        files = generate_pack_files(borough=the_borough, period=the_period, board=the_board)
        Path(output).write_bytes(files.pdf)
        if html:
            Path(html).write_text(files.html, encoding="utf-8")
        self.stdout.write(
            f"Wrote {output} ({len(files.pdf):,} bytes): {the_borough.name}, "
            f"{the_board.name if the_board else 'whole borough'}, {the_period.label}, "
            f"as at {the_period.end:%d %B %Y}. Content SHA-256 {files.content_sha256}."
        )
