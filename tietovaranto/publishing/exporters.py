"""Exporters keyed by format: json, csv, xlsx, dcat (Turtle), jsonld, rdf (RDF/XML).

Every exporter yields bytes: a download streams (StreamingHttpResponse) and the CLI writes chunks,
so a national catalog is never one string in memory. Resources are read in chunks of CHUNK with
only the facts those resources need, and the RDF formats are written one small graph per chunk
(bench/export_bench.py measures memory at 1,050 and 10,500 resources).
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.catalog.selectors import FactResolver, organisations_public, resources_public
from tietovaranto.publishing.schemas import ResourceOut, resource_out

if TYPE_CHECKING:  # rdflib is loaded by the RDF exports, not by every web worker
    from rdflib import Graph

CHUNK = 500
BOM = "\ufeff"  # Excel reads UTF-8 only with it ("viestintäpalvelut", not "viestintÃ¤palvelut")


def resource_chunks(organisation: Organisation | None = None) -> Iterator[list[InformationResource]]:
    """The resources in catalog order, CHUNK at a time.

    The order is read once as ids; each chunk is then loaded by id. (Slicing the ordered query with
    OFFSET would make the database sort every row, with all its columns, for every chunk: memory
    grew with the catalog.)
    """
    ids = list(resources_public(organisation).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        loaded = resources_public(organisation).filter(pk__in=part).in_bulk()
        yield [loaded[pk] for pk in part if pk in loaded]


def resources_out_streamed(organisation: Organisation | None = None) -> Iterator[ResourceOut]:
    for chunk in resource_chunks(organisation):
        resolver = FactResolver({r.organisation_id for r in chunk}, chunk)
        for resource in chunk:
            yield resource_out(resource, resolver.facts(resource), settings.SITE_URL)


def render_json(organisation: Organisation | None, **options: str) -> Iterator[bytes]:
    # the same encoder as the API, so both give equal values (timestamps in milliseconds)
    yield b"["
    first = True
    for out in resources_out_streamed(organisation):
        text = json.dumps(out.model_dump(), ensure_ascii=False, indent=2, cls=DjangoJSONEncoder)
        yield (("\n" if first else ",\n") + text).encode()
        first = False
    yield b"\n]\n"


# One row per item (register, data set, system, collection), the resource's columns repeated; a
# resource without items has one row with the item columns empty. The spreadsheet import reads
# these columns back (README: "Export columns").
CSV_COLUMNS = [
    "organisation",
    "organisation_slug",
    "area",
    "resource",
    "resource_slug",
    "language",
    "description",
    "search_criteria",
    "request_contacts",
    "request_contacts_stated_for",
    "decider_title",
    "decider_name",
    "decider_email",
    "decider_phone",
    "decider_authority",
    "interface_status",
    "interface_open",
    "interface_authorities",
    "interface_viewing",
    "interface_text",
    "item_kind",
    "item_name",
    "item_note",
    "url",
    "updated_at",
]


def table_rows(resource: ResourceOut) -> list[list[str]]:
    decider = resource.decider
    facts = {fact.aspect: fact.status for fact in resource.interface_facts}
    common = [
        resource.organisation,
        resource.organisation_slug,
        resource.area or "",
        resource.name,
        resource.slug,
        resource.language,
        resource.description,
        "; ".join(resource.search_criteria),
        "; ".join(f"{c.kind}: {c.value}" for c in resource.request_contacts),
        resource.request_contacts_stated_for or "",
        decider.title if decider else "",
        decider.name if decider else "",
        decider.email if decider else "",
        decider.phone if decider else "",
        decider.authority if decider else "",
        resource.interface.status,
        facts.get("open", ""),
        facts.get("authorities", ""),
        facts.get("viewing", ""),
        resource.interface.text,
    ]
    tail = [resource.url, resource.updated_at.isoformat()]
    if not resource.items:
        return [[*common, "", "", "", *tail]]
    return [[*common, item.kind, item.name, item.note, *tail] for item in resource.items]


def render_csv(organisation: Organisation | None, delimiter: str = ",", **options: str) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(CSV_COLUMNS)
    for count, resource in enumerate(resources_out_streamed(organisation), start=1):
        writer.writerows(table_rows(resource))
        if count % 100 == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def render_xlsx(organisation: Organisation | None, **options: str) -> Iterator[bytes]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)  # rows go to a temporary file, not memory
    sheet = workbook.create_sheet("tietovarannot")
    sheet.append(CSV_COLUMNS)
    for resource in resources_out_streamed(organisation):
        for row in table_rows(resource):
            sheet.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while block := file.read(64 * 1024):
            yield block


def catalog_graphs(organisation: Organisation | None) -> Iterator[Graph]:
    """The DCAT catalog as one small graph per chunk of resources.

    Each organisation's catalog triples come once, in its first graph; its dataset links come in
    every graph. Every RDF format is written from these, so memory stays flat as the catalog grows.
    """
    from tietovaranto.publishing.dcat import add_catalog, add_dataset, new_graph

    organisations = [organisation] if organisation else list(organisations_public())
    for org in organisations:
        written = False
        for chunk in resource_chunks(org):
            graph = new_graph()
            catalog = add_catalog(graph, org, settings.SITE_URL)
            if written:
                graph = new_graph()
            resolver = FactResolver([org.pk], chunk)
            for resource in chunk:
                add_dataset(graph, resource, resolver.facts(resource), settings.SITE_URL, catalog)
            written = True
            yield graph
        if not written:
            graph = new_graph()
            add_catalog(graph, org, settings.SITE_URL)
            yield graph


def render_turtle(organisation: Organisation | None, **options: str) -> Iterator[bytes]:
    """Turtle allows @prefix lines again further down, so each graph is written as it is."""
    for graph in catalog_graphs(organisation):
        yield graph.serialize(format="turtle").encode()


def _declared_namespaces() -> dict[str, str]:
    from tietovaranto.publishing.dcat import new_graph

    return {
        prefix: str(namespace) for prefix, namespace in new_graph().namespaces() if prefix and prefix != "xml"
    }


def render_jsonld(organisation: Organisation | None, **options: str) -> Iterator[bytes]:
    """One compact document: a shared @context and the nodes of every graph in one @graph."""
    from rdflib.plugins.serializers.jsonld import from_rdf as jsonld_from_rdf

    context = _declared_namespaces()
    yield ('{\n  "@context": ' + json.dumps(context, ensure_ascii=False) + ',\n  "@graph": [').encode()
    first = True
    for graph in catalog_graphs(organisation):
        document = jsonld_from_rdf(graph, context_data=context)
        nodes = document.get("@graph") or [{k: v for k, v in document.items() if k != "@context"}]
        for node in nodes:
            yield (("\n" if first else ",\n") + json.dumps(node, ensure_ascii=False)).encode()
            first = False
    yield b"\n  ]\n}\n"


RDF_XML_ROOT = re.compile(r"<rdf:RDF\n(.*?)\n>\n", re.DOTALL)
XMLNS = re.compile(r'xmlns:(\w+)="([^"]*)"')


def render_rdfxml(organisation: Organisation | None, **options: str) -> Iterator[bytes]:
    """One rdf:RDF element declaring every namespace the graphs bind, then each graph's descriptions."""
    declared = _declared_namespaces()
    yield b'<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n'
    yield "".join(
        f'   xmlns:{prefix}="{namespace}"\n' for prefix, namespace in sorted(declared.items())
    ).encode()
    yield b">\n"
    for graph in catalog_graphs(organisation):
        text = graph.serialize(format="xml")
        root = RDF_XML_ROOT.search(text)
        if root is None:
            raise RuntimeError("rdflib wrote RDF/XML without the rdf:RDF element this exporter expects")
        for prefix, namespace in XMLNS.findall(root.group(1)):
            if declared.get(prefix) != namespace:  # a vocabulary new_graph() does not bind
                raise RuntimeError(f"bind the namespace {namespace} in dcat.new_graph()")
        yield text[root.end() : text.rindex("</rdf:RDF>")].encode()
    yield b"</rdf:RDF>\n"


