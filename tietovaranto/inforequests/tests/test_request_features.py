"""Issue 14, as requesters and registry staff meet it: routing that always reaches a human, the
status page told to the requester, identity verification, the written decision, the inbox, identity
codes in search criteria, the message thread, attachments, privacy notice and statistics."""

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from mailer.models import Message

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import InformationResource, Organisation, SearchCriterion
from tietovaranto.importer.services import page_import
from tietovaranto.inforequests import deadlines, services
from tietovaranto.inforequests.models import (
    Attachment,
    EventKind,
    FeeItem,
    InformationRequest,
    Status,
)
from tietovaranto.inforequests.selectors import (
    monthly_statistics,
    request_channel_missing,
    resource_statistics,
)
from tietovaranto.inforequests.tests.test_requests import FORM, HETU, mails_to, public_form, submit

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def staff_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff(demo_catalog: Organisation) -> User:
    user = User.objects.create_user("kirjaamo", "kirjaamo@kaarina.fi", "salasana-123")
    for role in (Role.HANDLER, Role.DECIDER):  # the registry office, which also signs decisions here
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    return user


@pytest.fixture
def bare_org(db: None) -> Organisation:
    """An organisation whose page states no request contact anywhere."""
    page_import(
        text="Tietovarannot\n\nAlue\n\nMuu tietovaranto\n\nRekisterit\n - Muu rekisteri\n",
        organisation_name="Hiljainen kunta",
        publish=True,
    )
    return Organisation.objects.get(name="Hiljainen kunta")


# -- routing: a request always reaches a human ---------------------------------------------------------


def test_without_any_channel_the_form_is_not_published_and_staff_are_told(bare_org: Organisation) -> None:
    assert request_channel_missing(bare_org)
    page = Client().get(f"/{bare_org.slug}/request/")
    html = page.content.decode()
    assert "ei vielä ota vastaan tietopyyntöjä" in html
    assert 'name="subject"' not in html  # no form to fill in for nothing
    Client().post(f"/{bare_org.slug}/request/", public_form(resource=[]))
    assert InformationRequest.objects.count() == 0
    api = Client().post(
        "/api/v1/requests",
        {"organisation": bare_org.slug, "subject": "x", "requester_email": "a@example.org"},
        content_type="application/json",
    )
    assert api.status_code == 422
    user = User.objects.create_user("hiljainen", "h@example.org", "salasana-123")
    Membership.objects.create(user=user, organisation=bare_org, role=Role.HANDLER)
    inbox = staff_client(user).get("/staff/requests/").content.decode()
    assert "Organisaation Hiljainen kunta tietopyyntölomaketta ei julkaista" in inbox


def test_registry_office_receives_a_request_about_no_resource(client: Client, bare_org: Organisation) -> None:
    bare_org.registry_email = "kirjaamo@hiljainen.fi"
    bare_org.save()
    assert not request_channel_missing(bare_org)
    response = client.post(f"/{bare_org.slug}/request/", public_form(resource=[]))
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert services.routing_addresses(request) == ["kirjaamo@hiljainen.fi"]
    [routed] = mails_to("kirjaamo@hiljainen.fi")
    assert request.reference in routed.subject


def test_with_resource_channels_only_a_general_request_goes_where_most_resources_send(
    client: Client, demo_catalog: Organisation
) -> None:
    """Kaarina states request e-mails per resource but no registry office e-mail."""
    assert not demo_catalog.registry_email
    assert not request_channel_missing(demo_catalog)
    general = submit(client, resource=[])  # refused before: the search page offers it when nothing is found
    assert services.routing_addresses(general) == ["kirjaamo@kaarina.fi"]  # the kirjaamo most resources give
    request = submit(client)
    assert services.routing_addresses(request)  # reaches the resource's own channel


