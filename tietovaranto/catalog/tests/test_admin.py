"""The superusers' admin shows the catalog and its history but changes it only by deleting a whole
organisation: every other change goes through a draft and its publication."""

from datetime import timedelta

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.inforequests.models import InformationRequest
from tietovaranto.publishing.services import draft_for, publish


def _superuser_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("juuri", "juuri@example.org", "salasana-123"))
    return client


def test_a_superuser_sees_a_resource_and_its_history_but_cannot_change_it(demo_catalog: Organisation) -> None:
    client = _superuser_client()
    resource = InformationResource.objects.filter(organisation=demo_catalog).first()
    assert resource is not None
    change_url = f"/admin/catalog/informationresource/{resource.pk}/change/"
    page = client.get(change_url)
    assert page.status_code == 200
    assert resource.name in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # no save button
    assert client.post(change_url, {"name": "Muutettu ohi luonnoksen"}).status_code == 403
    assert client.get("/admin/catalog/informationresource/add/").status_code == 403
    delete_url = f"/admin/catalog/informationresource/{resource.pk}/delete/"
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    history = resource.history.order_by("history_id").first()
    assert client.get(f"/admin/catalog/informationresource/{resource.pk}/history/").status_code == 200
    revert_url = f"/admin/catalog/informationresource/{resource.pk}/history/{history.history_id}/"
    assert client.get(revert_url).status_code == 200  # an old version can be looked at
    assert client.post(revert_url, {"name": "Vanha nimi"}).status_code == 403  # not put back
    resource.refresh_from_db()
    assert resource.name != "Vanha nimi"
    assert resource.name != "Muutettu ohi luonnoksen"


def test_what_a_draft_publishes_is_what_the_public_then_sees(demo_catalog: Organisation) -> None:
    """The admin was a second writer of the live rows: a change made there was overwritten by the next
    publication of a draft started before it. Now the draft is the only way in."""
    client = _superuser_client()
    draft = draft_for(demo_catalog)
    draft_resource = InformationResource.all_objects.filter(organisation=draft).first()
    assert draft_resource is not None
    draft_resource.name = "Luonnoksessa muutettu nimi"
    draft_resource.save()
    live = InformationResource.objects.get(organisation=demo_catalog, uid=draft_resource.uid)
    live_url = f"/admin/catalog/informationresource/{live.pk}/change/"
    assert client.post(live_url, {"name": "x"}).status_code == 403
    # nor can the admin change the draft behind the version its reviewer saw
    url = f"/admin/catalog/informationresource/{draft_resource.pk}/change/"
    assert client.post(url, {"name": "y"}).status_code == 403
    publish(demo_catalog, reason="Nimen korjaus")
    live.refresh_from_db()
    assert live.name == "Luonnoksessa muutettu nimi"


def test_a_superuser_can_delete_an_organisation_without_requests(db: None) -> None:
    client = _superuser_client()
    organisation = Organisation.objects.create(name="Poistettava kunta", slug="poistettava-kunta")
    draft_for(organisation)
    response = client.post(f"/admin/catalog/organisation/{organisation.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organisation.all_objects.filter(slug="poistettava-kunta").exists()  # its draft too
    assert client.get("/admin/catalog/organisation/add/").status_code == 403


def test_an_organisation_with_information_requests_is_not_deleted(db: None) -> None:
    client = _superuser_client()
    organisation = Organisation.objects.create(name="Pyynnöllinen kunta", slug="pyynnollinen-kunta")
    now = timezone.now()
    InformationRequest.objects.create(
        organisation=organisation,
        reference="TP-2026-000001",
        kind="public",
        received_at=now,
        clock_started_at=now,
        due_date=(now + timedelta(days=14)).date(),
        subject="Pöytäkirjat 2026",
        delivery="email",
        requester_email="pyytaja@example.org",
    )
    url = f"/admin/catalog/organisation/{organisation.pk}/delete/"
    page = client.post(url, {"post": "yes"})
    assert page.status_code == 200  # the page says what protects it
    assert "TP-2026-000001" in page.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    assert InformationRequest.objects.filter(organisation=organisation).count() == 1
