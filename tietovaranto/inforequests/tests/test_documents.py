"""The written decision and the paper letter as PDF files: what they say, and who may download them."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import checks
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.inforequests import documents, services
from tietovaranto.inforequests.models import EventKind, InformationRequest
from tietovaranto.inforequests.tests.test_request_features import staff_client
from tietovaranto.inforequests.tests.test_requests import mails_to, submit


@pytest.fixture
def staff(demo_catalog: Organisation) -> User:
    user = User.objects.create_user("kirjaamo", "kirjaamo@kaarina.fi", "salasana-123")
    for role in (Role.HANDLER, Role.DECIDER):
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    return user


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def decided(client: Client, staff: User, demo_catalog: Organisation, language: str) -> InformationRequest:
    """A refused request, asked to be decided in writing, decided."""
    demo_catalog.default_court = "turku"
    demo_catalog.name_sv = "S:t Karins stad"
    demo_catalog.save()
    request = submit(
        client,
        requester_name="Åsa Öhman-Ärlig",
        delivery="paper",
        requester_address="Västra gatan 1\n21600 Pargas",
    )
    request.language = language  # as if sent from the Swedish form
    request.save()
    services.answer(request, "refused", "Nej.", "OffL 24 §", staff)
    services.ask_for_written_decision(request)
    defaults = services.decision_defaults(request)
    services.give_written_decision(
        request,
        "Handlingen är sekretessbelagd – OffL 24 § 1 mom 32 p. ”Löner” 12 €.",
        defaults.decider,
        "turku",
        staff,
    )
    return request


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_decision_pdf_holds_the_whole_decision_in_its_language(
    client: Client,
    staff: User,
    demo_catalog: Organisation,
    language: str,
) -> None:
    request = decided(client, staff, demo_catalog, language)
    status_page = client.get(f"/requests/{request.token}/").content.decode()
    url = f"/requests/{request.token}/decision.pdf"
    assert url in status_page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    expected_name = "beslut" if language == "sv" else "paatos"
    assert f'filename="{request.reference}-{expected_name}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert request.reference in text
    assert "Åsa Öhman-Ärlig" in text  # the requester
    assert "Hallintojohtaja" in text  # the decider from the catalog
    assert "Handlingen är sekretessbelagd – OffL 24 § 1 mom 32 p. ”Löner” 12 €." in text
    if language == "sv":
        assert "BESLUT" in text
        assert "S:t Karins stad" in text
        assert "Åbo förvaltningsdomstol" in text
        assert "Lasarettsgatan 2–4" in text  # the court's address in the appeal instructions
        assert "BESVÄRSANVISNING" in text
    else:
        assert "PÄÄTÖS" in text
        assert "Kaarinan kaupunki" in text
        assert "Turun hallinto-oikeus" in text
        assert "Sairashuoneenkatu 2–4" in text
        assert "VALITUSOSOITUS" in text


def test_requester_download_appears_in_the_staff_timeline(
    client: Client,
    staff: User,
    demo_catalog: Organisation,
) -> None:
    request = decided(client, staff, demo_catalog, "fi")
    assert client.get(f"/requests/{request.token}/decision.pdf").status_code == 200
    assert client.get(f"/requests/{request.token}/decision.pdf").status_code == 200
    downloads = request.events.filter(kind=EventKind.DECISION_DOWNLOADED)
    assert downloads.count() == 2
    assert not downloads.filter(public=True).exists()  # staff see it, the requester's page does not
    handler = staff_client(staff)
    detail = handler.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Pyytäjä latasi päätöksen (PDF)" in detail
    # staff's own download of the same PDF is not the requester's
    staff_pdf = handler.get(f"/staff/requests/{request.reference}/decision.pdf")
    assert staff_pdf.status_code == 200
    assert request.reference in pdf_text(staff_pdf.content)
    assert downloads.count() == 2


def test_decision_pdf_is_served_only_through_its_own_private_link_or_to_its_staff(
    client: Client,
    staff: User,
    demo_catalog: Organisation,
    settings: Any,
) -> None:
    settings.REQUEST_RATE_LIMIT = "100/600"
    request = decided(client, staff, demo_catalog, "fi")
    other = submit(client, subject="Toinen pyyntö")
    assert client.get(f"/requests/{other.token}/decision.pdf").status_code == 404  # no decision of its own
    assert client.get("/requests/not-a-real-token-at-all/decision.pdf").status_code == 404
    anonymous = Client()
    staff_url = f"/staff/requests/{request.reference}/decision.pdf"
    response = anonymous.get(staff_url)  # no one logged in: the log-in page, no PDF
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")
    outsider = User.objects.create_user("ulkopuolinen", "x@example.org", "salasana-123")
    assert staff_client(outsider).get(staff_url).status_code == 404
    assert staff_client(outsider).get(f"/staff/requests/{request.reference}/letter.pdf").status_code == 404
    assert not request.events.filter(kind=EventKind.DECISION_DOWNLOADED).exists()
    request.anonymised_at = request.received_at
    request.save()
    assert client.get(f"/requests/{request.token}/decision.pdf").status_code == 404


def test_paper_letter_pdf_has_the_address_reference_and_message(
    client: Client,
    staff: User,
    demo_catalog: Organisation,
) -> None:
    request = submit(
        client, delivery="paper", requester_address="Testikatu 1\n20100 Turku", requester_name="Märta Ås"
    )
    services.answer(request, "disclosed", "Asiakirjat ovat liitteenä – maksu 0 €.", "", staff)
    handler = staff_client(staff)
    detail = handler.get(f"/staff/requests/{request.reference}/").content.decode()
    assert f"/staff/requests/{request.reference}/letter.pdf" in detail
    response = handler.get(f"/staff/requests/{request.reference}/letter.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Märta Ås\nTestikatu 1\n20100 Turku" in text
    assert request.reference in text
    assert "Asiakirjat ovat liitteenä – maksu 0 €." in text
    assert "Kaarinan kaupunki" in text


def test_without_the_dejavu_font_the_pdf_falls_back_and_a_check_warns(
    client: Client,
    staff: User,
    demo_catalog: Organisation,
    settings: Any,
    tmp_path: Any,
) -> None:
    request = decided(client, staff, demo_catalog, "sv")
    settings.PDF_FONT_DIR = str(tmp_path)
    warnings = [m for m in documents.check_pdf_font() if m.id == "inforequests.W001"]
    assert warnings
    assert "fonts-dejavu-core" in (warnings[0].hint or "")
    assert warnings[0].level == checks.WARNING
    content = client.get(f"/requests/{request.token}/decision.pdf").content
    assert b"DejaVu" not in content
    assert b"/Helvetica" in content
    text = pdf_text(content)
    assert "Åbo förvaltningsdomstol" in text  # Windows-1252 still has å ä ö € – ”
    assert "12 €" in text


def test_the_written_decision_masks_an_identity_code_typed_into_the_request(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    request = submit(client, subject="Palkkatietoni, hetu 131052-308T, vuodelta 2024")
    services.answer(request, "refused", "Ei.", "JulkL 24 §", staff)
    services.ask_for_written_decision(request)
    defaults = services.decision_defaults(request)
    services.give_written_decision(request, "Salassa pidettävä.", defaults.decider, "turku", staff)
    page = client.get(f"/requests/{request.token}/decision/").content.decode()
    pdf = pdf_text(client.get(f"/requests/{request.token}/decision.pdf").content)
    for shown in (page, pdf):
        assert "131052-****" in shown  # before, the whole code was in the requester's decision
        assert "131052-308T" not in shown


def test_links_in_later_e_mails_open_the_status_page_in_the_requesters_language(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    request = submit(client, requester_email="asa@example.fi")
    request.language = "sv"  # as if sent from the Swedish form
    request.save()
    with translation.override("fi"):  # a Finnish-speaking handler answers
        services.answer(request, "refused", "Nej.", "OffL 24 §", staff)
    answer = mails_to("asa@example.fi")[-1].email.body
    assert f"/sv/requests/{request.token}/" in answer  # before, the handler's language: the Finnish page
