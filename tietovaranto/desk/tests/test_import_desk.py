"""The desk's import pages, used as a records manager would: upload, preview, import into the draft."""

import base64
import os
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.importer.sources import MAX_BYTES
from tietovaranto.publishing.services import draft_for
from tietovaranto.publishing.snapshot import catalog_snapshot

pytestmark = pytest.mark.django_db
URL = "/staff/desk/kaarinan-kaupunki/import/"


@pytest.fixture
def editor(demo_catalog: Organisation) -> Client:
    user = User.objects.create_user("kirjaaja", password="salasana-123")
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.EDITOR)
    client = Client(headers={"accept-language": "fi"})
    client.force_login(user)
    return client


def upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


def token_of(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the preview carries the sources to the import"
    return found.group(1)


def test_upload_preview_and_import_into_the_draft(editor: Client, demo_catalog: Organisation) -> None:
    public_before = catalog_snapshot(demo_catalog)
    assert editor.get(URL).status_code == 200
    preview = editor.post(URL, {"pages": [upload("esimerkkila.txt", ESIMERKKILA_TEXT)], "address": ""})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Tunnistettiin 3 tietovarantoa" in page
    assert "Sosiaalihuollon asiakasrekisteri" in page
    assert "Asiakastietojärjestelmä Pro" in page
    assert 'name="confirm"' not in page  # nothing to confirm on a page that was understood
    assert catalog_snapshot(draft_for(demo_catalog)) == public_before  # the preview writes nothing

    done = editor.post(URL + "confirm/", {"token": token_of(page)})
    page = done.content.decode()
    assert "Tuotu luonnokseen" in page
    assert "Sosiaalihuollon asiakasrekisteri" in page
    names = set(
        InformationResource.all_objects.filter(organisation=draft_for(demo_catalog)).values_list(
            "name", flat=True
        )
    )
    assert "Sosiaalihuollon asiakasrekisteri" in names
    assert catalog_snapshot(demo_catalog) == public_before  # public until published on the desk home
    assert (
        editor.get("/staff/desk/kaarinan-kaupunki/")
        .content.decode()
        .count("Sosiaalihuollon asiakasrekisteri")
    )


def test_a_page_not_understood_is_refused_without_the_confirmation(
    editor: Client, demo_catalog: Organisation
) -> None:
    draft_before = catalog_snapshot(draft_for(demo_catalog))
    preview = editor.post(
        URL, {"pages": [upload("satunnainen.txt", "Lorem ipsum dolor sit amet\n\nSed do.\n")]}
    )
    page = preview.content.decode()
    assert "Sivua ei tunnistettu tietovarantojen kuvaukseksi" in page
    assert 'name="confirm"' in page
    refused = editor.post(URL + "confirm/", {"token": token_of(page)})
    assert "Sivua ei tunnistettu. Rastita ruutu" in refused.content.decode()
    confirmed = editor.post(URL + "confirm/", {"token": token_of(page), "confirm": "on"})
    assert "tietovarantoa ei tunnistettu" in confirmed.content.decode()  # cannot be written even so
    assert catalog_snapshot(draft_for(demo_catalog)) == draft_before


def test_bad_sources_get_a_clear_error_and_nothing_is_lost(
    editor: Client, demo_catalog: Organisation
) -> None:
    draft_before = catalog_snapshot(draft_for(demo_catalog))
    big = editor.post(URL, {"pages": [SimpleUploadedFile("iso.html", b"x" * (MAX_BYTES + 1))]})
    assert "iso.html: suurempi kuin 5 Mt" in big.content.decode()
    nothing = editor.post(URL, {"address": ""})
    assert "anna vähintään yksi tiedosto tai osoite" in nothing.content.decode()
    tampered = editor.post(URL + "confirm/", {"token": "abc"}, follow=True)
    assert "esikatselu on vanhentunut tai sitä on muutettu" in tampered.content.decode()
    assert catalog_snapshot(draft_for(demo_catalog)) == draft_before


def test_another_organisations_import_page_does_not_exist(editor: Client) -> None:
    Organisation.objects.create(name="Toinen kunta", slug="toinen-kunta")
    assert editor.get("/staff/desk/toinen-kunta/import/").status_code == 404
    assert editor.post("/staff/desk/toinen-kunta/import/confirm/", {"token": "x"}).status_code == 404


def test_a_large_saved_page_is_previewed_and_imported(
    editor: Client, demo_catalog: Organisation, settings
) -> None:  # type: ignore[no-untyped-def]
    """Saved pages carry scripts and styles: far more than a form field may hold (the preview keeps
    the sources in the session, not in the form)."""
    script = base64.b64encode(os.urandom(300 * 1024)).decode()  # does not compress
    page = ESIMERKKILA_HTML.replace("</body>", f"<script>var x = '{script}';</script></body>")
    assert len(page) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    preview = editor.post(URL, {"pages": [upload("tallennettu.html", page)]})
    assert "Tunnistettiin" in preview.content.decode()
    done = editor.post(URL + "confirm/", {"token": token_of(preview.content.decode())})
    assert "Tuotu luonnokseen" in done.content.decode()
    again = editor.post(URL + "confirm/", {"token": token_of(preview.content.decode())}, follow=True)
    assert "esikatselu on vanhentunut" in again.content.decode()  # imported once, not twice


def test_a_swedish_page_is_said_so_and_refused_over_the_finnish_description(
    editor: Client, demo_catalog: Organisation
) -> None:
    draft_before = catalog_snapshot(draft_for(demo_catalog))
    swedish = (
        "Beskrivning av handlingars offentlighet\n\n"
        "Staden förvaltar de informationslager som beskrivs här och svarar för begäran om information.\n\n"
        "Ärenderegister\n\n"
        "Ärenderegistret är en helhet som innehåller ärenden som inletts i staden och deras handlingar.\n"
    )
    preview = editor.post(URL, {"pages": [upload("beskrivning.txt", swedish)]}).content.decode()
    assert "Sivu on ruotsinkielinen: sen tekstit menevät ruotsinkielisiin kenttiin." in preview
    refused = editor.post(URL + "confirm/", {"token": token_of(preview)}).content.decode()
    assert "sivun kieli on ruotsi, mutta täällä olevan kuvauksen kieli on suomi" in refused
    assert catalog_snapshot(draft_for(demo_catalog)) == draft_before
