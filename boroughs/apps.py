from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    name = "boroughs"
    verbose_name = "Local areas and people"

    def ready(self):
        # security: the sign-in receiver that starts the inactivity clock.
        # accounts: refuses to delete a user with audited history (deactivated instead).
        # areas: notes at sign-in whether the user is a service admin (the nav's link).
        from boroughs import accounts, areas, security  # noqa: F401
