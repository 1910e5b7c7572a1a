from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "tietovaranto.publishing"
    label = "publishing"
