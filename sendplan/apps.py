from django.apps import AppConfig


class SendplanConfig(AppConfig):
    """The foundations every app stands on; ready() switches on the history guard."""

    name = "sendplan"

    def ready(self):
        from sendplan import history

        history.install_guard()
