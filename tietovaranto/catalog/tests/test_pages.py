"""Public pages as a resident sees them (Django test client)."""

import pytest
from django.db import IntegrityError
from django.test import Client

from tests.pages import ESIMERKKILA_TEXT
from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion
from tietovaranto.importer.services import page_import

pytestmark = pytest.mark.django_db


def test_front_page_lists_areas_and_resources(client: Client, demo_catalog: Organisation) -> None:
    html = client.get("/").content.decode()
    assert "<h2" in html
    assert "Kanslia- ja viestintäpalvelut" in html
    assert 'href="/kaarinan-kaupunki/resources/henkilostotietovaranto/"' in html
    assert "Julkaistu" in html  # the date of the publication, with its reason
    assert "Muutoshistoria" in html


def test_resource_page_shows_every_fact(client: Client, demo_catalog: Organisation) -> None:
    html = client.get("/kaarinan-kaupunki/resources/asiakastietovaranto/").content.decode()
    for expected in [
        '<h1 lang="fi">Asiakastietovaranto</h1>',
        "Luottamushenkilörekisteri",
        "(tietokanta)",
        "(excel)",
        "(kansallinen järjestelmä)",
        "Rekisterit",
        "Tietojärjestelmät",
        "nimi, hetu, tehtävä, tapahtuma, päivämäärä",
        'href="mailto:kirjaamo@kaarina.fi"',
        "PL 12, 20781 Kaarina",
        "050 302 6151",
        "Hallintojohtaja Päivi Antola",
        "paivi.antola@kaarina.fi",
        "Tietoja on mahdollista luovuttaa sidonnaisuusrekisteristä.",
    ]:
        assert expected in html, expected
    assert "Tietojärjestelmät</li>" not in html


def test_not_stated_interface_is_said_so(client: Client, demo_catalog: Organisation) -> None:
    html = client.get("/kaarinan-kaupunki/resources/taloushallinnon-tietovarannot/").content.decode()
    assert '<span class="status">Ei ilmoitettu</span>' in html


def test_inherited_statements_are_marked(client: Client) -> None:
    page_import(publish=True, text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta")
    html = client.get("/esimerkkilan-kunta/resources/varhaiskasvatuksen-tietovaranto/").content.decode()
    assert "kirjaamo@esimerkkila.fi" in html
    assert "diaarinumero" in html
    assert "koko organisaatiota koskeva" in html
    assert "Sosiaalijohtaja Liisa Esimerkki" in html
    assert "palvelualuetta koskeva" in html


def test_printable_description_has_everything_and_last_change(
    client: Client, demo_catalog: Organisation
) -> None:
    html = client.get("/kaarinan-kaupunki/description/").content.decode()
    assert html.count("<article") == 6
    assert "Telia VIP" in html
    assert "Viimeksi päivitetty" in html


def test_ui_in_swedish_and_english_content_falls_back_to_finnish(
    client: Client, demo_catalog: Organisation
) -> None:
    resource = InformationResource.objects.get(name="Henkilöstötietovaranto")
    resource.name_sv = "Personaldataresurs"
    resource.save()
    sv = client.get("/sv/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert '<html lang="sv">' in sv
    assert "Sökfaktorer" in sv
    assert '<h1 lang="sv">Personaldataresurs</h1>' in sv
    en = client.get("/en/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert "Search criteria" in en
    assert '<h1 lang="fi">Henkilöstötietovaranto</h1>' in en  # Finnish fallback, marked as Finnish


def test_text_without_finnish_is_shown_in_its_own_language_and_marked_so(
    client: Client, demo_catalog: Organisation
) -> None:
    """A resource described in Swedish only (no Finnish name or description): every page shows its
    Swedish, and a Finnish page says it is Swedish rather than passing it off as Finnish."""
    resource = InformationResource.objects.get(name="Henkilöstötietovaranto")
    resource.name, resource.name_sv = "", "Personaldataresurs"
    resource.description, resource.description_sv = "", "Personalens uppgifter."
    resource.save()
    criterion = SearchCriterion.objects.filter(resource=resource).first()
    assert criterion is not None
    criterion.name, criterion.name_sv = "", "anställningens början"
    criterion.save()
    url = "/kaarinan-kaupunki/resources/henkilostotietovaranto/"
    fi = client.get(url).content.decode()
    assert '<h1 lang="sv">Personaldataresurs</h1>' in fi
    assert '<p lang="sv">Personalens uppgifter.</p>' in fi
    assert '<span lang="sv">anställningens början</span>' in fi
    sv = client.get(f"/sv{url}").content.decode()
    assert '<h1 lang="sv">Personaldataresurs</h1>' in sv
    assert "<p>Personalens uppgifter.</p>" in sv
    listing = client.get("/kaarinan-kaupunki/").content.decode()
    assert f'<a href="{url}" lang="sv">Personaldataresurs</a>' in listing
    assert '<a href="/kaarinan-kaupunki/resources/asiakastietovaranto/">' in listing  # Finnish: as before
    data = client.get("/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto").json()
    assert (data["name"], data["language"], data["description"]) == (
        "Personaldataresurs",
        "sv",
        "Personalens uppgifter.",
    )
    assert "anställningens början" in data["search_criteria"]


def test_unknown_pages_are_404(client: Client, demo_catalog: Organisation) -> None:
    assert client.get("/kaarinan-kaupunki/resources/ei-ole/").status_code == 404
    assert client.get("/ei-ole/").status_code == 404
    assert client.get("/kaarinan-kaupunki/export.xls").status_code == 404


def test_resource_names_are_unique_within_an_organisation(demo_catalog: Organisation) -> None:
    with pytest.raises(IntegrityError):
        InformationResource.objects.create(organisation=demo_catalog, name="Tietohallinto", slug="other")


def test_a_criterion_cannot_belong_to_an_area_and_a_resource(demo_catalog: Organisation) -> None:
    resource = InformationResource.objects.get(name="Tietohallinto")
    with pytest.raises(IntegrityError):
        SearchCriterion.objects.create(
            organisation=demo_catalog, area=resource.area, resource=resource, name="x"
        )


def test_resource_list_queries_do_not_grow_with_resources(
    client: Client, demo_catalog: Organisation, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(12):
        client.get("/kaarinan-kaupunki/description/")
