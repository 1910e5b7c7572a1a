"""Read API of the catalog.

Two generations of list endpoints live side by side in /api/v1, because fields and paths are only
added within v1: `/organisations` and `/resources` answer bare lists (as they always did), and
`/catalog/...` answers pages: `{"total", "limit", "offset", "next", "previous", "results"}`.
Every GET also answers HEAD, carries an ETag and a Last-Modified, and answers 304 to a matching
If-None-Match / If-Modified-Since (see core.middleware.ApiConditionalGetMiddleware).
"""

import re
from datetime import UTC, datetime
from typing import Literal

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import http_date, urlencode
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field, field_validator

from tietovaranto.catalog.models import InformationResource, Item, Organisation, ServiceArea
from tietovaranto.catalog.selectors import (
    areas_public,
    catalog_last_modified,
    changed_since,
    interface_status_by_resource,
    organisation_get,
    organisations_public,
    resource_get_public,
    resources_public,
    systems_public,
)
from tietovaranto.core.problems import DATE_MESSAGE, ProblemOut
from tietovaranto.publishing.schemas import ResourceOut, resources_out
from tietovaranto.search.caching import cached_public_json

router = Router(tags=["catalog"])

GET_HEAD = ["GET", "HEAD"]
MAX_ID = 2**63 - 1  # ids are 64-bit: a larger one can match nothing, and must not reach the database
MAX_OFFSET = 1_000_000_000
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
NOT_FOUND_OR_INVALID: dict[int, type[ProblemOut] | None] = {304: None, 404: ProblemOut, 422: ProblemOut}


class OrganisationOut(Schema):
    name: str
    slug: str
    name_sv: str
    name_en: str
    registry_email: str
    resources_url: str


class OrganisationDetailOut(Schema):
    name: str
    name_sv: str
    name_en: str
    slug: str
    business_id: str
    website: str
    registry_email: str
    registry_postal_address: str
    registry_phone: str
    url: str = Field(description="the public page")
    api_url: str
    resources_url: str = Field(description="its resources, paged")
    areas_url: str
    systems_url: str
    updated_at: datetime


class AreaOut(Schema):
    id: int
    name: str
    name_sv: str
    name_en: str
    slug: str
    organisation: str
    organisation_slug: str
    description: str
    resources_url: str


class ResourceRefOut(Schema):
    name: str
    slug: str
    url: str
    api_url: str


class SystemOut(Schema):
    id: int
    name: str
    name_sv: str
    name_en: str
    note: str
    organisation: str
    organisation_slug: str
    resources: list[ResourceRefOut] = Field(description="the resources this system serves")
    updated_at: datetime


class PageOut(Schema):
    total: int = Field(description="how many match, on every page")
    limit: int
    offset: int
    next: str | None = Field(description="address of the next page, or null on the last")
    previous: str | None = Field(description="address of the previous page, or null on the first")


class OrganisationPage(PageOut):
    results: list[OrganisationDetailOut]


class AreaPage(PageOut):
    results: list[AreaOut]


class ResourcePage(PageOut):
    results: list[ResourceOut]


class SystemPage(PageOut):
    results: list[SystemOut]


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=500, description="page size")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="how many to skip")


class OrganisationFilter(PageParams):
    organisation: str | None = Field(None, max_length=200, description="organisation slug")


