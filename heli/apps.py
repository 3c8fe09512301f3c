from django.apps import AppConfig


class HeliConfig(AppConfig):
    name = "heli"
    verbose_name = "heli"
