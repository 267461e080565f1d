"""Make a cross-borough pack on the command line, without the worker or the web app.

    python manage.py cross_borough_pack --boroughs hackney,hammersmith-fulham \
        --period "2025/26 Q2" --output cross.pdf [--html cross.html]
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from boroughs.models import Borough
from reports.content import content_hash, unfinished_period_reason
from reports.cross_services import cross_pack_files
from sendplan.periods import ReportingPeriod


class Command(BaseCommand):
    help = "Generate the cross-borough pack for several boroughs as a PDF, as at the period end."

    def add_arguments(self, parser):
        parser.add_argument(
            "--boroughs", required=True, help="Comma-separated borough slugs, e.g. a,b."
        )
        parser.add_argument(
            "--period", required=True, help='The quarter: "2025/26 Q2" or "2025-26-Q2".'
        )
        parser.add_argument("--output", required=True, help="Where to write the PDF.")
        parser.add_argument("--html", help="Also write the HTML the PDF was made from.")

    def handle(self, *args, boroughs, period, output, html=None, **options):
        slugs = [slug.strip() for slug in boroughs.split(",") if slug.strip()]
        if not slugs:
            raise CommandError("Name at least one borough with --boroughs.")
        found = {b.slug: b for b in Borough.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise CommandError(f"No borough with the slug {', '.join(map(repr, missing))}.")
        try:
            the_period = ReportingPeriod.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        # Like board_pack: a quarter that has not ended is refused, exit code 2.
        reason = unfinished_period_reason(the_period, timezone.localdate())
        if reason:
            raise CommandError(reason, returncode=2)
        for path in [Path(output)] + ([Path(html)] if html else []):
            if not path.parent.is_dir():
                raise CommandError(f"The folder {str(path.parent)!r} does not exist.")

        content, text, pdf, _ = cross_pack_files(
            boroughs=[found[slug] for slug in slugs], period=the_period
        )
        Path(output).write_bytes(pdf)
        if html:
            Path(html).write_text(text, encoding="utf-8")
        self.stdout.write(
            f"Wrote {output} ({len(pdf):,} bytes): {', '.join(found[s].name for s in slugs)}, "
            f"{the_period.label}. Content SHA-256 {content_hash(content)}."
        )