def test_staff_links_are_in_the_staff_language_even_for_a_swedish_request(
    client: Client, demo_catalog: Organisation
) -> None:
    client.post("/sv/kaarinan-kaupunki/request/", public_form())
    request = InformationRequest.objects.get()
    assert request.language == "sv"
    routed = mails_to("maija.hanhiala@kaarina.fi")[0].email.body  # type: ignore[union-attr]
    assert f"/staff/requests/{request.reference}/" in routed
    assert "/sv/staff/" not in routed
    receipt = mails_to("pyytaja@example.org")[0]
    assert "/sv/requests/" in receipt.email.body or "/requests/" in receipt.email.body  # type: ignore[union-attr]


# -- the status page, told to the requester ------------------------------------------------------------


def test_status_page_while_waiting_for_clarification_shows_no_stale_due_date(
    client: Client, staff: User
) -> None:
    request = submit(client)
    old_due = request.due_date.strftime("%-d.%-m.%Y")  # type: ignore[union-attr]
    services.ask_clarification(request, "Mitkä rekrytoinnit?", staff)
    page = client.get(f"/requests/{request.token}/").content.decode()
    assert "Odottaa tarkennustasi" in page
    assert old_due not in page
    assert "Pyysimme sinua tarkentamaan pyyntöäsi" in page  # told to the requester, not to staff
    assert "Pyytäjää pyydetty" not in page
    inbox = staff_client(staff).get("/staff/requests/?status=waiting").content.decode()
    assert request.reference in inbox
    assert "odottaa pyytäjää" in inbox


def test_a_written_decision_has_its_own_period_shown_and_tracked(client: Client, staff: User) -> None:
    request = submit(client)
    services.answer(request, "refused", "Ei voida antaa.", "JulkL 24 § 1 mom 25 k", staff)
    client.post(f"/requests/{request.token}/", {"action": "decision", "text": ""})
    request.refresh_from_db()
    assert request.status == Status.REFERRED
    assert request.decision_requested_at is not None
    expected = deadlines.decision_due_date(request.decision_requested_at)
    assert request.decision_due_date == expected
    page = client.get(f"/requests/{request.token}/").content.decode()
    assert "Kirjallinen päätös annettava viimeistään" in page
    assert expected.strftime("%-d.%-m.%Y") in page
    assert "Pyysit kirjallista päätöstä" in page
    # staff see it in the inbox as due, and `remind` reminds of it when late
    InformationRequest.objects.filter(pk=request.pk).update(
        decision_due_date=services.today() - timedelta(days=2)
    )
    inbox = staff_client(staff).get("/staff/requests/?status=overdue").content.decode()
    assert request.reference in inbox
    assert "2 päivää myöhässä" in inbox
    assert services.send_reminders() == 1


def test_decision_period_rule() -> None:
    asked = datetime(2026, 6, 5, 10, tzinfo=deadlines.HELSINKI)  # 19.6. is Midsummer Eve
    assert deadlines.decision_due_date(asked) == datetime(2026, 6, 22).date()
    assert deadlines.decision_due_date(asked, large=True) == datetime(2026, 7, 6).date()


# -- own data: identity first --------------------------------------------------------------------------


def test_own_data_is_disclosed_only_after_identity_is_verified(client: Client, staff: User) -> None:
    form = client.get(FORM, {"resource": "henkilostotietovaranto"}).content.decode()
    assert "vahvalla sähköisellä tunnistuksella" in form
    assert "allekirjoittamallasi kirjeellä" in form
    request = submit(client, kind="own_data", requester_name="Maija", identity_code=HETU)
    handler = staff_client(staff)
    base = f"/staff/requests/{request.reference}"
    response = handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Palkkatietosi liitteenä."})
    assert response.status_code == 400
    assert "Todenna ensin pyytäjän henkilöllisyys" in response.content.decode()
    assert "Palkkatietosi liitteenä." in response.content.decode()  # what was typed is kept
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    handler.post(f"{base}/verify/", {"method": "strong_eid"})
    request.refresh_from_db()
    assert request.identity_verified_by == "strong_eid"
    handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Palkkatietosi liitteenä."})
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert "Henkilöllisyytesi todennettiin" in client.get(f"/requests/{request.token}/").content.decode()


