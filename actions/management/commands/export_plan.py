"""python manage.py export_plan --borough SLUG --plan SLUG --format xlsx|csv --output FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.models import Plan
from actions.spreadsheets.export import FORMATS, export_plan


class Command(BaseCommand):
    help = "Export a plan in the import template's layout (formula-safe)."

    def add_arguments(self, parser):
        parser.add_argument("--borough", required=True, help="The borough's slug")
        parser.add_argument("--plan", required=True, help="The plan's slug")
        parser.add_argument("--format", choices=sorted(FORMATS), default="xlsx")
        parser.add_argument("--output", required=True, help="The file to write")

    def handle(self, *args, borough, plan, format, output, **options):
        try:
            plan_obj = Plan.objects.select_related("borough").get(borough__slug=borough, slug=plan)
        except Plan.DoesNotExist:
            raise CommandError(
                f"There is no plan “{plan}” in the borough “{borough}”.", returncode=2
            ) from None
        data, _, _ = export_plan(plan_obj, format)
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.", returncode=2) from None
        self.stdout.write(f"Wrote {plan_obj.actions.count():,} actions to {output}.")
