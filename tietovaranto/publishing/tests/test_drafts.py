"""Draft → publish: imports and edits stay private until published; history, discard and restore."""

import io
import time
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http.response import HttpResponseBase
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.pages import ESIMERKKILA_TEXT, KAARINA, kaarina_page
from tietovaranto.catalog.models import InformationResource, Item, ItemKind, Organisation, ResourceItem
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.models import Publication
from tietovaranto.publishing.services import (
    PublishError,
    bump_draft_version,
    discard_draft,
    draft_for,
    draft_state,
    publish,
    restore_publication,
    restore_resource,
)
from tietovaranto.publishing.snapshot import catalog_snapshot, snapshot_hash

pytestmark = pytest.mark.django_db(transaction=False)

PUBLIC_URLS = [
    "/",
    "/kaarinan-kaupunki/",
    "/kaarinan-kaupunki/description/",
    "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
    "/api/v1/resources",
    "/kaarinan-kaupunki/export.json",
    "/kaarinan-kaupunki/export.csv",
    "/search/?q=palkka",
    "/api/v1/search?q=palkka",
    "/api/v1/organisations",
    "/api/v1/resources/kaarinan-kaupunki/henkilostotietovaranto",
    "/api/v1/resources?interface=yes",
    "/api/v1/catalog/organisations",
    "/api/v1/catalog/organisations/kaarinan-kaupunki",
    "/api/v1/catalog/areas",
    "/api/v1/catalog/resources",
    "/api/v1/catalog/resources?organisation=kaarinan-kaupunki&limit=2&offset=1",
    "/api/v1/catalog/systems",
    "/kaarinan-kaupunki/export.csv?delimiter=semicolon",
    "/kaarinan-kaupunki/export.xlsx",
    "/kaarinan-kaupunki/export.dcat",
    "/kaarinan-kaupunki/export.jsonld",
    "/kaarinan-kaupunki/export.rdf",
]
# Headers a client caches by: a draft edit must not change them either (a harvester would refetch)
CACHE_HEADERS = ("ETag", "Last-Modified", "X-Total-Count")


def _body(response: HttpResponseBase) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        # the file carries its creation time: compare the cells
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        return repr(list(sheet.iter_rows(values_only=True))).encode()  # type: ignore[union-attr]
    return content


def _public(client: Client, *extra: str) -> dict[str, object]:
    result: dict[str, object] = {}
    for url in [*PUBLIC_URLS, *extra]:
        response = client.get(url)
        assert response.status_code == 200, url
        result[url] = (_body(response), [response.get(h) for h in CACHE_HEADERS])
    return result


def _draft_resource(live: Organisation, name: str) -> InformationResource:
    return InformationResource.all_objects.get(organisation=draft_for(live), name=name)


def test_an_import_without_publish_is_not_public(client: Client) -> None:
    report = page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta")
    assert not report.published
    assert "Saved as a draft" in report.as_text()
    assert client.get("/esimerkkilan-kunta/").status_code == 404
    assert client.get("/api/v1/resources").json() == []
    assert client.get("/api/v1/search?q=toimeentulotuki").json()["results"] == []
    live = Organisation.objects.get(name="Esimerkkilän kunta")
    publication = publish(live, reason="Ensimmäinen julkaisu")
    assert publication.number == 1
    assert client.get("/esimerkkilan-kunta/").status_code == 200
    assert client.get("/api/v1/search?q=toimeentulotuki").json()["results"]


def test_draft_edits_never_leak_until_published(client: Client, demo_catalog: Organisation) -> None:
    time.sleep(1.1)  # Last-Modified has whole seconds: a leaking draft edit must be able to move it
    since = quote(timezone.now().isoformat())
    changed = (f"/api/v1/catalog/resources?updated_since={since}", f"/api/v1/resources?updated_since={since}")
    before = _public(client, *changed)
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    resource.description = "Uusi kuvaus palkoista."
    resource.save()
    item = Item.all_objects.create(
        organisation=resource.organisation, kind=ItemKind.REGISTER, name="Uusi rekisteri"
    )
    ResourceItem.all_objects.create(resource=resource, item=item, position=99)
    other = _draft_resource(demo_catalog, "Asiakastietovaranto")
    other.delete()
    bump_draft_version(resource.organisation)
    assert _public(client, *changed) == before
    assert client.get(changed[0]).json()["total"] == 0

    state = draft_state(demo_catalog)
    described = {(c.entity, c.label, c.change, c.field) for c in state.changes}
    assert ("resource", "Henkilöstötietovaranto", "changed", "description") in described
    assert ("resource", "Henkilöstötietovaranto", "changed", "items") in described
    assert ("resource", "Asiakastietovaranto", "removed", "") in described
    assert ("item", "Uusi rekisteri", "added", "") in described

    publication = publish(
        demo_catalog, reason="Henkilöstön rekisterit päivitetty", expected_draft_version=state.draft_version
    )
    page = client.get("/kaarinan-kaupunki/resources/henkilostotietovaranto/").content.decode()
    assert "Uusi kuvaus palkoista." in page
    assert "Uusi rekisteri" in page
    assert client.get("/kaarinan-kaupunki/resources/asiakastietovaranto/").status_code == 404
    assert len(client.get("/api/v1/resources").json()) == 5
    assert publication.summary
    assert publication.reason == "Henkilöstön rekisterit päivitetty"
    assert snapshot_hash(catalog_snapshot(demo_catalog)) == publication.content_hash


