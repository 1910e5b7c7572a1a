from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from tietovaranto.federation.models import HarvestSource


def harvest_sources_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[HarvestSource] | None:
    """Every harvest with its last result, for the installation's administrators (superusers) only:
    harvests fill the whole installation, not one organisation. None for anyone else."""
    if not getattr(user, "is_superuser", False):
        return None
    return HarvestSource.objects.select_related("organisation").order_by("organisation__name", "url")
