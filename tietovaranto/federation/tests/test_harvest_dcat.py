"""Harvest a DCAT-AP catalog, as avoindata.fi (ckanext-dcat) publishes one, from a server on 127.0.0.1."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tietovaranto.catalog.models import InformationResource, InterfaceStatement, Organisation, SearchCriterion
from tietovaranto.federation.models import HarvestSource, HarvestStatus
from tietovaranto.federation.services import HarvestError, harvest

pytestmark = pytest.mark.django_db(transaction=True)

# Two publishers in one catalog, in the shape ckanext-dcat writes: no access rights where a data set
# simply has a distribution, contact points with vCard e-mails, keywords in several languages.
CATALOG = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .

<https://data.example.fi/catalog> a dcat:Catalog ;
    dct:title "Avoin data -luettelo"@fi ;
    dcat:dataset <https://data.example.fi/dataset/rakennusluvat>, <https://data.example.fi/dataset/kirjaston-lainat>,
        <https://data.example.fi/dataset/ilmanlaatu> .

<https://data.example.fi/dataset/rakennusluvat> a dcat:Dataset ;
    dct:title "Rakennusluvat"@fi, "Bygglov"@sv, "Building permits"@en ;
    dct:description "Myönnetyt rakennusluvat kiinteistöittäin.\\n\\nPäivitetään kuukausittain."@fi ;
    dcat:keyword "rakennusvalvonta"@fi, "kiinteistötunnus"@fi, "bygglov"@sv ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> ;
    dcat:landingPage <https://data.example.fi/dataset/rakennusluvat> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "Rakennusvalvonta" ;
        vcard:hasEmail <mailto:rakennusvalvonta@esimerkkila.fi> ] ;
    dcat:distribution [ a dcat:Distribution ; dct:title "CSV" ;
        dcat:accessURL <https://data.example.fi/files/rakennusluvat.csv> ] .

<https://data.example.fi/dataset/kirjaston-lainat> a dcat:Dataset ;
    dct:title "Kirjaston lainaustilastot"@fi ;
    dct:description "Lainat kuukausittain ja kirjastoittain."@fi ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> ;
    dct:accessRights <http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:hasEmail "kirjasto@esimerkkila.fi" ] .

<https://data.example.fi/dataset/ilmanlaatu> a dcat:Dataset ;
    dct:title "Ilmanlaatu"@fi ;
    dct:description "Mittausasemien tunti-arvot."@fi ;
    dct:publisher <https://data.example.fi/organization/naapurila> .

<https://data.example.fi/organization/esimerkkila> a foaf:Organization ;
    foaf:name "Esimerkkilän kunta"@fi, "Exempelby kommun"@sv ;
    foaf:mbox <mailto:kirjaamo@esimerkkila.fi> .

<https://data.example.fi/organization/naapurila> a foaf:Organization ;
    foaf:name "Naapurilan kaupunki"@fi .
"""


class _Catalog(BaseHTTPRequestHandler):
    body = CATALOG.encode()
    requests = 0

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        _Catalog.requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def catalog_url() -> Iterator[str]:
    _Catalog.body = CATALOG.encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Catalog)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/catalog.ttl"
    server.shutdown()


def test_a_catalog_of_many_publishers_asks_which_one(catalog_url: str) -> None:
    with pytest.raises(HarvestError, match="2 organisaatiota") as refused:
        harvest(catalog_url)
    assert "Esimerkkilän kunta" in str(refused.value)
    assert "Naapurilan kaupunki" in str(refused.value)
    with pytest.raises(HarvestError, match="ei ole organisaatiota ”tuntematon”"):
        harvest(catalog_url, "tuntematon")
    assert not Organisation.objects.exists()


