from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforequestsConfig(AppConfig):
    name = "tietovaranto.inforequests"
    verbose_name = _("Information requests")

    def ready(self) -> None:
        from tietovaranto.inforequests import pdf_checks  # noqa: F401  (registers the PDF font check)
