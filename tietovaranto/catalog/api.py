from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

from tietovaranto.catalog.selectors import (
    organisation_get,
    organisations_public,
    resource_get_public,
    resources_public,
)
from tietovaranto.publishing.schemas import ResourceOut, resources_out

router = Router(tags=["catalog"])


class OrganisationOut(Schema):
    name: str
    slug: str
    name_sv: str
    name_en: str
    registry_email: str
    resources_url: str


@router.get("/organisations", response=list[OrganisationOut], summary="Organisations in the catalog")
def organisation_list(request: HttpRequest) -> list[OrganisationOut]:
    return [
        OrganisationOut(
            name=o.name,
            slug=o.slug,
            name_sv=o.name_sv,
            name_en=o.name_en,
            registry_email=o.registry_email,
            resources_url=f"/api/v1/resources?organisation={o.slug}",
        )
        for o in organisations_public()
    ]


@router.get("/resources", response=list[ResourceOut], summary="Information resources (tietovarannot)")
def resource_list(
    request: HttpRequest, organisation: str | None = None, limit: int | None = None, offset: int = 0
) -> list[ResourceOut]:
    """Every information resource, optionally of one organisation (its slug), with limit/offset paging."""
    org = organisation_get(slug=organisation) if organisation else None
    queryset = resources_public(org)
    resources = queryset[offset : offset + limit] if limit is not None else queryset[offset:]
    return resources_out(resources, settings.SITE_URL)


@router.get("/resources/{org_slug}/{resource_slug}", response=ResourceOut, summary="One information resource")
def resource_detail(request: HttpRequest, org_slug: str, resource_slug: str) -> ResourceOut:
    resource = resource_get_public(org_slug=org_slug, resource_slug=resource_slug)
    return resources_out([resource], settings.SITE_URL)[0]