class ResourceFilter(OrganisationFilter):
    area: int | None = Field(None, ge=1, le=MAX_ID, description="service area id (see /catalog/areas)")
    interface: Literal["yes", "no", "unknown"] | None = Field(
        None, description="interface availability summary, as `interface.status`"
    )
    updated_since: datetime | None = Field(
        None,
        description="only resources whose description (own or inherited facts) changed at or after "
        "this time, ISO 8601; a date without a zone is Helsinki time",
    )

    @field_validator("updated_since", mode="before")
    @classmethod
    def _iso_8601(cls, value: object) -> object:
        # pydantic would also take a Unix timestamp ("0.5"); the schema promises ISO 8601 only
        if isinstance(value, str) and not ISO_DATE.match(value):
            raise ValueError(DATE_MESSAGE())
        return value

    @field_validator("updated_since")
    @classmethod
    def _clamped(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        # far dates overflow when moved to UTC; nothing in the catalog is that old or new
        if value.year < 1900:
            return datetime(1900, 1, 1, tzinfo=UTC)
        if value.year > 9000:
            return datetime(9000, 1, 1, tzinfo=UTC)
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        # as UTC: PostgreSQL refuses offsets beyond ±15:59 that ISO 8601 and Python allow (-17:43)
        return aware.astimezone(UTC)


class LegacyResourceFilter(ResourceFilter):
    limit: int | None = Field(None, ge=1, le=MAX_OFFSET, description="at most this many (default: all)")  # type: ignore[assignment]


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _page_links(request: HttpRequest, total: int, limit: int, offset: int) -> tuple[str | None, str | None]:
    params = {str(k): str(v) for k, v in request.GET.items() if k not in ("limit", "offset")}

    def link(new_offset: int) -> str:
        return (
            f"{_site()}{request.path}?{urlencode({**params, 'limit': str(limit), 'offset': str(new_offset)})}"
        )

    next_link = link(offset + limit) if offset + limit < total else None
    previous_link = link(max(offset - limit, 0)) if offset > 0 else None
    return next_link, previous_link


def _page(request: HttpRequest, total: int, params: PageParams) -> dict[str, object]:
    next_link, previous_link = _page_links(request, total, params.limit, params.offset)
    return {
        "total": total,
        "limit": params.limit,
        "offset": params.offset,
        "next": next_link,
        "previous": previous_link,
    }


def _organisation(slug: str | None) -> Organisation | None:
    return organisation_get(slug=slug) if slug else None


def _last_modified(response: HttpResponse, organisation: Organisation | None = None) -> None:
    changed = catalog_last_modified(organisation)
    if changed is not None:
        response["Last-Modified"] = http_date(changed.timestamp())


def _filtered_resources(filters: ResourceFilter) -> tuple[QuerySet[InformationResource], Organisation | None]:
    organisation = _organisation(filters.organisation)
    queryset = resources_public(organisation)
    if filters.area is not None:
        queryset = queryset.filter(area_id=filters.area)
    if filters.updated_since is not None:
        queryset = queryset.filter(changed_since(filters.updated_since))
    if filters.interface is not None:
        statuses = interface_status_by_resource(queryset)
        queryset = queryset.filter(
            pk__in=[pk for pk, status in statuses.items() if status == filters.interface]
        )
    return queryset, organisation


def _organisation_detail(organisation: Organisation) -> OrganisationDetailOut:
    api = f"{_site()}/api/v1"
    return OrganisationDetailOut(
        name=organisation.name,
        name_sv=organisation.name_sv,
        name_en=organisation.name_en,
        slug=organisation.slug,
        business_id=organisation.business_id,
        website=organisation.website,
        registry_email=organisation.registry_email,
        registry_postal_address=organisation.registry_postal_address,
        registry_phone=organisation.registry_phone,
        url=_site() + organisation.get_absolute_url(),
        api_url=f"{api}/catalog/organisations/{organisation.slug}",
        resources_url=f"{api}/catalog/resources?organisation={organisation.slug}",
        areas_url=f"{api}/catalog/areas?organisation={organisation.slug}",
        systems_url=f"{api}/catalog/systems?organisation={organisation.slug}",
        updated_at=organisation.updated_at,
    )


def _area_out(area: ServiceArea) -> AreaOut:
    return AreaOut(
        id=area.pk,
        name=area.name,
        name_sv=area.name_sv,
        name_en=area.name_en,
        slug=area.slug,
        organisation=area.organisation.name,
        organisation_slug=area.organisation.slug,
        description=area.description,
        resources_url=f"{_site()}/api/v1/catalog/resources?organisation={area.organisation.slug}&area={area.pk}",
    )


def _system_out(item: Item) -> SystemOut:
    org_slug = item.organisation.slug
    return SystemOut(
        id=item.pk,
        name=item.name,
        name_sv=item.name_sv,
        name_en=item.name_en,
        note=item.note,
        organisation=item.organisation.name,
        organisation_slug=org_slug,
        resources=[
            ResourceRefOut(
                name=str(link.resource),
                slug=link.resource.slug,
                url=f"{_site()}/{org_slug}/resources/{link.resource.slug}/",
                api_url=f"{_site()}/api/v1/resources/{org_slug}/{link.resource.slug}",
            )
            for link in item.resource_items.all()
        ],
        updated_at=item.updated_at,
    )


# --- v1 bare lists (kept as they were; fields and filters only added) ---------------------------


@router.api_operation(
    GET_HEAD,
    "/organisations",
    response={200: list[OrganisationOut], 304: None},
    summary="Organisations in the catalog (bare list)",
)
def organisation_list(request: HttpRequest, response: HttpResponse) -> list[OrganisationOut]:
    """Every organisation. `/catalog/organisations` gives the same, paged and with more fields."""
    _last_modified(response)
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


@router.api_operation(
    GET_HEAD,
    "/resources",
    response={200: list[ResourceOut], **NOT_FOUND_OR_INVALID},
    summary="Information resources (tietovarannot, bare list)",
)
def resource_list(
    request: HttpRequest, response: HttpResponse, filters: Query[LegacyResourceFilter]
) -> list[ResourceOut]:
    """Every information resource, optionally filtered, with limit/offset paging.

    The total is in the `X-Total-Count` header; `/catalog/resources` answers a page with the total,
    next and previous links in the body.
    """
    queryset, organisation = _filtered_resources(filters)
    response["X-Total-Count"] = str(queryset.count())
    _last_modified(response, organisation)
    end = None if filters.limit is None else filters.offset + filters.limit
    return resources_out(queryset[filters.offset : end], settings.SITE_URL)


@router.api_operation(
    GET_HEAD,
    "/resources/{org_slug}/{resource_slug}",
    response={200: ResourceOut, **NOT_FOUND_OR_INVALID},
    summary="One information resource",
)
@decorate_view(cached_public_json)
def resource_detail(
    request: HttpRequest, response: HttpResponse, org_slug: str, resource_slug: str
) -> ResourceOut:
    resource = resource_get_public(org_slug=org_slug, resource_slug=resource_slug)
    _last_modified(response, resource.organisation)
    return resources_out([resource], settings.SITE_URL)[0]


# --- paged reads ---------------------------------------------------------------------------------


@router.api_operation(
    GET_HEAD,
    "/catalog/organisations",
    response={200: OrganisationPage, 304: None, 422: ProblemOut},
    summary="Organisations, paged",
)
def catalog_organisations(
    request: HttpRequest, response: HttpResponse, params: Query[PageParams]
) -> dict[str, object]:
    queryset = organisations_public()
    _last_modified(response)
    page = queryset[params.offset : params.offset + params.limit]
    return {**_page(request, queryset.count(), params), "results": [_organisation_detail(o) for o in page]}


@router.api_operation(
    GET_HEAD,
    "/catalog/organisations/{org_slug}",
    response={200: OrganisationDetailOut, **NOT_FOUND_OR_INVALID},
    summary="One organisation",
)
def catalog_organisation(
    request: HttpRequest, response: HttpResponse, org_slug: str
) -> OrganisationDetailOut:
    organisation = organisation_get(slug=org_slug)
    _last_modified(response, organisation)
    return _organisation_detail(organisation)


@router.api_operation(
    GET_HEAD,
    "/catalog/areas",
    response={200: AreaPage, **NOT_FOUND_OR_INVALID},
    summary="Service areas (palvelualueet), paged",
)
def catalog_areas(
    request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilter]
) -> dict[str, object]:
    organisation = _organisation(filters.organisation)
    queryset = areas_public(organisation)
    _last_modified(response, organisation)
    page = queryset[filters.offset : filters.offset + filters.limit]
    return {**_page(request, queryset.count(), filters), "results": [_area_out(a) for a in page]}


