"""Public resource pages: conditional GET and a cache that any catalog change invalidates."""

import pytest
from django.test import Client

from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import InformationResource, SearchCriterion
from tietovaranto.importer.services import page_import

PAGES = [
    "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
    "/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto",
]


@pytest.fixture
def kaarina(db: None) -> None:
    page_import(text=kaarina_page(), organisation_name=KAARINA)


@pytest.mark.parametrize("path", PAGES)
def test_an_unchanged_page_is_not_sent_again(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get(path).content == first.content


@pytest.mark.parametrize("path", PAGES)
def test_a_catalog_change_shows_at_once(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    assert "vakanssi" in first.content.decode()
    resource = InformationResource.objects.get(slug="henkilostotietovaranto")
    resource.description = "Uusi kuvaus henkilöstön tiedoista."
    resource.save()
    changed = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert "Uusi kuvaus" in changed.content.decode()
    # a deleted search criterion changes no timestamp, yet the page changes
    SearchCriterion.objects.filter(resource=resource, name="vakanssi").delete()
    after_delete = client.get(path, headers={"If-None-Match": changed["ETag"]})
    assert after_delete.status_code == 200
    assert "vakanssi" not in after_delete.content.decode()


def test_each_language_has_its_own_page(kaarina: None) -> None:
    client = Client()
    finnish = client.get(PAGES[0])
    swedish = client.get("/sv" + PAGES[0])
    assert finnish["ETag"] != swedish["ETag"]
    assert finnish.content != swedish.content
