"""python manage.py load_public_demo: publish the demo's public page and add its partner.

Run after load_demo. For a local demo database only, like load_demo.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.public.demo import PARTNER, load_public_demo


class Command(BaseCommand):
    help = "Publish Hillingdon's demo plan and add the demo co-production partner login."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force, **options):
        if not (settings.DEBUG or force):
            raise CommandError("load_public_demo is for local demo databases (DEBUG on).")
        plan = load_public_demo()
        if plan is None:
            raise CommandError("Load the demo first: manage.py load_demo")
        self.stdout.write(
            f"Public page: /public/{plan.borough.slug}/{plan.slug}/ ; partner login: {PARTNER}"
        )
