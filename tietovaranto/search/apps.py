from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "tietovaranto.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from tietovaranto.search import signals

        signals.connect()
