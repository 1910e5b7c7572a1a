"""Exporters keyed by format (after Datasette's renderers): json, csv, dcat (Turtle)."""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.catalog.selectors import organisations_public, resources_public
from tietovaranto.publishing.dcat import catalog_graph
from tietovaranto.publishing.schemas import ResourceOut, resources_out


@dataclass(frozen=True)
class Exporter:
    content_type: str
    extension: str
    render: Callable[[list[InformationResource], list[Organisation]], str]


def render_json(resources: list[InformationResource], organisations: list[Organisation]) -> str:
    # the same encoder as the API, so both give byte-equal values (timestamps in milliseconds)
    data = [r.model_dump() for r in resources_out(resources, settings.SITE_URL)]
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder) + "\n"


CSV_COLUMNS = [
    "organisation",
    "area",
    "name",
    "description",
    "registers",
    "datasets",
    "systems",
    "collections",
    "search_criteria",
    "request_contacts",
    "decider",
    "interface_status",
    "interface_text",
    "updated_at",
    "url",
]


def _csv_row(resource: ResourceOut) -> dict[str, str]:
    def items(kind: str) -> str:
        return "; ".join(
            f"{item.name} ({item.note})" if item.note else item.name
            for item in resource.items
            if item.kind == kind
        )

    decider = resource.decider
    return {
        "organisation": resource.organisation,
        "area": resource.area or "",
        "name": resource.name,
        "description": resource.description,
        "registers": items("register"),
        "datasets": items("dataset"),
        "systems": items("system"),
        "collections": items("collection"),
        "search_criteria": "; ".join(resource.search_criteria),
        "request_contacts": "; ".join(c.value for c in resource.request_contacts),
        "decider": ", ".join(p for p in (decider.title, decider.name, decider.email, decider.phone) if p)
        if decider
        else "",
        "interface_status": resource.interface.status,
        "interface_text": resource.interface.text,
        "updated_at": resource.updated_at.isoformat(),
        "url": resource.url,
    }


def render_csv(resources: list[InformationResource], organisations: list[Organisation]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for resource in resources_out(resources, settings.SITE_URL):
        writer.writerow(_csv_row(resource))
    return buffer.getvalue()


def render_dcat(resources: list[InformationResource], organisations: list[Organisation]) -> str:
    return catalog_graph(resources, organisations, settings.SITE_URL).serialize(format="turtle")


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter("application/json; charset=utf-8", "json", render_json),
    "csv": Exporter("text/csv; charset=utf-8", "csv", render_csv),
    "dcat": Exporter("text/turtle; charset=utf-8", "ttl", render_dcat),
}


def export_catalog(format_name: str, organisation: Organisation | None = None) -> str:
    exporter = EXPORTERS[format_name]
    resources = list(resources_public(organisation))
    organisations = [organisation] if organisation else list(organisations_public())
    return exporter.render(resources, organisations)