def test_dcat_datasets_become_resources_and_requests_go_to_the_registry_office(catalog_url: str) -> None:
    result = harvest(catalog_url, "esimerkkilan-kunta")
    assert result.status == HarvestStatus.HARVESTED, result.message
    organisation = Organisation.objects.get(name="Esimerkkilän kunta")
    assert organisation.registry_email == "kirjaamo@esimerkkila.fi"
    permits = InformationResource.objects.get(organisation=organisation, name="Rakennusluvat")
    assert permits.slug == "rakennusluvat"  # the catalog's own address
    assert permits.name_sv == "Bygglov"
    assert permits.description == "Myönnetyt rakennusluvat kiinteistöittäin.\n\nPäivitetään kuukausittain."
    assert set(SearchCriterion.objects.filter(resource=permits).values_list("name", flat=True)) == {
        "kiinteistötunnus",
        "rakennusvalvonta",
    }
    open_data = InterfaceStatement.objects.get(resource=permits, aspect="open")
    assert open_data.status == "yes"
    assert "https://data.example.fi/files/rakennusluvat.csv" in open_data.text
    loans = InformationResource.objects.get(organisation=organisation, name="Kirjaston lainaustilastot")
    assert InterfaceStatement.objects.get(resource=loans, aspect="open").status == "no"
    assert not InformationResource.objects.filter(name="Ilmanlaatu").exists()  # the other publisher's

    page = Client().get(f"/{organisation.slug}/resources/rakennusluvat/")
    assert page.status_code == 200
    assert "Myönnetyt rakennusluvat" in page.content.decode()
    form = Client().get(f"/{organisation.slug}/request/?resource=rakennusluvat").content.decode()
    assert 'name="subject"' not in form  # nobody here handles its requests
    assert 'href="mailto:kirjaamo@esimerkkila.fi"' in form
    assert "Kirjoita sähköpostia organisaation Esimerkkilän kunta kirjaamoon" in form

    assert harvest(catalog_url, "esimerkkilan-kunta").status == HarvestStatus.UNCHANGED

    # the catalog drops the library's data set: the copy drops it too
    block = CATALOG.index("<https://data.example.fi/dataset/kirjaston-lainat> a dcat:Dataset")
    without = CATALOG[:block] + CATALOG[CATALOG.index("\n\n", block) + 2 :]
    _Catalog.body = without.replace(", <https://data.example.fi/dataset/kirjaston-lainat>", "").encode()
    call_command("harvest", "--all")
    names = set(InformationResource.objects.filter(organisation=organisation).values_list("name", flat=True))
    assert names == {"Rakennusluvat"}
    assert HarvestSource.objects.get().last_status == HarvestStatus.HARVESTED


def test_a_broken_catalog_is_refused_with_a_sentence_and_changes_nothing(catalog_url: str) -> None:
    harvest(catalog_url, "esimerkkilan-kunta")
    before = list(InformationResource.objects.values_list("name", "description"))
    _Catalog.body = CATALOG[: len(CATALOG) // 2].encode()  # cut off in the middle of a statement
    with pytest.raises(CommandError, match="ei ole luettavissa muodossa turtle.*mitään ei muutettu"):
        call_command("harvest", catalog_url, "--organisation", "esimerkkilan-kunta")
    assert list(InformationResource.objects.values_list("name", "description")) == before
    assert HarvestSource.objects.get().last_status == HarvestStatus.FAILED


SWEDISH_CATALOG = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .

<https://data.example.fi/dataset/bygglov> a dcat:Dataset ;
    dct:title "Bygglov"@sv ;
    dct:description "Beviljade bygglov per fastighet."@sv ;
    dct:publisher <https://data.example.fi/organization/strandby> .

<https://data.example.fi/dataset/skolor> a dcat:Dataset ;
    dct:title "Skolor"@sv ;
    dct:publisher <https://data.example.fi/organization/strandby> .

<https://data.example.fi/organization/strandby> a foaf:Organization ;
    foaf:name "Strandby kommun"@sv .
"""


def test_a_swedish_catalog_is_harvested_into_the_swedish_fields_and_its_removals_follow(
    catalog_url: str,
) -> None:
    _Catalog.body = SWEDISH_CATALOG.encode()
    result = harvest(catalog_url)
    assert result.status == HarvestStatus.HARVESTED, result.message
    organisation = Organisation.objects.get(name="Strandby kommun")
    permits = InformationResource.objects.get(organisation=organisation, name_sv="Bygglov")
    assert (permits.name, permits.slug, permits.description_sv) == (
        "",
        "bygglov",
        "Beviljade bygglov per fastighet.",
    )
    page = Client().get(f"/sv/{organisation.slug}/resources/bygglov/")
    assert "Beviljade bygglov per fastighet." in page.content.decode()

    # the catalog drops the schools' data set: the copy drops it too, though it has no Finnish name
    block = SWEDISH_CATALOG.index("<https://data.example.fi/dataset/skolor> a dcat:Dataset")
    _Catalog.body = (
        SWEDISH_CATALOG[:block] + SWEDISH_CATALOG[SWEDISH_CATALOG.index("\n\n", block) + 2 :]
    ).encode()
    again = harvest(catalog_url)
    assert again.status == HarvestStatus.HARVESTED, again.message
    names = InformationResource.objects.filter(organisation=organisation).values_list("name_sv", flat=True)
    assert list(names) == ["Bygglov"]
