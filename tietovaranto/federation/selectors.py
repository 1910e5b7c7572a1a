from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from tietovaranto.catalog.models import Organisation
from tietovaranto.federation.models import HarvestSource


def harvest_sources_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[HarvestSource] | None:
    """Every harvest with its last result, for the installation's administrators (superusers) only:
    harvests fill the whole installation, not one organisation. None for anyone else."""
    if not getattr(user, "is_superuser", False):
        return None
    return HarvestSource.objects.select_related("organisation").order_by("organisation__name", "url")


def requests_elsewhere(organisation: Organisation, resource_slugs: list[str] | None = None) -> str:
    """For a harvested organisation, the source installation's request form ("" for a local one)."""
    source = HarvestSource.objects.filter(organisation=organisation).select_related("organisation").first()
    if source is None:
        return ""
    if source.is_dcat:  # no request service at the source: its registry office's e-mail
        return f"mailto:{organisation.registry_email}" if organisation.registry_email else ""
    return source.request_url(resource_slugs[0] if resource_slugs and len(resource_slugs) == 1 else "")
