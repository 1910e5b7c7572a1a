"""Bad input, privacy and log-in protection, each as a visitor or an operator meets it."""

import logging
import os
import re
import subprocess
import sys
import urllib.parse
from datetime import timedelta
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from gunicorn.config import Config
from mailer.models import Message, MessageLog

from tietovaranto.catalog.models import Organisation
from tietovaranto.core.client import client_address
from tietovaranto.core.gunicorn_logging import PrivateLinkLogger
from tietovaranto.core.logging import PrivateLinkFilter
from tietovaranto.inforequests import services
from tietovaranto.inforequests.identifiers import mask_identity_codes
from tietovaranto.inforequests.models import InformationRequest, Status
from tietovaranto.inforequests.tests.test_requests import FORM, HETU, mails_to, public_form, staff, submit

__all__ = ["staff"]  # the fixture, shared

ROOT = Path(__file__).resolve().parents[3]
TOKEN_RE = re.compile(r'name="form_token" value="([^"]+)"')


def csrf_client() -> Client:
    """A browser that enforces CSRF, with the cookie and token from a real form page."""
    return Client(enforce_csrf_checks=True)


def form_with_tokens(client: Client, path: str = FORM) -> tuple[str, str]:
    page = client.get(path, {"resource": "henkilostotietovaranto"}).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    token = TOKEN_RE.search(page)
    assert csrf
    assert token
    return csrf.group(1), token.group(1)


def raw_post(client: Client, path: str, body: bytes, content_type: str) -> Any:
    return client.generic("POST", path, body, content_type=content_type)


# -- bodies that cannot be read as sent -----------------------------------------------------------


@pytest.mark.parametrize("path", [FORM, "/search/", "/staff/login/"])
def test_a_latin1_form_post_is_a_clear_error_not_a_500(demo_catalog: Organisation, path: str) -> None:
    client = csrf_client()
    csrf, _token = form_with_tokens(client)
    body = f"csrfmiddlewaretoken={csrf}&subject=".encode() + "Päätökset".encode("latin-1")
    response = raw_post(client, path, body, "application/x-www-form-urlencoded; charset=latin-1")
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()
    assert InformationRequest.objects.count() == 0


def test_invalid_utf8_is_refused_and_nothing_is_stored(client: Client, demo_catalog: Organisation) -> None:
    body = urllib.parse.urlencode(public_form(), doseq=True).encode() + b"&subject=P%E4%E4t%F6kset"
    response = raw_post(client, FORM, body, "application/x-www-form-urlencoded")
    assert response.status_code == 400
    html = response.content.decode()
    assert "UTF-8" in html and "Nothing was saved" in html or "Mitään ei tallennettu" in html
    assert InformationRequest.objects.count() == 0
    api = raw_post(
        client,
        "/api/v1/requests",
        b'{"organisation": "kaarinan-kaupunki", "subject": "\xe4"}',
        "application/json",
    )
    assert api.status_code == 400
    assert "UTF-8" in api.json()["errors"]["__all__"][0]


