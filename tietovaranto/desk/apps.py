from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "tietovaranto.desk"
    label = "desk"
