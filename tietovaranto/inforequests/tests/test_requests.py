"""The whole path of a request: form and API, receipt, routing, staff steps, deadlines, e-mail."""

import contextlib
import re
import socket
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from mailer.models import Message

from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.importer.services import page_import
from tietovaranto.inforequests import services
from tietovaranto.inforequests.models import EventKind, InformationRequest, Status

FORM = "/kaarinan-kaupunki/request/"
HETU = "131052-308T"


def public_form(**changes: Any) -> dict[str, Any]:
    data = {
        "resource": ["henkilostotietovaranto"],
        "kind": "public",
        "subject": "Kaupungin rekrytointien hakijamäärät vuonna 2025",
        "delivery": "email",
        "requester_email": "pyytaja@example.org",
    }
    return data | changes


@pytest.fixture
def staff(demo_catalog: Organisation) -> User:
    user = User.objects.create_user("kirjaamo", "kirjaamo@kaarina.fi", "salasana-123")
    for role in (Role.HANDLER, Role.DECIDER):  # the registry office, which also signs decisions here
        Membership.objects.create(user=user, organisation=demo_catalog, role=role)
    return user


@pytest.fixture
def outsider(db: None) -> User:
    """Staff of another organisation."""
    page_import(
        publish=True,
        text="Tietovarannot\n\nAlue\n\nMuu tietovaranto\n\nRekisterit\n - Muu rekisteri\n",
        organisation_name="Muu kunta",
    )
    user = User.objects.create_user("muu", "muu@example.org", "salasana-123")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name="Muu kunta"), role=Role.HANDLER
    )
    return user


