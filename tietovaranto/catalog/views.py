from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from tietovaranto.catalog.models import InformationResource, ItemKind
from tietovaranto.catalog.selectors import (
    FactResolver,
    ResourceFacts,
    areas_with_resources,
    organisation_get,
    organisation_last_changed,
    organisations_directory,
    organisations_public,
    resource_get_public,
)
from tietovaranto.publishing.exporters import DELIMITERS, EXPORTERS, export_stream
from tietovaranto.publishing.history import latest_publication
from tietovaranto.search.caching import cached_public_page

# The resource page keeps registers, data sets and systems apart, in this order.
ITEM_GROUPS = [
    (ItemKind.REGISTER, _("Registers")),
    (ItemKind.DATASET, _("Data sets")),
    (ItemKind.COLLECTION, _("Collections and sub-resources")),
    (ItemKind.SYSTEM, _("Information systems")),
]


def front_page(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_public()[:2])
    if len(organisations) == 1:
        return organisation_page(request, organisations[0].slug)
    directory = organisations_directory(
        kind=request.GET.get("kind", ""), region=request.GET.get("region", "")
    )
    return render(request, "catalog/front.html", {"directory": directory})


def organisation_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = organisation_get(slug=org_slug)
    return render(
        request,
        "catalog/organisation.html",
        {
            "organisation": organisation,
            "areas": areas_with_resources(organisation),
            "last_changed": organisation_last_changed(organisation),
            "latest_publication": latest_publication(organisation),
        },
    )


@cached_public_page
def resource_page(request: HttpRequest, org_slug: str, resource_slug: str) -> HttpResponse:
    resource = resource_get_public(org_slug=org_slug, resource_slug=resource_slug)
    facts = FactResolver([resource.organisation_id], [resource]).facts(resource)  # its facts only
    return render(request, "catalog/resource.html", _resource_context(resource, facts))


def _resource_context(resource: InformationResource, facts: ResourceFacts) -> dict[str, Any]:
    links = list(resource.resource_items.all())
    status, _text = facts.interface_summary()
    return {
        "organisation": resource.organisation,
        "resource": resource,
        "facts": facts,
        "interface_status": status,
        "item_groups": [
            (kind, label, [link.item for link in links if link.item.kind == kind])
            for kind, label in ITEM_GROUPS
        ],
    }


def description_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The whole description in one printable view, like the page cities publish today."""
    organisation = organisation_get(slug=org_slug)
    areas = areas_with_resources(organisation)
    resolver = FactResolver([organisation.pk])
    sections = [
        (area, [_resource_context(resource, resolver.facts(resource)) for resource in resources])
        for area, resources in areas
    ]
    return render(
        request,
        "catalog/description.html",
        {
            "organisation": organisation,
            "sections": sections,
            "last_changed": organisation_last_changed(organisation),
        },
    )


def organisation_export(request: HttpRequest, org_slug: str, format_name: str) -> HttpResponseBase:
    """A download, streamed. CSV takes ?delimiter=semicolon for Finnish spreadsheets."""
    if format_name not in EXPORTERS:
        raise Http404("Unknown format")
    delimiter = request.GET.get("delimiter", "comma")
    if delimiter not in DELIMITERS:
        return HttpResponseBadRequest(
            "delimiter: comma or semicolon", content_type="text/plain; charset=utf-8"
        )
    organisation = organisation_get(slug=org_slug)
    exporter = EXPORTERS[format_name]
    response = StreamingHttpResponse(
        export_stream(format_name, organisation, delimiter=delimiter), content_type=exporter.content_type
    )
    if exporter.download:
        suffix = "-fi" if delimiter == "semicolon" else ""
        filename = f"{organisation.slug}-tietovarannot{suffix}.{exporter.extension}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
