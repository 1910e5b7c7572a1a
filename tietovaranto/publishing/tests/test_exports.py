"""JSON API, OpenAPI, CLI export, CSV and DCAT-AP (validated with the published SHACL shapes)."""

import csv
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH

from tietovaranto.catalog.models import InformationResource, InterfaceStatement, Organisation, RequestContact
from tietovaranto.publishing.dcat import VCARD, is_personal_criterion
from tietovaranto.publishing.exporters import CSV_COLUMNS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def _shapes_dir() -> Path:
    """The DCAT-AP shapes in the project's shared/ folder: beside the clone (CI, /work/main) or,
    for a worktree further down, beside one of its parents. They are not copied into the repo."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "standards" / "dcat-ap-3.0.1"
        if candidate.exists():
            return candidate
    return ROOT.parent / "shared" / "standards" / "dcat-ap-3.0.1"


SHAPES = _shapes_dir()


def test_api_lists_every_resource_with_the_documented_fields(
    client: Client, demo_catalog: Organisation
) -> None:
    data = client.get("/api/v1/resources").json()
    assert len(data) == 6
    customers = next(r for r in data if r["name"] == "Asiakastietovaranto")
    assert customers["organisation"] == "Kaarinan kaupunki"
    assert customers["area"] == "Kanslia- ja viestintäpalvelut"
    assert customers["description"].startswith("Asiakastietovaranto sisältää")
    assert {"name": "Kaupunginarkiston asiakasrekisteri", "kind": "register", "note": "excel"} in customers[
        "items"
    ]
    assert customers["search_criteria"] == ["nimi", "hetu", "tehtävä", "tapahtuma", "päivämäärä"]
    assert customers["request_contacts"] == [
        {"kind": "email", "value": "kirjaamo@kaarina.fi"},
        {"kind": "postal", "value": "PL 12, 20781 Kaarina"},
        {"kind": "phone", "value": "050 302 6151"},
    ]
    assert customers["decider"] == {
        "title": "Hallintojohtaja",
        "name": "Päivi Antola",
        "email": "paivi.antola@kaarina.fi",
        "phone": "02 588 4105, 050 541 5160",
        "authority": "",
    }
    assert customers["interface"] == {
        "status": "yes",
        "text": "Tietoja on mahdollista luovuttaa sidonnaisuusrekisteristä.",
    }
    assert customers["updated_at"]
    statuses = {r["name"]: r["interface"]["status"] for r in data}
    assert statuses["Viestinnän tietovaranto"] == "no"
    assert statuses["Tietohallinto"] == "unknown"


def test_api_filters_pages_and_details(client: Client, demo_catalog: Organisation) -> None:
    assert len(client.get("/api/v1/resources?organisation=kaarinan-kaupunki&limit=2&offset=1").json()) == 2
    assert client.get("/api/v1/resources?organisation=nobody").status_code == 404
    one = client.get("/api/v1/resources/kaarinan-kaupunki/tietohallinto").json()
    assert one["items"][0] == {"name": "Käyttäjärekisteri", "kind": "register", "note": ""}


def test_openapi_documents_the_resource_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/resources" in schema["paths"]
    fields = schema["components"]["schemas"]["ResourceOut"]["properties"]
    for name in [
        "name",
        "organisation",
        "area",
        "description",
        "items",
        "search_criteria",
        "request_contacts",
        "decider",
        "interface",
        "updated_at",
    ]:
        assert name in fields


def test_cli_json_export_equals_the_api(client: Client, demo_catalog: Organisation) -> None:
    out = StringIO()
    call_command("export", "--format", "json", stdout=out)
    assert json.loads(out.getvalue()) == client.get("/api/v1/resources").json()


def test_csv_has_a_row_per_item_with_bom_and_a_semicolon_variant(
    client: Client, demo_catalog: Organisation
) -> None:
    response = client.get("/kaarinan-kaupunki/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="kaarinan-kaupunki-tietovarannot.csv"'
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == CSV_COLUMNS
    it = [r for r in rows if r["resource"] == "Tietohallinto"]
    assert [(r["item_name"], r["item_note"]) for r in it if r["item_kind"] == "system"] == [
        ("Käyttäjätietokanta ja käyttöoikeushallinnan juurihakemisto", ""),
        ("Puhelinliittymien käyttäjähakemisto", "Telia VIP"),
    ]
    assert {r["area"] for r in it} == {it[0]["area"]}  # resource columns repeated on every row
    items = sum(max(len(r.items.all()), 1) for r in InformationResource.objects.all())
    assert len(rows) == items

    semicolon = client.get("/kaarinan-kaupunki/export.csv?delimiter=semicolon")
    assert "-fi.csv" in semicolon["Content-Disposition"]
    fi_text = b"".join(semicolon.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert fi_text.splitlines()[0] == ";".join(CSV_COLUMNS)
    assert list(csv.DictReader(io.StringIO(fi_text), delimiter=";")) == rows
    assert client.get("/kaarinan-kaupunki/export.csv?delimiter=tab").status_code == 400


def test_a_resource_without_items_has_one_row(client: Client, demo_catalog: Organisation) -> None:
    InformationResource.objects.create(organisation=demo_catalog, name="Tyhjä", slug="tyhja")
    text = b"".join(client.get("/kaarinan-kaupunki/export.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["resource"] == "Tyhjä"]
    assert len(rows) == 1
    assert rows[0]["item_kind"] == rows[0]["item_name"] == ""


def test_xlsx_has_the_csv_columns_and_rows(client: Client, demo_catalog: Organisation) -> None:
    from openpyxl import load_workbook

    csv_rows = list(
        csv.reader(
            io.StringIO(
                b"".join(client.get("/kaarinan-kaupunki/export.csv").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
            )
        )
    )
    response = client.get("/kaarinan-kaupunki/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)  # type: ignore[attr-defined]
    sheet_rows = [
        [cell or "" for cell in row] for row in workbook["tietovarannot"].iter_rows(values_only=True)
    ]
    assert sheet_rows == csv_rows


def _dcat(client: Client, extension: str = "dcat", fmt: str = "turtle") -> Graph:
    response = client.get(f"/kaarinan-kaupunki/export.{extension}")
    assert response.status_code == 200
    return Graph().parse(data=b"".join(response.streaming_content), format=fmt)  # type: ignore[attr-defined]


def dcat_ap_shapes() -> Graph:
    """The published shapes plus ranges. Both files name a few property shapes that neither defines
    (e.g. DataServiceShape/dc08f4…); pyshacl refuses those, so the dangling references are dropped."""
    shapes = Graph().parse(SHAPES / "dcat-ap-SHACL.ttl", format="turtle")
    shapes.parse(SHAPES / "ranges.ttl", format="turtle")
    dangling = [
        (node, shape)
        for node, shape in shapes.subject_objects(SH.property)
        if (shape, SH.path, None) not in shapes
    ]
    for node, shape in dangling:
        shapes.remove((node, SH.property, shape))
    assert len(dangling) < 20  # a handful, not the whole profile
    return shapes


def test_dcat_export_conforms_to_dcat_ap_shapes(client: Client, demo_catalog: Organisation) -> None:
    from pyshacl import validate

    assert SHAPES.exists(), f"DCAT-AP shapes expected at {SHAPES} (shared/ beside the clone)"
    _with_open_interfaces(demo_catalog)
    data = _dcat(client)
    shapes = dcat_ap_shapes()
    conforms, _graph, text = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text
    assert len(set(data.subjects(RDF.type, DCAT.Dataset))) == 6
    assert len(set(data.subjects(RDF.type, DCAT.Distribution))) == 2
    assert len(set(data.subjects(RDF.type, DCAT.DataService))) == 1


def test_a_broken_contact_address_stored_earlier_does_not_break_the_export(
    client: Client, demo_catalog: Organisation
) -> None:
    resource = InformationResource.objects.get(name="Henkilöstötietovaranto")
    # saved before addresses were checked (the desk and the models now refuse it)
    RequestContact.objects.create(
        organisation=demo_catalog, resource=resource, kind="email", value="ei osoite"
    )
    data = _dcat(client, "ttl")  # a server error for every harvester before
    addresses = {str(o) for o in data.objects(None, VCARD.hasEmail)}
    assert addresses  # the resource's other addresses are still there
    assert "mailto:ei osoite" not in addresses


def test_every_rdf_format_holds_the_same_graph(client: Client, demo_catalog: Organisation) -> None:
    from rdflib.compare import isomorphic

    turtle = _dcat(client)
    assert isomorphic(turtle, _dcat(client, "ttl"))
    assert isomorphic(turtle, _dcat(client, "jsonld", "json-ld"))
    assert isomorphic(turtle, _dcat(client, "rdf", "xml"))


def test_rdf_written_in_chunks_is_the_whole_graph(
    monkeypatch: pytest.MonkeyPatch, demo_catalog: Organisation
) -> None:
    """The RDF formats are written a few resources at a time (flat memory); the graph a harvester
    reads must be the same as the one built whole."""
    from django.conf import settings
    from rdflib.compare import isomorphic

    from tietovaranto.catalog.selectors import organisations_public, resources_public
    from tietovaranto.publishing import exporters
    from tietovaranto.publishing.dcat import catalog_graph

    whole = catalog_graph(resources_public(None), organisations_public(), settings.SITE_URL)
    assert len(set(whole.subjects(RDF.type, DCAT.Dataset))) == 6
    monkeypatch.setattr(exporters, "CHUNK", 2)
    for name, rdf_format in (("ttl", "turtle"), ("jsonld", "json-ld"), ("rdf", "xml")):
        chunks = list(exporters.export_stream(name))
        assert len(chunks) >= 3, name
        read = Graph().parse(data=b"".join(chunks), format=rdf_format)
        assert isomorphic(whole, read), name


def _with_open_interfaces(organisation: Organisation) -> None:
    """Two resources state an open interface: an API and a CSV download."""
    for slug, url in (
        ("tietohallinto", "https://api.example.fi/v1/"),
        ("talous", "https://data.example.fi/x.csv"),
    ):
        resource = InformationResource.objects.filter(
            organisation=organisation, slug__startswith=slug
        ).first()
        assert resource is not None, slug
        InterfaceStatement.objects.filter(resource=resource, aspect="open").delete()
        InterfaceStatement.objects.create(
            organisation=organisation,
            resource=resource,
            aspect="open",
            status="yes",
            text="Tiedot ovat avoimesti saatavilla.",
            url=url,
        )


def harvest_like_ckanext_dcat(graph: Graph) -> list[dict[str, Any]]:
    """Reads datasets the way ckanext-dcat's RDF profile maps them into CKAN fields (a test-side
    reader written from its documented mapping: title in the default language, contact_name from
    vcard:fn, contact_email from vcard:hasEmail without mailto:, access_rights as the IRI, tags from
    dcat:keyword, resources from dcat:distribution with licence and URLs)."""

    def value(subject: object, predicate: URIRef, lang: str = "fi") -> str:
        values = list(graph.objects(subject, predicate))  # type: ignore[arg-type]
        preferred = [v for v in values if getattr(v, "language", None) == lang] or values
        return str(preferred[0]) if preferred else ""

    datasets = []
    for dataset in graph.subjects(RDF.type, DCAT.Dataset):
        contact = next(graph.objects(dataset, DCAT.contactPoint), None)
        email = value(contact, VCARD.hasEmail) if contact is not None else ""
        datasets.append(
            {
                "title": value(dataset, DCTERMS.title),
                "title_translated": {
                    o.language: str(o)
                    for o in graph.objects(dataset, DCTERMS.title)
                    if isinstance(o, Literal)
                },
                "url": value(dataset, DCAT.landingPage),
                "contact_name": value(contact, VCARD.fn) if contact is not None else "",
                "contact_email": email.removeprefix("mailto:"),
                "access_rights": value(dataset, DCTERMS.accessRights),
                "tags": sorted(str(k) for k in graph.objects(dataset, DCAT.keyword)),
                "resources": [
                    {"url": value(d, DCAT.accessURL), "license": value(d, DCTERMS.license)}
                    for d in graph.objects(dataset, DCAT.distribution)
                ],
            }
        )
    return datasets


def test_a_ckan_harvester_reads_every_dataset_back(client: Client, demo_catalog: Organisation) -> None:
    _with_open_interfaces(demo_catalog)
    api = {r["url"]: r for r in client.get("/api/v1/resources").json()}
    harvested = {d["url"]: d for d in harvest_like_ckanext_dcat(_dcat(client))}
    assert set(harvested) == set(api)
    access = "http://publications.europa.eu/resource/authority/access-right/"
    for url, resource in api.items():
        dataset = harvested[url]
        assert dataset["title"] == resource["name"]
        emails = [c["value"] for c in resource["request_contacts"] if c["kind"] == "email"]
        assert dataset["contact_email"] == emails[0]
        assert dataset["contact_name"] == "Kaarinan kaupunki: tietopyynnöt"
        open_fact = next((f for f in resource["interface_facts"] if f["aspect"] == "open"), None)
        status = open_fact["status"] if open_fact else "unknown"
        if status == "yes" and "avoi" not in open_fact["text"]:  # type: ignore[index]
            status = "unknown"  # "can be disclosed" is not open availability
        expected = {"yes": "PUBLIC", "no": "NON_PUBLIC", "unknown": "RESTRICTED"}[status]
        assert dataset["access_rights"] == access + expected, resource["name"]
        assert not {"hetu", "nimi", "henkilötunnus", "syntymäaika", "osoite"} & set(dataset["tags"])
        for distribution in dataset["resources"]:
            assert distribution["license"] == "http://creativecommons.org/licenses/by/4.0/"
    assert {d["access_rights"] for d in harvested.values()} >= {access + "PUBLIC", access + "RESTRICTED"}
    customers = next(d for d in harvested.values() if d["title"] == "Asiakastietovaranto")
    # "data can be disclosed from the interest register" is disclosure on request, not 28 § 5 openness
    assert customers["access_rights"] != access + "PUBLIC"
    assert "tehtävä" in customers["tags"]


def test_personal_search_criteria_are_never_keywords() -> None:
    for name in ("hetu", "Henkilötunnus", "asiakkaan henkilötunnus", "syntymäaika", "nimi", "osoite"):
        assert is_personal_criterion(name), name
    for name in ("diaarinumero", "päivämäärä", "kiinteistötunnus", "tehtävä"):
        assert not is_personal_criterion(name), name


def test_an_export_that_fails_half_way_leaves_the_old_file(
    monkeypatch: pytest.MonkeyPatch, demo_catalog: Organisation, tmp_path: Path
) -> None:
    from tietovaranto.publishing import exporters

    target = tmp_path / "catalog.ttl"
    call_command("export", "--format", "ttl", "--output", str(target))
    good = target.read_bytes()
    assert b"dcat:Dataset" in good

    def breaks_half_way(organisation: Organisation | None) -> Any:
        yield next(iter(exporters.render_turtle(organisation)))
        raise OSError("disk full")

    monkeypatch.setitem(exporters.EXPORTERS, "ttl", exporters.Exporter("text/turtle", "ttl", breaks_half_way))
    with pytest.raises(OSError, match="disk full"):
        call_command("export", "--format", "ttl", "--output", str(target))
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["catalog.ttl"]  # no partial file left behind