def submit(client: Client, **changes: Any) -> InformationRequest:
    response = client.post(FORM, public_form(**changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return InformationRequest.objects.get(token=response["Location"].rstrip("/").split("/")[-1])


def mail_texts() -> list[str]:
    return [m.email.message().as_string() + m.email.body for m in Message.objects.all()]  # type: ignore[union-attr]


def mails_to(address: str) -> list[Any]:
    return [m for m in Message.objects.order_by("pk") if address in m.to_addresses]


def test_anonymous_public_request_gets_reference_receipt_and_due_date(
    client: Client, demo_catalog: Organisation
) -> None:
    form_page = client.get(FORM, {"resource": "henkilostotietovaranto"}).content.decode()
    assert "palkka" in form_page  # the resource's search criteria are offered as fields
    request = submit(client)
    assert re.fullmatch(rf"TP-{timezone.now().year}-000001", request.reference)
    assert request.status == Status.RECEIVED
    assert request.due_date == services.compute_due_date(request)
    status_page = client.get(f"/requests/{request.token}/").content.decode()
    assert request.reference in status_page
    assert request.due_date.strftime("%-d.%-m.%Y") in status_page
    receipt, routed = Message.objects.order_by("pk")
    assert receipt.to_addresses == ["pyytaja@example.org"]
    assert request.reference in receipt.subject
    assert f"/requests/{request.token}/" in receipt.email.body  # type: ignore[union-attr]
    assert routed.to_addresses == ["maija.hanhiala@kaarina.fi"]  # the resource's request channel


def test_references_are_sequential(client: Client, demo_catalog: Organisation) -> None:
    first, second = submit(client), submit(client)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_invalid_identity_code_is_shown_back_and_nothing_typed_is_lost(
    client: Client, demo_catalog: Organisation
) -> None:
    data = public_form(kind="own_data", requester_name="Maija Meikäläinen", identity_code="131052-308U")
    response = client.post(FORM, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "check character" in html or "tarkistusmerkki" in html
    assert "Kaupungin rekrytointien hakijamäärät vuonna 2025" in html
    assert 'value="Maija Meikäläinen"' in html
    assert InformationRequest.objects.count() == 0


def test_own_data_request_needs_a_name_and_secret_request_an_intended_use(
    client: Client, demo_catalog: Organisation
) -> None:
    assert client.post(FORM, public_form(kind="own_data")).status_code == 400
    assert client.post(FORM, public_form(kind="secret", requester_name="Maija")).status_code == 400
    request = submit(client, kind="own_data", requester_name="Maija", identity_code=HETU)
    assert request.is_gdpr
    assert request.identity_code == HETU


def test_the_spam_trap_and_the_rate_limit(client: Client, demo_catalog: Organisation, settings: Any) -> None:
    settings.REQUEST_RATE_LIMIT = "2/600"
    assert client.post(FORM, public_form(website="http://spam.example")).status_code == 400
    for _ in range(4):  # forms with errors do not use up the allowance
        assert client.post(FORM, public_form(requester_email="")).status_code == 400
    submit(client)
    submit(client)
    response = client.post(FORM, public_form())
    assert response.status_code == 429
    assert "Please try again in a few minutes" in response.content.decode() or "muutaman" in (
        response.content.decode()
    )
    assert InformationRequest.objects.count() == 2


def test_csrf_is_required(demo_catalog: Organisation) -> None:
    response = Client(enforce_csrf_checks=True).post(FORM, public_form())
    assert response.status_code == 403


def test_api_submission(client: Client, demo_catalog: Organisation) -> None:
    payload = {
        "organisation": "kaarinan-kaupunki",
        "resources": ["henkilostotietovaranto"],
        "subject": "Palkkatietoni vuodelta 2025",
        "kind": "own_data",
        "requester_name": "Maija Meikäläinen",
        "identity_code": HETU,
        "requester_email": "maija@example.org",
        "criteria": {"palkka": "2025"},
    }
    response = client.post("/api/v1/requests", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    created = InformationRequest.objects.get(reference=body["reference"])
    assert body["status_url"].endswith(f"/requests/{created.token}/")
    assert body["due_date"] == str(created.due_date)
    assert created.channel == "api"
    assert created.criteria_values == {"palkka": "2025"}
    bad = client.post(
        "/api/v1/requests", payload | {"identity_code": "131052-308U"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "identity_code" in bad.json()["errors"]
    missing = client.post(
        "/api/v1/requests", {"organisation": "kaarinan-kaupunki"}, content_type="application/json"
    )
    assert missing.status_code == 422
    # a criterion the resource does not have: stored as {} with a 201 before
    unknown = client.post(
        "/api/v1/requests", payload | {"criteria": {"kengännumero": "42"}}, content_type="application/json"
    )
    assert unknown.status_code == 422
    assert "tuntematon hakutekijä: kengännumero" in unknown.json()["errors"]["criteria"][0]
    # an invalid criterion value is reported under the criterion's name, not "criterion_49"
    bad_hetu = client.post(
        "/api/v1/requests", payload | {"criteria": {"hetu": "123"}}, content_type="application/json"
    )
    assert bad_hetu.status_code == 422
    assert list(bad_hetu.json()["errors"]) == ["criteria.hetu"]


def test_api_errors_are_in_the_language_of_accept_language_not_of_the_answer(
    client: Client, demo_catalog: Organisation
) -> None:
    payload = {
        "organisation": "kaarinan-kaupunki",
        "resources": ["henkilostotietovaranto"],
        "subject": "",
        "kind": "own_data",
        "requester_name": "Maja Exempel",
        "identity_code": "131052-308U",
        "requester_email": "maja@example.org",
        "language": "sv",  # the language the requester wants the answer in
    }
    expected = {
        "fi": ("Henkilötunnuksen tarkistusmerkki ei täsmää. Tarkista tunnus.", "Tämä kenttä vaaditaan."),
        "sv": (
            "Personbeteckningens kontrolltecken stämmer inte. Kontrollera beteckningen.",
            "Detta fält måste fyllas i.",
        ),
        "en": (
            "The check character of the personal identity code does not match. Please check the code.",
            "This field is required.",
        ),
    }
    for language, (identity_code, required) in expected.items():
        for header in (
            ({"Accept-Language": language}, {}) if language == "fi" else ({"Accept-Language": language},)
        ):
            response = client.post(
                "/api/v1/requests", payload, content_type="application/json", headers=header
            )
            assert response.status_code == 422
            assert response["Content-Language"] == language
            errors = response.json()["errors"]
            assert errors["identity_code"] == [identity_code], header  # Swedish whatever the header before
            assert errors["subject"] == [required], header
    assert not InformationRequest.objects.exists()
    valid = payload | {"subject": "Mina löneuppgifter", "identity_code": HETU}
    created = client.post(
        "/api/v1/requests", valid, content_type="application/json", headers={"Accept-Language": "en"}
    )
    assert created.status_code == 201
    assert InformationRequest.objects.get().language == "sv"  # the answers stay in the requester's


def test_the_request_apis_own_refusals_are_in_the_language_of_accept_language(
    client: Client, demo_catalog: Organisation
) -> None:
    payload = {
        "organisation": "kaarinan-kaupunki",
        "resources": ["henkilostotietovaranto"],
        "subject": "Pöytäkirjat",
        "requester_email": "a@example.org",
    }
    expected = {
        "fi": ("tuntematon tietovaranto: ei-ole", "tuntematon hakutekijä: kengännumero (tunnetut: "),
        "sv": ("okänd informationsresurs: ei-ole", "okänd sökfaktor: kengännumero (kända: "),
        "en": ("unknown resource: ei-ole", "unknown search criterion: kengännumero (known: "),
    }
    for language, (resource, criterion) in expected.items():
        headers = {"Accept-Language": language}
        unknown = payload | {"resources": ["ei-ole"]}
        response = client.post("/api/v1/requests", unknown, content_type="application/json", headers=headers)
        assert response.status_code == 422
        assert response.json()["errors"]["resources"] == [resource]  # English whatever the header before
        with_criterion = payload | {"criteria": {"kengännumero": "42"}}
        response = client.post(
            "/api/v1/requests", with_criterion, content_type="application/json", headers=headers
        )
        assert response.status_code == 422
        assert response.json()["errors"]["criteria"][0].startswith(criterion)
    assert not InformationRequest.objects.exists()


def test_identity_codes_never_leave_the_handling_organisation(
    client: Client, staff: User, demo_catalog: Organisation
) -> None:
    request = submit(client, kind="own_data", requester_name="Maija", identity_code=HETU)
    assert HETU not in client.get(f"/requests/{request.token}/").content.decode()
    assert all(HETU not in text and "308T" not in text for text in mail_texts())
    staff_client = Client()
    staff_client.force_login(staff)
    page = staff_client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "131052-****" in page
    assert HETU not in page


def test_staff_see_only_their_own_organisations_requests(client: Client, staff: User, outsider: User) -> None:
    request = submit(client)
    other = Client()
    other.force_login(outsider)
    assert other.get(f"/staff/requests/{request.reference}/").status_code == 404
    assert other.post(f"/staff/requests/{request.reference}/note/", {"text": "x"}).status_code == 404
    assert request.reference not in other.get("/staff/requests/").content.decode()
    own = Client()
    own.force_login(staff)
    assert request.reference in own.get("/staff/requests/").content.decode()
    assert Client().get("/staff/requests/").status_code == 302  # log in first


def test_clarification_restarts_the_clock(client: Client, staff: User) -> None:
    request = submit(client)
    request.received_at = request.clock_started_at = timezone.now() - timedelta(days=10)
    request.save()
    staff_client = Client()
    staff_client.force_login(staff)
    staff_client.post(f"/staff/requests/{request.reference}/clarify/", {"text": "Mitkä rekrytoinnit?"})
    request.refresh_from_db()
    assert request.status == Status.WAITING
    old_due = services.compute_due_date(request)
    client.post(
        f"/requests/{request.token}/", {"action": "clarify", "text": "Kaikki vuoden 2025 rekrytoinnit"}
    )
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS
    assert request.due_date == services.compute_due_date(request)
    assert request.due_date > old_due


def test_refusal_offers_a_written_decision_with_appeal_instructions(client: Client, staff: User) -> None:
    request = submit(client)
    staff_client = Client()
    staff_client.force_login(staff)
    base = f"/staff/requests/{request.reference}"
    staff_client.post(f"{base}/answer/", {"outcome": "refused", "text": "Emme voi luovuttaa.", "reason": ""})
    request.refresh_from_db()
    assert request.status == Status.RECEIVED  # a refusal without a reason is not accepted
    staff_client.post(
        f"{base}/answer/",
        {"outcome": "refused", "text": "Emme voi luovuttaa.", "reason": "JulkL 24 § 1 mom 32 k"},
    )
    request.refresh_from_db()
    assert request.status == Status.ANSWERED
    answer_mail = mails_to("pyytaja@example.org")[-1]
    assert "kirjallisen, perustellun päätöksen" in answer_mail.email.body  # type: ignore[union-attr]
    status_page = client.get(f"/requests/{request.token}/").content.decode()
    assert "kirjallinen päätös" in status_page.lower() or "written decision" in status_page.lower()
    client.post(f"/requests/{request.token}/", {"action": "decision", "text": ""})
    request.refresh_from_db()
    assert request.status == Status.REFERRED
    twice = client.post(f"/requests/{request.token}/", {"action": "decision", "text": ""}, follow=True)
    assert "Kirjallista päätöstä on jo pyydetty." in twice.content.decode()  # "…after a refusal" before
    staff_client.post(
        f"{base}/decide/",
        {
            "reasons": "JulkL 24 § 1 mom 32 k.",
            "decider": "Hallintojohtaja Päivi Antola",
            "court": "turku",
        },
    )
    request.refresh_from_db()
    assert request.status == Status.DECIDED
    decision = request.events.get(kind=EventKind.DECIDED).text
    assert "VALITUSOSOITUS" in decision
    assert "Turun hallinto-oikeus" in decision
    assert "30 päivää" in decision


def test_transfer_tells_the_requester_and_sends_no_personal_data(client: Client, staff: User) -> None:
    request = submit(client, kind="own_data", requester_name="Maija Meikäläinen", identity_code=HETU)
    staff_client = Client()
    staff_client.force_login(staff)
    staff_client.post(
        f"/staff/requests/{request.reference}/transfer/",
        {"authority": "Varsinais-Suomen hyvinvointialue", "authority_email": "kirjaamo@varha.fi", "text": ""},
    )
    request.refresh_from_db()
    assert request.status == Status.TRANSFERRED
    [to_authority_message] = mails_to("kirjaamo@varha.fi")
    to_authority = to_authority_message.email
    assert request.subject in to_authority.body  # type: ignore[union-attr]
    for private in ("Maija", "pyytaja@example.org", "131052"):
        assert private not in to_authority.body  # type: ignore[union-attr]
    assert any("siirretty" in m.subject for m in mails_to("pyytaja@example.org"))


def test_extension_moves_the_due_date_to_one_month(client: Client, staff: User) -> None:
    request = submit(client)
    staff_client = Client()
    staff_client.force_login(staff)
    staff_client.post(f"/staff/requests/{request.reference}/extend/", {"reason": "Satoja asiakirjoja"})
    request.refresh_from_db()
    assert request.large
    assert request.due_date is not None
    assert (request.due_date - request.received_at.date()).days >= 28


def test_a_request_past_its_two_weeks_cannot_be_extended(client: Client, staff: User) -> None:
    request = submit(client)
    request.received_at = request.clock_started_at = timezone.now() - timedelta(days=23)
    request.due_date = services.compute_due_date(request)
    request.save()
    staff_client = Client()
    staff_client.force_login(staff)
    page = staff_client.post(
        f"/staff/requests/{request.reference}/extend/", {"reason": "Satoja asiakirjoja"}, follow=True
    ).content.decode()
    assert "Kaksi viikkoa on jo kulunut" in page
    request.refresh_from_db()
    assert not request.large  # before, it was extended and left the overdue list and its reminders
    assert request.due_date < timezone.localdate()


def test_remind_emails_the_handler_of_requests_due_soon_or_late(client: Client, staff: User) -> None:
    due_soon, not_yet = submit(client), submit(client)
    services.assign_handler(due_soon, staff, staff)
    due_soon.refresh_from_db()
    due_soon.received_at = due_soon.clock_started_at = timezone.now() - timedelta(days=20)
    due_soon.due_date = services.compute_due_date(due_soon)
    due_soon.save()
    Message.objects.all().delete()
    out = StringIO()
    call_command("remind", stdout=out)
    assert "Queued 1 reminders" in out.getvalue()
    reminder = Message.objects.get()
    assert reminder.to_addresses == ["kirjaamo@kaarina.fi"]
    assert due_soon.reference in reminder.subject
    assert not_yet.reference not in reminder.subject


def test_retention_removes_personal_data_and_keeps_statistics(
    client: Client, staff: User, settings: Any
) -> None:
    request = submit(client, kind="own_data", requester_name="Maija", identity_code=HETU)
    services.verify_identity(request, "strong_eid", staff)
    services.answer(request, "disclosed", "Ohessa.", "", staff)
    InformationRequest.objects.filter(pk=request.pk).update(answered_at=timezone.now() - timedelta(days=800))
    settings.REQUEST_RETENTION_DAYS = 730
    call_command("purge-requests", stdout=StringIO())
    request.refresh_from_db()
    assert (request.identity_code, request.requester_name, request.subject, request.requester_email) == (
        "",
        "",
        "",
        "",
    )
    assert request.anonymised_at is not None
    assert all(event.text == "" for event in request.events.all())
    assert request.status == Status.ANSWERED  # still counted in the statistics


def test_statistics_hide_small_counts(
    client: Client, staff: User, demo_catalog: Organisation, settings: Any
) -> None:
    settings.REQUEST_RATE_LIMIT = "100/600"
    for _ in range(3):
        submit(client)
    page = client.get("/kaarinan-kaupunki/statistics/").content.decode()
    assert "&lt; 5" in page
    csv_text = client.get("/kaarinan-kaupunki/statistics.csv").content.decode()
    assert csv_text.splitlines()[1].split(",")[1] == "< 5"
    for _ in range(3):
        submit(client)
    csv_text = client.get("/kaarinan-kaupunki/statistics.csv").content.decode()
    assert csv_text.splitlines()[1].split(",")[1] == "6"
    assert "pyytaja@example.org" not in csv_text


def test_staff_log_in_is_locked_after_repeated_failures(client: Client, staff: User) -> None:
    for _ in range(5):
        client.post("/staff/login/", {"username": "kirjaamo", "password": "wrong"})
    response = client.post("/staff/login/", {"username": "kirjaamo", "password": "salasana-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


# -- e-mail through a real SMTP server ---------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[tuple[Inbox, Controller]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", controller.port, 2
    controller.start()
    yield inbox, controller
    with contextlib.suppress(AssertionError):  # already stopped by the test
        controller.stop()


def test_mail_is_delivered_over_smtp(
    client: Client, demo_catalog: Organisation, smtp: tuple[Inbox, Controller]
) -> None:
    inbox, _controller = smtp
    request = submit(client)
    call_command("send_mail", verbosity=0)
    recipients = sorted(r for envelope in inbox.messages for r in envelope.rcpt_tos)
    assert recipients == ["maija.hanhiala@kaarina.fi", "pyytaja@example.org"]
    assert any(request.reference in envelope.content.decode() for envelope in inbox.messages)
    assert not Message.objects.exists()


def test_an_smtp_outage_delays_mail_but_loses_nothing(
    client: Client, demo_catalog: Organisation, smtp: tuple[Inbox, Controller], settings: Any
) -> None:
    inbox, controller = smtp
    controller.stop()
    request = submit(client)  # the request is stored although mail cannot go out
    call_command("send_mail", verbosity=0)
    assert InformationRequest.objects.filter(pk=request.pk).exists()
    assert Message.objects.deferred().count() == 2
    assert inbox.messages == []
    restarted = Controller(inbox, hostname="127.0.0.1", port=settings.EMAIL_PORT)
    restarted.start()
    try:
        call_command("retry_deferred", verbosity=0)
        call_command("send_mail", verbosity=0)
    finally:
        restarted.stop()
    assert len(inbox.messages) == 2
    assert not Message.objects.exists()


def test_staff_enter_a_request_with_the_time_it_came_as_a_browser_sends_it(
    client: Client, staff: User
) -> None:
    from bs4 import BeautifulSoup  # noqa: PLC0415

    staff_client = Client()
    staff_client.force_login(staff)
    page = BeautifulSoup(staff_client.get("/staff/requests/new/").content.decode(), "html.parser")
    shown = page.find("input", attrs={"name": "received_at"})
    assert shown is not None
    # what an <input type="datetime-local"> can hold; a browser showed "28.11.2026 03.14.54" as empty
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", str(shown["value"]))
    entry = {
        "channel": "post",
        "language": "fi",
        "kind": "public",
        "subject": "Kirjeellä tullut pyyntö",
        "delivery": "email",
        "requester_email": "kirje@example.org",
    }
    two_days_ago = (timezone.localtime() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert staff_client.post("/staff/requests/new/", entry | {"received_at": two_days_ago}).status_code == 302
    typo = staff_client.post(
        "/staff/requests/new/", entry | {"received_at": "1990-01-01T10:00", "subject": "x"}
    )
    assert "yli vuoden takaa" in typo.content.decode()  # before: TP-1990-000001, 13,000 days late
    assert not InformationRequest.objects.filter(subject="x").exists()


def test_a_swedish_receipt_names_the_organisation_in_swedish(
    client: Client, demo_catalog: Organisation
) -> None:
    demo_catalog.name_sv = "S:t Karins stad"
    demo_catalog.save()
    response = client.post("/sv" + FORM, public_form(requester_email="asa@example.fi"))
    assert response.status_code == 302
    receipt = mails_to("asa@example.fi")[0].email.body
    assert "Mottagare: S:t Karins stad" in receipt  # "Kaarinan kaupunki" before
