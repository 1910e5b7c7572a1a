from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "tietovaranto.importer"
    label = "importer"
