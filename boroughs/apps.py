from django.apps import AppConfig


class BoroughsConfig(AppConfig):
    name = "boroughs"
    verbose_name = "Local areas and people"
