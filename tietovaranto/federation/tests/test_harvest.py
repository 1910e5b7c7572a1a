"""Harvest from a second installation running on 127.0.0.1 (gunicorn, its own database)."""

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from bench.live_site import ORG_SLUG, ORGANISATION, SEED, LiveSite
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.federation.models import HarvestSource, HarvestStatus
from tietovaranto.federation.services import HarvestError, harvest
from tietovaranto.importer.services import PageImportError, page_import

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REMOVED = "Viestinnän tietovaranto"  # a resource the source deletes between two harvests


DELETE_AT_SOURCE = f"""
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.desk.services import delete_resource
from tietovaranto.publishing.services import draft_for, publish
live = Organisation.objects.get(slug="{ORG_SLUG}")
draft = draft_for(live)
delete_resource(draft, InformationResource.all_objects.get(organisation=draft, name="{REMOVED}"))
publish(live, reason="poistettu")
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def source_site() -> Iterator[LiveSite]:
    kind = "postgres" if DATABASE_URL.startswith("postgres") else "sqlite"
    live = LiveSite(kind, port=free_port(), workers=1, postgres_url=DATABASE_URL or LiveSite.postgres_url)
    with live:
        yield live


def export_url(site: LiveSite) -> str:
    return site.url(f"/{ORG_SLUG}/export.json")


def test_harvest_copies_then_takes_only_changes_and_removals(source_site: LiveSite, tmp_path: Path) -> None:
    first = harvest(export_url(source_site))
    assert first.status == HarvestStatus.HARVESTED
    kaarina = Organisation.objects.get(name=ORGANISATION)
    assert kaarina.slug == ORG_SLUG
    status, source_page = source_site.get(f"/{ORG_SLUG}/resources/henkilostotietovaranto/")
    assert status == 200
    names_here = set(InformationResource.objects.filter(organisation=kaarina).values_list("name", flat=True))
    assert REMOVED in names_here
    assert len(names_here) > 5
    page = Client().get(f"/{ORG_SLUG}/resources/henkilostotietovaranto/").content.decode()
    assert "Henkilöstötietovaranto" in page  # public here at once, at the source's address

    again = harvest(export_url(source_site))
    assert again.status == HarvestStatus.UNCHANGED
    with pytest.raises(PageImportError, match="haravoitu"):  # read-only here: a local import is refused
        page_import(text=SEED.read_text(encoding="utf-8"), organisation_name=ORGANISATION, publish=True)

    # The source re-imports its page with one description changed, and deletes a resource on its desk.
    changed = SEED.read_text(encoding="utf-8").replace(
        "Asiakastietovaranto sisältää", "Asiakastietovaranto sisältää nyt", 1
    )
    page_file = tmp_path / "changed.txt"
    page_file.write_text(changed, encoding="utf-8")
    source_site.manage("import-page", str(page_file), "--organisation", ORGANISATION, "--publish")
    source_site.manage("shell", "-c", DELETE_AT_SOURCE)

    third = harvest(export_url(source_site))
    assert third.status == HarvestStatus.HARVESTED, third.message
    remaining = set(InformationResource.objects.filter(organisation=kaarina).values_list("name", flat=True))
    assert REMOVED not in remaining
    assert remaining == names_here - {REMOVED}
    resource = InformationResource.objects.get(organisation=kaarina, name="Asiakastietovaranto")
    assert resource.description.startswith("Asiakastietovaranto sisältää nyt")


def test_harvested_organisation_routes_requests_to_its_own_installation(source_site: LiveSite) -> None:
    harvest(export_url(source_site))
    page = Client().get(f"/{ORG_SLUG}/request/?resource=henkilostotietovaranto")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="subject"' not in html  # no form here: the request is made at the source
    assert f'href="{source_site.url(f"/{ORG_SLUG}/request/?resource=henkilostotietovaranto")}"' in html


def test_a_local_organisation_is_never_overwritten(source_site: LiveSite) -> None:
    page_import(text=SEED.read_text(encoding="utf-8"), organisation_name=ORGANISATION, publish=True)
    Organisation.objects.filter(name=ORGANISATION).update(registry_email="oma@kaarina.example")
    with pytest.raises(HarvestError, match="ei koskaan korvaa paikallista organisaatiota"):
        harvest(export_url(source_site))
    assert Organisation.objects.get(name=ORGANISATION).registry_email == "oma@kaarina.example"
    assert HarvestSource.objects.get().last_status == HarvestStatus.FAILED


class _Flaky(BaseHTTPRequestHandler):
    """Serves the real export, but the first answer breaks off half-way (a network failure)."""

    body = b""
    broken = True

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if _Flaky.broken:
            self.wfile.write(self.body[: len(self.body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def test_failure_half_way_changes_nothing_and_the_next_harvest_resumes(source_site: LiveSite) -> None:
    status, body = source_site.get(f"/{ORG_SLUG}/export.json")
    assert status == 200
    _Flaky.body, _Flaky.broken = body.encode(), True
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{ORG_SLUG}/export.json"
    try:
        with pytest.raises(CommandError, match="mitään ei muutettu"):
            call_command("harvest", url)
        assert not Organisation.objects.filter(name=ORGANISATION).exists()
        assert not InformationResource.all_objects.exists()
        source = HarvestSource.objects.get(url=url)
        assert source.last_status == HarvestStatus.FAILED
        assert "yhteys katkesi" in source.last_message

        _Flaky.broken = False
        call_command("harvest", "--all")
        source.refresh_from_db()
        assert source.last_status == HarvestStatus.HARVESTED
        published_there = len(json.loads(body))
        assert InformationResource.objects.filter(organisation__name=ORGANISATION).count() == published_there
    finally:
        server.shutdown()


def test_bad_addresses_get_a_sentence() -> None:
    with pytest.raises(CommandError, match="anna http- tai https-osoite"):
        call_command("harvest", "ftp://example.org/x")
    with pytest.raises(CommandError, match="--organisation"):
        call_command("harvest", "http://127.0.0.1:9/")


def test_staff_see_harvests_with_their_last_result(django_user_model: type[User]) -> None:
    HarvestSource.objects.create(
        url="http://127.0.0.1:9/kunta/export.json",
        last_status=HarvestStatus.FAILED,
        last_message="yhteys katkesi",
    )
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "x-Salasana-123")
    clerk = django_user_model.objects.create_user("kirjaaja", "k@example.org", "x-Salasana-123")
    client = Client()
    client.force_login(clerk)
    assert client.get("/staff/harvests/").status_code == 404
    client.force_login(admin)
    html = client.get("/staff/harvests/").content.decode()
    assert "http://127.0.0.1:9/kunta/export.json" in html
    assert "yhteys katkesi" in html


def test_another_installations_dcat_export_harvests_to_the_same_resources(source_site: LiveSite) -> None:
    status, body = source_site.get(f"/{ORG_SLUG}/export.json")
    assert status == 200
    published = {record["name"]: record["slug"] for record in json.loads(body)}
    result = harvest(source_site.url(f"/{ORG_SLUG}/export.ttl"))
    assert result.status == HarvestStatus.HARVESTED, result.message
    kaarina = Organisation.objects.get(name=ORGANISATION)
    copied = dict(InformationResource.objects.filter(organisation=kaarina).values_list("name", "slug"))
    assert copied == published  # every resource, at the source's own address
    staff = InformationResource.objects.get(organisation=kaarina, slug="henkilostotietovaranto")
    assert staff.description.startswith("Henkilöstötietovarantoa käytetään")


CHANGE_ONE_DESCRIPTION = f"""
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.publishing.services import draft_for, publish
live = Organisation.objects.get(slug="{ORG_SLUG}")
resource = InformationResource.all_objects.get(organisation=draft_for(live), slug="henkilostotietovaranto")
resource.description = "Muutettu lähteessä: palkat ja palvelussuhteet."
resource.save()
publish(live, reason="kuvaus muuttui")
"""


def test_later_harvests_ask_only_for_what_changed(
    source_site: LiveSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tietovaranto.federation import services

    monkeypatch.setattr(services, "CHANGES_OVERLAP", timedelta(0))  # the source's rows are seconds old
    asked: list[str] = []

    def client() -> httpx.Client:
        http = services._client()
        http.event_hooks["request"] = [lambda request: asked.append(str(request.url))]
        return http

    assert harvest(export_url(source_site), client=client()).status == HarvestStatus.HARVESTED
    assert [url for url in asked if "/api/" in url] == []  # the first harvest reads the whole export
    kaarina = Organisation.objects.get(name=ORGANISATION)
    before = dict(InformationResource.objects.filter(organisation=kaarina).values_list("slug", "updated_at"))

    time.sleep(1.1)  # the source's Date header counts whole seconds
    asked.clear()
    assert harvest(export_url(source_site), client=client()).status == HarvestStatus.UNCHANGED
    assert not any(url.endswith("/export.json") for url in asked), asked
    assert any("updated_since=" in url for url in asked), asked

    source_site.manage("shell", "-c", CHANGE_ONE_DESCRIPTION)
    asked.clear()
    result = harvest(export_url(source_site), client=client())
    assert result.status == HarvestStatus.HARVESTED, result.message
    assert not any(url.endswith("/export.json") for url in asked), asked  # only the changed record came
    changed = InformationResource.objects.get(organisation=kaarina, slug="henkilostotietovaranto")
    assert changed.description == "Muutettu lähteessä: palkat ja palvelussuhteet."
    after = dict(InformationResource.objects.filter(organisation=kaarina).values_list("slug", "updated_at"))
    assert {slug for slug in after if after[slug] != before[slug]} == {"henkilostotietovaranto"}
