"""The front page of an installation holding several authorities (a national or joint view)."""

import pytest
from django.test import Client

from tests.pages import ESIMERKKILA_TEXT, KAARINA, kaarina_page
from tietovaranto.catalog.models import Organisation
from tietovaranto.importer.services import page_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_authorities(db: None) -> None:
    page_import(text=kaarina_page(), organisation_name=KAARINA, publish=True)
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän hyvinvointialue", publish=True)
    # Imported but never published: a draft must not appear in the national view.
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Luonnosvirasto")
    Organisation.objects.filter(name=KAARINA).update(region="varsinais-suomi")


def test_front_page_lists_published_authorities_by_kind_with_region_and_counts(
    client: Client, three_authorities: None
) -> None:
    html = client.get("/").content.decode()
    kaarina = Organisation.objects.get(name=KAARINA)
    assert kaarina.kind == "municipality"  # from the name, on import
    assert Organisation.objects.get(name="Esimerkkilän hyvinvointialue").kind == "wellbeing_county"
    assert '<h2 id="kind-1">Kunta</h2>' in html
    assert '<h2 id="kind-2">Hyvinvointialue</h2>' in html
    assert "Varsinais-Suomi" in html
    assert f"{kaarina.resources.count()} tietovarantoa" in html
    assert "2 viranomaista" in html
    assert "Luonnosvirasto" not in html
    # a wellbeing county with no region set is not said to serve the whole country ("Koko maa" before)
    assert "Koko maa" not in html
    Organisation.objects.filter(name="Esimerkkilän hyvinvointialue").update(kind="state_agency")
    assert "Koko maa" in client.get("/").content.decode()  # a state agency with no region does


def test_filters_narrow_the_list_and_bad_values_are_ignored(client: Client, three_authorities: None) -> None:
    html = client.get("/", {"kind": "wellbeing_county"}).content.decode()
    assert "Esimerkkilän hyvinvointialue" in html.split('role="status"')[1]
    assert KAARINA not in html.split('role="status"')[1]
    html = client.get("/", {"region": "lappi"}).content.decode()
    assert "Yksikään viranomainen ei vastaa valintoja." in html
    response = client.get("/", {"kind": "<script>", "region": "x" * 5000})
    assert response.status_code == 200
    assert "2 viranomaista" in response.content.decode()


def test_one_search_spans_every_authority_or_one(client: Client, three_authorities: None) -> None:
    everywhere = client.get("/search/", {"q": "asiakasrekisteri"}).content.decode()
    assert 'href="/kaarinan-kaupunki/resources/' in everywhere
    assert 'href="/esimerkkilan-hyvinvointialue/resources/' in everywhere
    only_county = client.get(
        "/search/", {"q": "asiakasrekisteri", "organisation": "esimerkkilan-hyvinvointialue"}
    ).content.decode()
    assert 'href="/esimerkkilan-hyvinvointialue/resources/' in only_county
    assert 'href="/kaarinan-kaupunki/resources/' not in only_county
