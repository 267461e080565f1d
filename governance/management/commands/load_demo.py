"""python manage.py load_demo: the seed plans plus illustrative history and demo logins.

For a local demo database only: every demo login's password is "sendplan-demo".
"""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance import demo, seeds


class Command(BaseCommand):
    help = (
        "Load the seed plans, then add ILLUSTRATIVE quarterly ratings, measure values, board "
        f"meetings and demo logins (password {demo.DEMO_PASSWORD!r}). Local demo databases "
        "only: refuses to run unless DEBUG is on or --force is given. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Pretend today is this date (YYYY-MM-DD); the history covers the six "
            "complete quarters before it. Default: today.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off. Never on a production database.",
        )

    def handle(self, *args, today, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "load_demo creates logins whose password is published, so it runs only with "
                "DEBUG on, or with --force on a database that will never be production."
            )
        try:
            seed_reports, report = demo.load_demo(today=today or timezone.localdate())
        except seeds.SeedError as exc:
            raise CommandError(f"Seed files not loaded; nothing was changed.\n{exc}") from None
        for seed_report in seed_reports:
            self.stdout.write(seed_report.summary())
        self.stdout.write(report.summary())
        self.stdout.write(
            f"Demo logins (local demo only), password {demo.DEMO_PASSWORD!r}: "
            "<borough>-viewer, <borough>-editor, <borough>-admin, icb-viewer, icb-editor, admin."
        )
