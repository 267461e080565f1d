import sys

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig

# One-off commands that use neither the admin nor the URLconf (they skip the system
# checks too): `manage.py board_pack`, `manage.py import_plan`.
COMMANDS_WITHOUT_ADMIN = {"board_pack", "import_plan"}


class AdminConfig(DjangoAdminConfig):
    """Django's admin, less its autodiscovery in the one-off commands above.

    Discovering the admin modules imports django-import-export's admin, which loads
    tablib's formats and openpyxl: about a third of a second of a command's start-up
    (bench/startup_bench.py). Every other process (the web app, the worker, tests, the
    other commands) discovers them as before.
    """

    def ready(self):
        if sys.argv[1:2] and sys.argv[1] in COMMANDS_WITHOUT_ADMIN:
            from django.contrib.admin.apps import SimpleAdminConfig

            SimpleAdminConfig.ready(self)
            return
        super().ready()


class SendplanConfig(AppConfig):
    """The foundations every app stands on; ready() switches on the history guard and the
    single-line rule (sendplan/text.py)."""

    name = "sendplan"

    def ready(self):
        from django.apps import apps

        from sendplan import history, text

        history.install_guard()
        # One line is one line: every CharField of the project's models refuses control
        # characters. Model forms, the admin and django-import-export validate through it.
        project = [c for c in apps.get_app_configs() if c.label in text.PROJECT_APPS]
        text.install_single_line_validators(project)