def test_refusing_stays_possible_without_verification(client: Client, staff: User) -> None:
    request = submit(client, kind="own_data", requester_name="Maija", identity_code=HETU)
    services.answer(request, "refused", "Henkilöllisyyttä ei voitu todentaa.", "GDPR 12(2)", staff)
    assert request.status == Status.ANSWERED


# -- staff forms keep what was typed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data", "kept"),
    [
        (
            "answer",
            {"outcome": "refused", "text": "Kielteinen vastaus tässä", "reason": ""},
            "Kielteinen vastaus",
        ),
        ("extend", {"reason": "   "}, None),
        (
            "transfer",
            {"authority": "Varha", "authority_email": "", "text": "Siirretään Varhalle"},
            "Siirretään Varhalle",
        ),
        ("reply", {"text": "Liite puuttui", "files": "x"}, None),
    ],
)
def test_staff_forms_keep_typed_values_after_an_error(
    client: Client, staff: User, action: str, data: dict[str, Any], kept: str | None
) -> None:
    request = submit(client)
    if action == "reply":
        data = {
            "text": "Liite puuttui",
            "files": SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/pdf"),
        }
        kept = "Liite puuttui"
    response = staff_client(staff).post(f"/staff/requests/{request.reference}/{action}/", data)
    assert response.status_code == 400
    if kept:
        assert kept in response.content.decode()


