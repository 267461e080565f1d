from django.apps import AppConfig


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
