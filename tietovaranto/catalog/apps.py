from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "tietovaranto.catalog"
    label = "catalog"
    verbose_name = _("Catalog of information resources")