def test_decision_form_keeps_reasons_and_decider_after_an_error(client: Client, staff: User) -> None:
    request = submit(client)
    services.answer(request, "refused", "Ei.", "JulkL 24 §", staff)
    services.ask_for_written_decision(request)
    response = staff_client(staff).post(
        f"/staff/requests/{request.reference}/decide/",
        {"reasons": "Perustelut pitkästi", "decider": "Arkistopäällikkö Testi", "court": "nowhere"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Perustelut pitkästi" in html
    assert 'value="Arkistopäällikkö Testi"' in html


# -- the written decision -----------------------------------------------------------------------------


def test_decision_is_prefilled_and_swedish_decisions_use_swedish_names(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    demo_catalog.default_court = "turku"
    demo_catalog.name_sv = "S:t Karins stad"
    demo_catalog.save()
    client.post("/sv/kaarinan-kaupunki/request/", public_form())
    request = InformationRequest.objects.get()
    services.answer(request, "refused", "Nej.", "OffL 24 §", staff)
    services.ask_for_written_decision(request)
    resource = InformationResource.objects.get(slug="henkilostotietovaranto")
    page = staff_client(staff).get(f"/staff/requests/{request.reference}/").content.decode()
    assert '<option value="turku" selected>' in page
    defaults = services.decision_defaults(request)
    assert defaults.court == "turku"
    assert defaults.decider.startswith("Hallintojohtaja")  # the catalog's deciding official
    assert f'value="{defaults.decider}"' in page
    assert resource in request.resources.all()
    services.give_written_decision(request, "OffL 24 § 1 mom 32 p.", defaults.decider, "turku", staff)
    decision = request.events.get(kind=EventKind.DECIDED).text
    assert "Åbo förvaltningsdomstol" in decision
    assert "Turun hallinto-oikeus" not in decision
    assert "S:t Karins stad" in decision
    assert "Lasarettsgatan 2–4" in decision
    assert "turku.hao@oikeus.fi" in decision
    document = client.get(f"/requests/{request.token}/decision/")
    assert document.status_code == 200
    assert "Åbo förvaltningsdomstol" in document.content.decode()
    assert "/decision/" in client.get(f"/sv/requests/{request.token}/").content.decode()


# -- the inbox ---------------------------------------------------------------------------------------


def test_inbox_subject_search_filters_and_paging(
    client: Client, staff: User, settings: Any, demo_catalog: Organisation
) -> None:
    settings.REQUEST_RATE_LIMIT = "100/600"
    first = submit(client, subject="Rakennuslupien hakemukset 2024")
    second = submit(client, subject="Palkkatiedot", requester_email="toinen@example.org")
    services.assign_handler(second, staff, staff)
    handler = staff_client(staff)
    page = handler.get("/staff/requests/").content.decode()
    assert "Rakennuslupien hakemukset 2024" in page  # subject column
    found = handler.get("/staff/requests/", {"q": "rakennuslup"}).content.decode()
    assert first.reference in found
    assert second.reference not in found
    by_requester = handler.get("/staff/requests/", {"q": "toinen@"}).content.decode()
    assert second.reference in by_requester
    assert first.reference not in by_requester
    mine = handler.get("/staff/requests/", {"status": "mine"}).content.decode()
    assert second.reference in mine
    assert first.reference not in mine
    unassigned = handler.get("/staff/requests/", {"status": "unassigned"}).content.decode()
    assert first.reference in unassigned
    assert second.reference not in unassigned
    InformationRequest.objects.filter(pk=first.pk).update(due_date=services.today() - timedelta(days=1))
    overdue = handler.get("/staff/requests/", {"status": "overdue"}).content.decode()
    assert first.reference in overdue
    assert second.reference not in overdue
    for _ in range(50):
        submit(client)
    page_one = handler.get("/staff/requests/").content.decode()
    assert "Sivu 1 / 2" in page_one
    assert "Sivu 2 / 2" in handler.get("/staff/requests/", {"page": 2}).content.decode()


def test_inbox_hint_without_membership(db: None) -> None:
    user = User.objects.create_user("uusi", "uusi@example.org", "salasana-123")
    page = staff_client(user).get("/staff/requests/").content.decode()
    assert "Et ole vielä minkään organisaation tietopyyntöjen käsittelijä" in page


# -- identity codes in search criteria ---------------------------------------------------------------


def test_identity_code_criteria_are_validated_masked_and_revealed_with_a_log(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    resource = InformationResource.objects.get(slug="henkilostotietovaranto")
    criterion = SearchCriterion.objects.create(
        organisation=demo_catalog, resource=resource, name="henkilötunnus"
    )
    field = f"criterion_{criterion.pk}"
    bad = client.post(FORM, public_form(**{field: "131052-308U"}))
    assert bad.status_code == 400
    assert "tarkistusmerkki" in bad.content.decode()
    request = submit(client, **{field: HETU.lower()})
    assert request.criteria_values["henkilötunnus"] == HETU
    handler = staff_client(staff)
    page = handler.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "131052-****" in page
    assert HETU not in page
    assert all(HETU not in m.email.body for m in Message.objects.all())  # type: ignore[union-attr]
    assert HETU not in client.get(f"/requests/{request.token}/").content.decode()
    revealed = handler.post(f"/staff/requests/{request.reference}/reveal/").content.decode()
    assert HETU in revealed
    event = request.events.get(kind=EventKind.IDENTITY_REVEALED)
    assert event.actor == staff
    assert not event.public
    assert HETU not in handler.get(f"/staff/requests/{request.reference}/").content.decode()


# -- the message thread ------------------------------------------------------------------------------


def test_requester_and_staff_write_to_each_other_at_any_point(client: Client, staff: User) -> None:
    request = submit(client)
    client.post(f"/requests/{request.token}/", {"action": "message", "text": "Lisäksi vuosi 2024, kiitos."})
    assert request.events.filter(kind=EventKind.MESSAGE, public=True).count() == 1
    staff_mail = mails_to("maija.hanhiala@kaarina.fi")[-1]
    assert "pyytäjä lähetti viestin" in staff_mail.subject
    assert "Lisäksi vuosi 2024" not in staff_mail.email.body  # type: ignore[union-attr]
    handler = staff_client(staff)
    assert (
        "Lisäksi vuosi 2024, kiitos." in handler.get(f"/staff/requests/{request.reference}/").content.decode()
    )
    handler.post(f"/staff/requests/{request.reference}/reply/", {"text": "Selvä, lisäämme vuoden 2024."})
    page = client.get(f"/requests/{request.token}/").content.decode()
    assert "Viesti viranomaiselta" in page
    assert "Selvä, lisäämme vuoden 2024." in page
    assert "Selvä, lisäämme" in mails_to("pyytaja@example.org")[-1].email.body  # type: ignore[union-attr]
    empty = client.post(f"/requests/{request.token}/", {"action": "message", "text": "  "})
    assert empty.status_code == 400


# -- attachments ---------------------------------------------------------------------------------------


def test_attachments_are_checked_by_content_stored_privately_and_downloads_counted(
    client: Client, staff: User, settings: Any, tmp_path: Any
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    request = submit(client)
    handler = staff_client(staff)
    base = f"/staff/requests/{request.reference}"
    fake = SimpleUploadedFile("tilasto.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Liitteenä.", "files": fake})
    assert response.status_code == 400
    assert "ei ole sallittu tiedosto" in response.content.decode()
    settings.REQUEST_ATTACHMENT_MAX_BYTES = 10
    big = SimpleUploadedFile("iso.pdf", PDF, "application/pdf")
    assert (
        handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "x", "files": big}).status_code
        == 400
    )
    settings.REQUEST_ATTACHMENT_MAX_BYTES = 1024 * 1024
    good = SimpleUploadedFile("tilasto.pdf", PDF, "application/pdf")
    handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Liitteenä.", "files": good})
    attachment = Attachment.objects.get()
    assert attachment.file.path.startswith(str(tmp_path))
    assert "tilasto" not in str(attachment.file.name)
    url = f"/requests/{request.token}/attachments/{attachment.pk}/"
    assert url in client.get(f"/requests/{request.token}/").content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Type"] == "application/pdf"
    assert client.get(f"/requests/wrong-token/attachments/{attachment.pk}/").status_code == 404
    attachment.refresh_from_db()
    assert attachment.downloads == 1
    assert request.events.filter(kind=EventKind.ATTACHMENT_DOWNLOADED, public=False).count() == 1
    assert "ladattu 1 kerran" in handler.get(base + "/").content.decode()


def test_paper_delivery_letter_has_address_and_reference(client: Client, staff: User) -> None:
    request = submit(
        client, delivery="paper", requester_address="Testikatu 1\n20100 Turku", requester_name="Maija"
    )
    services.answer(request, "disclosed", "Asiakirjat ovat liitteenä.", "", staff)
    letter = staff_client(staff).get(f"/staff/requests/{request.reference}/letter/").content.decode()
    assert "Testikatu 1<br>20100 Turku" in letter
    assert request.reference in letter
    assert "Asiakirjat ovat liitteenä." in letter


# -- privacy notice and accessibility statement ------------------------------------------------------


def test_privacy_notice_is_linked_and_names_the_retention(
    client: Client, demo_catalog: Organisation, settings: Any
) -> None:
    settings.REQUEST_RETENTION_DAYS = 730
    form = client.get(FORM).content.decode()
    assert "/kaarinan-kaupunki/privacy/" in form
    notice = client.get("/kaarinan-kaupunki/privacy/").content.decode()
    assert "730 päivän" in notice
    assert "Kaarinan kaupunki" in notice
    request = submit(client)
    assert "/kaarinan-kaupunki/privacy/" in client.get(f"/requests/{request.token}/").content.decode()
    demo_catalog.privacy_notice = "Oma selosteemme.\n\nToinen kappale."
    demo_catalog.privacy_notice_sv = "Vår egen beskrivning."
    demo_catalog.save()
    assert "Oma selosteemme." in client.get("/kaarinan-kaupunki/privacy/").content.decode()
    assert "Vår egen beskrivning." in client.get("/sv/kaarinan-kaupunki/privacy/").content.decode()


def test_every_page_links_an_accessibility_statement(client: Client, demo_catalog: Organisation) -> None:
    assert 'href="/accessibility/"' in client.get("/search/?q=palkka").content.decode()
    assert client.get("/accessibility/").status_code == 200
    demo_catalog.accessibility_statement_url = "https://www.kaarina.fi/saavutettavuus"
    demo_catalog.save()
    assert "https://www.kaarina.fi/saavutettavuus" in client.get(FORM).content.decode()


# -- statistics --------------------------------------------------------------------------------------


def test_statistics_count_transfers_apart_and_per_resource(
    client: Client, staff: User, demo_catalog: Organisation, settings: Any
) -> None:
    settings.REQUEST_RATE_LIMIT = "100/600"
    requests = [submit(client) for _ in range(6)]
    for request in requests[:5]:
        services.transfer(request, "Varha", "kirjaamo@varha.fi", "", staff)
    services.answer(requests[5], "disclosed", "Tässä.", "", staff)
    [month] = monthly_statistics(demo_catalog)
    assert (month.transferred, month.answered) == (5, 1)
    [figure] = resource_statistics(demo_catalog)
    assert (figure.resource.slug, figure.shown) == ("henkilostotietovaranto", "6")
    page = client.get("/kaarinan-kaupunki/statistics/").content.decode()
    assert "Pyynnöt tietovarannoittain" in page
    assert "Siirretty" in page
    csv_text = client.get("/kaarinan-kaupunki/statistics.csv").content.decode()
    assert csv_text.splitlines()[0].endswith(",transferred")


def test_small_resource_counts_are_hidden(client: Client, demo_catalog: Organisation) -> None:
    submit(client)
    [figure] = resource_statistics(demo_catalog)
    assert figure.shown == "< 5"


# -- fees (JulkL 34 §) -------------------------------------------------------------------------------


def test_fee_is_quoted_accepted_before_the_work_and_recorded_in_the_answer(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    FeeItem.objects.create(organisation=demo_catalog, name="Kopio", unit="sivu", price="0.50")
    prices = client.get("/kaarinan-kaupunki/fees/").content.decode()
    assert "Kopio" in prices
    assert "0,50 € / sivu" in prices
    assert "/kaarinan-kaupunki/fees/" in client.get(FORM).content.decode()
    request = submit(client)
    handler = staff_client(staff)
    base = f"/staff/requests/{request.reference}"
    bad = handler.post(f"{base}/quote/", {"amount": "kaksi", "text": "Kopiot 40 sivua"})
    assert bad.status_code == 400
    assert "Kopiot 40 sivua" in bad.content.decode()
    handler.post(f"{base}/quote/", {"amount": "20,00", "text": "Kopiot 40 sivua à 0,50 €"})
    status = client.get(f"/requests/{request.token}/").content.decode()
    assert "20,00 €" in status
    assert "Hyväksyn maksun" in status
    refused = handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Kopiot postissa."})
    assert refused.status_code == 400
    assert "ei ole vielä hyväksynyt" in refused.content.decode()
    client.post(f"/requests/{request.token}/", {"action": "accept_fee"})
    request.refresh_from_db()
    assert request.fee_accepted_at is not None
    handler.post(f"{base}/answer/", {"outcome": "disclosed", "text": "Kopiot postissa."})
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    assert str(request.fee_charged) == "20.00"
    assert "Maksu: 20,00 €" in mails_to("pyytaja@example.org")[-1].email.body  # type: ignore[union-attr]


def test_requests_are_free_by_default(client: Client, staff: User) -> None:
    request = submit(client)
    # no price list: no quote (before, the requester was told of a fee "by the price list")
    quote = staff_client(staff).post(
        f"/staff/requests/{request.reference}/quote/", {"amount": "20,00", "text": "Kopiot"}
    )
    assert quote.status_code == 400
    assert "Organisaatiolla ei ole hinnastoa" in quote.content.decode()
    request.refresh_from_db()
    assert request.fee_quote is None
    services.answer(request, "disclosed", "Tässä.", "", staff)
    assert request.fee_charged is None
    assert "Maksu" not in mails_to("pyytaja@example.org")[-1].email.body  # type: ignore[union-attr]