def test_nul_bytes_are_refused_in_forms_and_the_api(client: Client, demo_catalog: Organisation) -> None:
    response = client.post(FORM, public_form(subject="Pöytäkirjat\x00 2025"))
    assert response.status_code == 400
    assert "NUL" in response.content.decode()
    api = client.post(
        "/api/v1/requests",
        {"organisation": "kaarinan-kaupunki", "subject": "a\x00b", "requester_email": "a@example.org"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert InformationRequest.objects.count() == 0


def test_a_too_long_clarification_is_refused_with_the_text_kept(client: Client, staff: User) -> None:
    request = submit(client)
    services.ask_clarification(request, "Mitkä vuodet?", staff)
    long_text = "Tarkennus " * 10_000  # 100,000 characters
    response = client.post(f"/requests/{request.token}/", {"action": "clarify", "text": long_text})
    html = response.content.decode()
    assert response.status_code == 400
    assert "100000" in html
    assert "5000" in html
    assert long_text.strip() in html  # given back to shorten, not lost
    request.refresh_from_db()
    assert request.status == Status.WAITING
    nul = client.post(f"/requests/{request.token}/", {"action": "clarify", "text": "a\x00b"})
    assert nul.status_code == 400
    request.refresh_from_db()
    assert request.status == Status.WAITING


def test_an_unknown_resource_is_an_error_not_silently_dropped(
    client: Client, demo_catalog: Organisation
) -> None:
    response = client.post(FORM, public_form(resource=["henkilostotietovaranto", "ei-ole-olemassa"]))
    assert response.status_code == 400
    assert "ei-ole-olemassa" in response.content.decode()
    assert InformationRequest.objects.count() == 0


def test_the_body_limit_covers_file_parts(client: Client, demo_catalog: Organisation) -> None:
    big = b"x" * (10 * 1024 * 1024)
    boundary = "BOUNDARY"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="subject"\r\n\r\nHakemus\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + big
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = raw_post(client, FORM, body, f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
    assert "256 kt" in response.content.decode()  # "kilotavua"
    assert InformationRequest.objects.count() == 0


def test_a_csrf_failure_shows_the_sites_page_in_the_visitors_language(demo_catalog: Organisation) -> None:
    client = csrf_client()
    response = client.post(
        "/sv/kaarinan-kaupunki/request/", public_form(subject="Mina egna uppgifter 2025"), HTTP_REFERER=""
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="sv">' in html
    assert "Formuläret kunde inte skickas" in html
    assert "Mina egna uppgifter 2025" in html  # the typed text, to copy
    assert 'href="/sv/kaarinan-kaupunki/request/"' in html  # the way back


def test_a_malformed_email_gets_one_error(client: Client, demo_catalog: Organisation) -> None:
    response = client.post(FORM, public_form(requester_email="pyytaja@"))
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count('<a href="#id_requester_email">') == 1


# -- double submissions -----------------------------------------------------------------------------


def test_a_form_sent_twice_creates_one_request_and_one_set_of_mails(
    client: Client, demo_catalog: Organisation
) -> None:
    _csrf, token = form_with_tokens(client)
    first = client.post(FORM, public_form(form_token=token))
    again = client.post(FORM, public_form(form_token=token))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # the same receipt
    assert InformationRequest.objects.count() == 1
    assert len(mails_to("pyytaja@example.org")) == 1
    changed = client.post(FORM, public_form(form_token=token, subject="Jotain aivan muuta"))
    assert changed.status_code == 409
    html = changed.content.decode()
    assert InformationRequest.objects.get().reference in html
    assert "Jotain aivan muuta" in html  # kept, with a fresh token to send it as a new request
    fresh = TOKEN_RE.search(html)
    assert fresh
    assert fresh.group(1) != token
    assert (
        client.post(FORM, public_form(form_token=fresh.group(1), subject="Jotain aivan muuta")).status_code
        == 302
    )
    assert InformationRequest.objects.count() == 2


def test_a_forged_form_token_is_refused_with_the_text_kept(
    client: Client, demo_catalog: Organisation
) -> None:
    response = client.post(FORM, public_form(form_token="forged"))
    assert response.status_code == 400
    assert "Kaupungin rekrytointien hakijamäärät" in response.content.decode()
    assert InformationRequest.objects.count() == 0


def test_the_api_honours_an_idempotency_key(client: Client, demo_catalog: Organisation) -> None:
    payload = {
        "organisation": "kaarinan-kaupunki",
        "resources": ["henkilostotietovaranto"],  # Kaarina states channels per resource only
        "subject": "Pöytäkirjat",
        "requester_email": "a@example.org",
    }

    def post(body: dict[str, Any], key: str) -> Any:
        return client.post(
            "/api/v1/requests", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=key
        )

    first, again = post(payload, "abc-1"), post(payload, "abc-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["reference"] == again.json()["reference"]
    assert InformationRequest.objects.count() == 1
    assert post(payload | {"subject": "Muuta"}, "abc-1").status_code == 409
    assert post(payload, "abc-2").status_code == 201
    assert InformationRequest.objects.count() == 2


# -- client address behind proxies, rate limit ---------------------------------------------------------


def test_client_address_from_trusted_proxies() -> None:
    assert client_address("127.0.0.1", "203.0.113.5", 0) == "127.0.0.1"  # header ignored
    assert client_address("127.0.0.1", "203.0.113.5", 1) == "203.0.113.5"
    assert client_address("127.0.0.1", "6.6.6.6, 203.0.113.5", 1) == "203.0.113.5"  # forged part ignored
    assert client_address("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", 2) == "203.0.113.5"
    assert client_address("127.0.0.1", "not-an-address", 1) == "127.0.0.1"


def test_the_rate_limit_is_per_resident_behind_the_proxy(
    client: Client, demo_catalog: Organisation, settings: Any
) -> None:
    settings.REQUEST_RATE_LIMIT, settings.TRUSTED_PROXIES = "1/600", 1

    def from_address(address: str, forged: str = "") -> int:
        header = f"{forged}, {address}" if forged else address
        response = client.post(FORM, public_form(), HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="127.0.0.1")
        return int(response.status_code)

    assert from_address("198.51.100.1") == 302
    assert from_address("198.51.100.2") == 302  # another resident behind the same proxy
    assert from_address("198.51.100.1", forged="192.0.2.99") == 429  # a forged hop does not help


# -- privacy --------------------------------------------------------------------------------------------


def test_identity_codes_in_free_text_are_masked() -> None:
    text = "Minun hetuni on 131052-308T ja lapsen 010105a123x; tilaus 1234567-8 ei ole hetu."
    masked = mask_identity_codes(text)
    assert "308T" not in masked
    assert "123X" not in masked.upper()
    assert "131052-****" in masked
    assert "010105A****" in masked
    assert "1234567-8" in masked


def test_an_identity_code_typed_into_the_subject_stays_on_the_staff_detail_page_only(
    client: Client, staff: User
) -> None:
    request = submit(client, subject=f"Kaikki minusta tallennettu, hetu {HETU}")
    status_page = client.get(f"/requests/{request.token}/").content.decode()
    assert HETU not in status_page
    assert "131052-****" in status_page
    services.ask_clarification(request, "Mitkä vuodet?", staff)
    client.post(f"/requests/{request.token}/", {"action": "clarify", "text": f"Vuodet 2020-2025, {HETU}"})
    assert HETU not in client.get(f"/requests/{request.token}/").content.decode()
    for message in Message.objects.all():
        assert "308T" not in message.subject + message.email.body  # type: ignore[union-attr]
    staff_client = Client()
    staff_client.force_login(staff)
    assert HETU not in staff_client.get("/staff/requests/").content.decode()
    assert HETU in staff_client.get(f"/staff/requests/{request.reference}/").content.decode()


def test_purge_removes_the_mail_log_with_the_requests_retention(
    client: Client, staff: User, settings: Any
) -> None:
    submit(client)
    MessageLog.objects.create(
        message_data="x",
        when_added=timezone.now(),
        when_attempted=timezone.now() - timedelta(days=800),
        result="1",
        priority="2",
    )
    recent = MessageLog.objects.create(
        message_data="y", when_added=timezone.now(), when_attempted=timezone.now(), result="1", priority="2"
    )
    settings.REQUEST_RETENTION_DAYS = 730
    out = StringIO()
    call_command("purge-requests", stdout=out)
    assert list(MessageLog.objects.all()) == [recent]
    assert "Removed 1 e-mail log entries" in out.getvalue()
    assert Message.objects.count() == 2  # today's queue is untouched


def test_status_links_are_kept_out_of_logs() -> None:
    token = "l1LglRL0cJ9OX8iQFbx1e1nW9FFTuiJ0QOZ_XmdKwrQ"
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (f"/sv/requests/{token}/",), None
    )
    PrivateLinkFilter().filter(record)
    assert token not in record.getMessage()
    assert "/sv/requests/[private]/" in record.getMessage()

    link = f"/requests/{token}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": link,
        "PATH_INFO": link,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://tietovarannot.example.fi{link}",
    }
    atoms = PrivateLinkLogger(Config()).atoms(
        SimpleNamespace(status="200 OK", headers=[], sent=10),
        SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])]),
        environ,
        timedelta(seconds=0.01),
    )
    assert "/requests/[private]/" in atoms["r"]
    assert all(token not in str(value) for value in atoms.values())


