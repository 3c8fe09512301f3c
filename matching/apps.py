from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "Matching and allocation"
    default_auto_field = "django.db.models.BigAutoField"
