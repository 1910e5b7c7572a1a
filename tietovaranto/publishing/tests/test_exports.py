"""JSON API, OpenAPI, CLI export, CSV and DCAT-AP (validated with the published SHACL shapes)."""

import csv
import io
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tietovaranto.catalog.models import Organisation

pytestmark = pytest.mark.django_db
SHAPES = Path(__file__).resolve().parents[3].parent / "shared" / "standards" / "dcat-ap-3.0.1"


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


def test_csv_export_has_a_row_per_resource(client: Client, demo_catalog: Organisation) -> None:
    response = client.get("/kaarinan-kaupunki/export.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6
    it = next(r for r in rows if r["name"] == "Tietohallinto")
    assert it["systems"] == (
        "Käyttäjätietokanta ja käyttöoikeushallinnan juurihakemisto; "
        "Puhelinliittymien käyttäjähakemisto (Telia VIP)"
    )


def test_dcat_export_conforms_to_dcat_ap_shapes(client: Client, demo_catalog: Organisation) -> None:
    from pyshacl import validate
    from rdflib import Graph

    assert SHAPES.exists(), f"DCAT-AP shapes expected at {SHAPES} (shared/ beside the clone)"
    turtle = client.get("/kaarinan-kaupunki/export.dcat").content.decode()
    data = Graph().parse(data=turtle, format="turtle")
    shapes = Graph().parse(SHAPES / "dcat-ap-SHACL.ttl", format="turtle")
    conforms, _graph, text = validate(data, shacl_graph=shapes, inference="none")
    assert conforms, text
    assert len(list(data.subjects(predicate=None, object=None))) > 0
    assert "Henkilöstötietovaranto" in turtle