# -- staff log-in and headers -----------------------------------------------------------------------------


def test_password_spraying_from_one_address_is_stopped(client: Client, staff: User) -> None:
    statuses = [
        client.post("/staff/login/", {"username": f"user{i}", "password": "Kesä2025!"}).status_code
        for i in range(20)
    ]
    assert statuses.count(429) >= 14  # locked after AXES_FAILURE_LIMIT (5) failures from the address
    response = client.post("/staff/login/", {"username": "kirjaamo", "password": "salasana-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_every_page_has_a_content_security_policy_and_needs_no_inline_code(
    client: Client, demo_catalog: Organisation
) -> None:
    for path in [
        "/",
        FORM,
        "/search/?q=palkka",
        "/staff/login/",
        "/kaarinan-kaupunki/resources/henkilostotietovaranto/",
    ]:
        response = client.get(path)
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path  # no inline script
        assert " style=" not in html, path
        assert "<style" not in html, path
    docs = client.get("/api/v1/docs").content.decode()
    assert "cdn." not in docs  # Swagger UI from our own static files
    assert not re.search(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", docs)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "k" * 20 + "V9#xq" + "z" * 40 + "A1!b",
        "ALLOWED_HOSTS": "tietovarannot.example.fi",
        "SITE_URL": "https://tietovarannot.example.fi",
        "CSRF_TRUSTED_ORIGINS": "https://tietovarannot.example.fi",
        "STATIC_MANIFEST": "1",
        "TRUSTED_PROXIES": "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tietovaranto", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
