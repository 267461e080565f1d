from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = "Plans and actions"

    def ready(self):
        from actions.selectors import kept_row_name
        from sendplan import errors

        # A kept or refused bulk form names its rows by action reference.
        if kept_row_name not in errors.PREFIX_NAMERS:
            errors.PREFIX_NAMERS.append(kept_row_name)
