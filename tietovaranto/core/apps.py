from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tietovaranto.core"
    label = "core"