@router.api_operation(
    GET_HEAD,
    "/catalog/resources",
    response={200: ResourcePage, **NOT_FOUND_OR_INVALID},
    summary="Information resources, paged and filtered",
)
def catalog_resources(
    request: HttpRequest, response: HttpResponse, filters: Query[ResourceFilter]
) -> dict[str, object]:
    """Filters combine: organisation, area, interface status, and changes since a time (for harvesters)."""
    queryset, organisation = _filtered_resources(filters)
    _last_modified(response, organisation)
    page = queryset[filters.offset : filters.offset + filters.limit]
    return {**_page(request, queryset.count(), filters), "results": resources_out(page, settings.SITE_URL)}


@router.api_operation(
    GET_HEAD,
    "/catalog/systems",
    response={200: SystemPage, **NOT_FOUND_OR_INVALID},
    summary="Information systems (tietojärjestelmät) with the resources they serve, paged",
)
def catalog_systems(
    request: HttpRequest, response: HttpResponse, filters: Query[OrganisationFilter]
) -> dict[str, object]:
    organisation = _organisation(filters.organisation)
    queryset = systems_public(organisation)
    _last_modified(response, organisation)
    page = queryset[filters.offset : filters.offset + filters.limit]
    return {**_page(request, queryset.count(), filters), "results": [_system_out(i) for i in page]}
