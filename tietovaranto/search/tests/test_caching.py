"""Public resource pages: conditional GET and a cache that any catalog change invalidates."""

import pytest
from django.test import Client

from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.services import draft_for, publish

PAGES = [
    "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
    "/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto",
]


@pytest.fixture
def kaarina(db: None) -> None:
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)


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


@pytest.mark.parametrize("path", PAGES)
def test_a_draft_edit_stays_hidden_until_published(kaarina: None, path: str) -> None:
    client = Client()
    first = client.get(path)
    live = Organisation.objects.get(slug="kaarinan-kaupunki")
    draft = draft_for(live)
    InformationResource.all_objects.filter(organisation=draft, slug="henkilostotietovaranto").update(
        description="Luonnoksen kuvaus henkilöstön tiedoista."
    )
    InformationResource.all_objects.get(organisation=draft, slug="henkilostotietovaranto").save()
    assert client.get(path, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert "Luonnoksen kuvaus" not in client.get(path).content.decode()
    publish(live, reason="Kuvaus tarkennettu")
    published = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert published.status_code == 200
    assert "Luonnoksen kuvaus" in published.content.decode()
