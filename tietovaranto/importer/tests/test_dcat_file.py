"""A DCAT catalog's titles and descriptions go into the fields of their language tags."""

import pytest
from django.test import Client

from tietovaranto.catalog.models import InformationResource, InterfaceStatement, Organisation, SearchCriterion
from tietovaranto.importer.dcat_file import read_dcat
from tietovaranto.importer.services import import_parsed

PREFIXES = """\
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
"""

# A Swedish-speaking municipality's catalog: its data sets are titled and described in Swedish only
SWEDISH = (
    PREFIXES
    + """
<https://data.example.fi/dataset/bygglov> a dcat:Dataset ;
    dct:title "Bygglov"@sv ;
    dct:description "Beviljade bygglov per fastighet."@sv ;
    dcat:keyword "fastighetsbeteckning"@sv ;
    dcat:distribution [ a dcat:Distribution ; dcat:accessURL <https://data.example.fi/files/bygglov.csv> ] ;
    dct:publisher <https://data.example.fi/organization/strandby> .

<https://data.example.fi/dataset/skolor> a dcat:Dataset ;
    dct:title "Skolor"@sv, "Schools"@en ;
    dct:description "Skolornas adresser."@sv, "The schools' addresses."@en ;
    dct:publisher <https://data.example.fi/organization/strandby> .

<https://data.example.fi/organization/strandby> a foaf:Organization ;
    foaf:name "Strandby kommun"@sv .
"""
)

# A Finnish catalog with one data set in each other way of tagging
MIXED = (
    PREFIXES
    + """
<https://data.example.fi/dataset/rakennusluvat> a dcat:Dataset ;
    dct:title "Rakennusluvat"@fi, "Bygglov"@sv, "Building permits"@en ;
    dct:description "Myönnetyt rakennusluvat."@fi, "Beviljade bygglov."@sv, "Building permits granted."@en ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> .

<https://data.example.fi/dataset/kirjasto> a dcat:Dataset ;
    dct:title "Kirjaston lainat" ;
    dct:description "Lainat kuukausittain." ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> .

<https://data.example.fi/dataset/ilmanlaatu> a dcat:Dataset ;
    dct:title "Luftkvalitet"@sv ;
    dct:description "Mätstationernas timvärden."@sv ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> .

<https://data.example.fi/dataset/liikenne> a dcat:Dataset ;
    dct:title "Traffic counts"@en ;
    dct:description "Vehicles per hour."@en ;
    dct:publisher <https://data.example.fi/organization/esimerkkila> .

<https://data.example.fi/organization/esimerkkila> a foaf:Organization ;
    foaf:name "Esimerkkilän kunta"@fi .
"""
)


def test_a_swedish_only_catalog_is_read_as_swedish() -> None:
    [org] = read_dcat(SWEDISH.encode(), "turtle", "strandby.ttl")
    assert org.page.language == "sv"
    permits, schools = org.page.resources_without_area
    assert (permits.name, permits.language, permits.description) == (
        "Bygglov",
        "",
        ["Beviljade bygglov per fastighet."],
    )
    assert permits.facts.criteria == ["fastighetsbeteckning"]
    assert permits.facts.interface[0].text.startswith("Uppgifterna är öppet tillgängliga.")
    assert (schools.name, schools.name_en, schools.description_en) == (
        "Skolor",
        "Schools",
        ["The schools' addresses."],
    )


@pytest.mark.django_db
def test_swedish_and_english_titles_are_stored_in_their_own_fields(client: Client) -> None:
    [org] = read_dcat(MIXED.encode(), "turtle", "esimerkkila.ttl")
    assert org.page.language == "fi"
    import_parsed(page=org.page, organisation_name=org.name, source="esimerkkila.ttl", publish=True)
    live = Organisation.objects.get(name="Esimerkkilän kunta")
    rows = InformationResource.objects.filter(organisation=live)
    texts = {
        (r.name, r.name_sv, r.name_en): (r.description, r.description_sv, r.description_en) for r in rows
    }
    assert texts == {
        ("Rakennusluvat", "Bygglov", "Building permits"): (
            "Myönnetyt rakennusluvat.",
            "Beviljade bygglov.",
            "Building permits granted.",
        ),
        ("Kirjaston lainat", "", ""): ("Lainat kuukausittain.", "", ""),  # untagged: Finnish, as before
        ("", "Luftkvalitet", ""): ("", "Mätstationernas timvärden.", ""),
        ("", "", "Traffic counts"): ("", "", "Vehicles per hour."),
    }
    swedish = rows.get(name_sv="Luftkvalitet")
    page = client.get(f"/sv/{live.slug}/resources/{swedish.slug}/")
    assert page.status_code == 200
    assert "Mätstationernas timvärden." in page.content.decode()


@pytest.mark.django_db
def test_a_swedish_only_catalog_is_imported_into_the_swedish_fields() -> None:
    [org] = read_dcat(SWEDISH.encode(), "turtle", "strandby.ttl")
    import_parsed(page=org.page, organisation_name=org.name, source="strandby.ttl", publish=True)
    permits = InformationResource.objects.get(name_sv="Bygglov")
    assert (permits.name, permits.description, permits.description_sv) == (
        "",
        "",
        "Beviljade bygglov per fastighet.",
    )
    criterion = SearchCriterion.objects.get(resource=permits)
    assert (criterion.name, criterion.name_sv) == ("", "fastighetsbeteckning")
    statement = InterfaceStatement.objects.get(resource=permits, aspect="open")
    assert statement.text == ""
    assert statement.text_sv.startswith("Uppgifterna är öppet tillgängliga.")
    schools = InformationResource.objects.get(name_sv="Skolor")
    assert (schools.name_en, schools.description_en) == ("Schools", "The schools' addresses.")
