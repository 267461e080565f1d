from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    name = "boroughs"
    verbose_name = "Local areas and people"

    def ready(self):
        # Connects the sign-in receiver that starts the inactivity clock.
        from boroughs import security  # noqa: F401