@dataclass(frozen=True)
class Exporter:
    content_type: str
    extension: str
    render: Callable[..., Iterator[bytes]]
    download: bool = False  # Content-Disposition: attachment


EXPORTERS: dict[str, Exporter] = {
    "json": Exporter("application/json; charset=utf-8", "json", render_json),
    "csv": Exporter("text/csv; charset=utf-8", "csv", render_csv, download=True),
    "xlsx": Exporter(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        render_xlsx,
        download=True,
    ),
    "dcat": Exporter("text/turtle; charset=utf-8", "ttl", render_turtle),
    "ttl": Exporter("text/turtle; charset=utf-8", "ttl", render_turtle),
    "jsonld": Exporter("application/ld+json", "jsonld", render_jsonld),
    "rdf": Exporter("application/rdf+xml", "rdf", render_rdfxml),
}
DELIMITERS = {"comma": ",", "semicolon": ";"}


def export_stream(
    format_name: str, organisation: Organisation | None = None, delimiter: str = "comma"
) -> Iterator[bytes]:
    """The export as chunks of bytes. `delimiter`: 'semicolon' for Finnish spreadsheets (CSV only)."""
    exporter = EXPORTERS[format_name]
    if format_name == "csv":
        return exporter.render(organisation, delimiter=DELIMITERS[delimiter])
    return exporter.render(organisation)


def export_catalog(format_name: str, organisation: Organisation | None = None) -> bytes:
    """The whole export at once (tests, small catalogs)."""
    return b"".join(export_stream(format_name, organisation))