def test_publish_refuses_nothing_to_publish_a_stale_review_and_no_reason(demo_catalog: Organisation) -> None:
    with pytest.raises(PublishError, match="julkaistavaa ei ole"):
        publish(demo_catalog, reason="Ei muutoksia")
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    reviewed = draft_state(demo_catalog).draft_version
    resource.name_sv = "Personaldataresurs"
    resource.save()
    bump_draft_version(resource.organisation)
    with pytest.raises(PublishError, match="tarkistit sen"):
        publish(demo_catalog, reason="Ruotsinkielinen nimi", expected_draft_version=reviewed)
    with pytest.raises(PublishError, match="syy"):
        publish(demo_catalog, reason="  ")
    assert Publication.objects.filter(organisation=demo_catalog).count() == 1


def test_discard_makes_the_draft_equal_to_the_published_description(demo_catalog: Organisation) -> None:
    published = snapshot_hash(catalog_snapshot(demo_catalog))
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    resource.name = "Henkilöstön tiedot"
    resource.save()
    discard_draft(demo_catalog)
    assert snapshot_hash(catalog_snapshot(draft_for(demo_catalog))) == published
    assert not draft_state(demo_catalog).has_changes


def test_restore_brings_an_earlier_version_back_into_the_draft(
    client: Client, demo_catalog: Organisation
) -> None:
    first = Publication.objects.get(organisation=demo_catalog, number=1)
    # swap two names and delete a resource, publish, then restore the first version
    a = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    b = _draft_resource(demo_catalog, "Asiakastietovaranto")
    a_slug, b_slug = a.slug, b.slug
    a.name, a.slug = "Väliaikainen", "valiaikainen"
    a.save()
    b.name, b.slug = "Henkilöstötietovaranto", a_slug
    b.save()
    a.name, a.slug = "Asiakastietovaranto", b_slug
    a.save()
    InformationResource.all_objects.filter(organisation=draft_for(demo_catalog)).order_by("pk").reverse()[
        0
    ].delete()
    publish(demo_catalog, reason="Nimet vaihdettu")
    restore_publication(demo_catalog, first)
    assert snapshot_hash(catalog_snapshot(draft_for(demo_catalog))) == first.content_hash
    publish(demo_catalog, reason="Palautettu versio 1")
    assert snapshot_hash(catalog_snapshot(demo_catalog)) == first.content_hash


def test_text_is_stored_as_typed_without_spurious_changes(demo_catalog: Organisation) -> None:
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    resource.description = resource.description.replace("\n", "\r\n")
    resource.save()
    assert not draft_state(demo_catalog).has_changes


def test_reimporting_the_same_page_publishes_nothing_new(demo_catalog: Organisation) -> None:
    report = page_import(text=kaarina_page(), organisation_name=KAARINA, publish=True)
    assert not report.published
    assert "julkaistavaa ei ole" in report.publish_refused
    assert Publication.objects.filter(organisation=demo_catalog).count() == 1


def test_publish_command(demo_catalog: Organisation, capsys: pytest.CaptureFixture[str]) -> None:
    resource = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    resource.description_en = "Personnel data."
    resource.save()
    with pytest.raises(CommandError, match="--reason"):
        call_command("publish", organisation="kaarinan-kaupunki")
    call_command("publish", organisation="kaarinan-kaupunki", reason="English description")
    assert "Published version 2" in capsys.readouterr().out
    assert InformationResource.objects.get(name="Henkilöstötietovaranto").description_en == "Personnel data."


def test_one_resource_is_restored_as_it_was_without_touching_the_others(demo_catalog: Organisation) -> None:
    first = Publication.objects.get(organisation=demo_catalog, number=1)
    staff = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    staff.description = "Kuvaus muutettu."
    staff.save()
    ResourceItem.all_objects.filter(resource=staff).delete()  # its registers and systems removed
    other = _draft_resource(demo_catalog, "Asiakastietovaranto")
    other.description = "Tämä muutos jää voimaan."
    other.save()
    publish(demo_catalog, reason="Muutoksia")

    restore_resource(demo_catalog, first, str(staff.uid))
    restored = _draft_resource(demo_catalog, "Henkilöstötietovaranto")
    archived = next(r for r in first.content["resources"] if r["uid"] == str(staff.uid))
    assert restored.description == archived["description"]
    assert [str(link.item.uid) for link in restored.resource_items.order_by("position")] == archived["items"]
    assert _draft_resource(demo_catalog, "Asiakastietovaranto").description == "Tämä muutos jää voimaan."
    publish(demo_catalog, reason="Henkilöstötietovaranto palautettu")
    page = Client().get(f"/{demo_catalog.slug}/resources/{restored.slug}/").content.decode()
    assert "Kuvaus muutettu." not in page
    with pytest.raises(PublishError):
        restore_resource(demo_catalog, first, "00000000-0000-0000-0000-000000000000")


def test_the_history_names_choices_and_yes_or_no_as_labels(
    client: Client, demo_catalog: Organisation
) -> None:
    draft = draft_for(demo_catalog)
    assert (draft.region, draft.bilingual) == ("", False)
    Organisation.all_objects.filter(pk=draft.pk).update(bilingual=True, region="uusimaa")
    publish(demo_catalog, reason="Kaksikielinen")
    page = client.get("/en/kaarinan-kaupunki/history/").content.decode()
    assert "<del>no</del>" in page  # "False" before
    assert "<ins>yes</ins>" in page  # "True" before
    assert "<ins>Uusimaa</ins>" in page  # "uusimaa" before
    sv = client.get("/sv/kaarinan-kaupunki/history/").content.decode()
    assert "<del>nej</del>" in sv
    assert "<ins>ja</ins>" in sv
