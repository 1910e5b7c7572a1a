"""A staff member's own language (issue 14): the staff pages after log-in and the staff e-mails."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from mailer.models import Message

from tietovaranto.accounts import services as accounts
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import Organisation
from tietovaranto.inforequests import services
from tietovaranto.inforequests.models import InformationRequest
from tietovaranto.inforequests.tests.test_requests import FORM, mails_to, public_form, submit

PASSWORD = "Kuusi-kissaa-kiipeää-puuhun"


@pytest.fixture
def handler(demo_catalog: Organisation) -> User:
    user = User.objects.create_user("handlaggare", "handlaggare@kaarina.fi", PASSWORD)
    Membership.objects.create(user=user, organisation=demo_catalog, role=Role.HANDLER)
    return user


def test_log_in_opens_the_staff_pages_in_the_users_language(client: Client, handler: User) -> None:
    accounts.set_staff_language(handler, "sv")
    response = client.post("/staff/login/", {"username": "handlaggare", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/sv/staff/"
    assert "Mina organisationer" in client.get(response["Location"]).content.decode()
    # a log-in that was sent to a page comes back to that page, in the user's language
    client.logout()
    response = client.post(
        "/staff/login/?next=/staff/requests/", {"username": "handlaggare", "password": PASSWORD}
    )
    assert response["Location"] == "/sv/staff/requests/"


def test_without_a_choice_the_staff_pages_are_in_finnish(client: Client, handler: User) -> None:
    response = client.post("/en/staff/login/", {"username": "handlaggare", "password": PASSWORD})
    assert response["Location"] == "/staff/"


def test_the_language_is_chosen_on_the_staff_start_page(client: Client, handler: User) -> None:
    client.force_login(handler)
    page = client.get("/staff/").content.decode()
    assert 'name="language"' in page
    assert '<option value="fi" lang="fi" selected>suomi</option>' in page
    response = client.post("/staff/account/language/", {"language": "en", "next": "/staff/requests/"})
    assert response["Location"] == "/en/staff/requests/"
    assert accounts.staff_language(handler) == "en"
    assert client.post("/staff/account/language/", {"language": "de"}).status_code == 302
    assert accounts.staff_language(handler) == "en"  # unknown languages are refused


def _routed_to(request: InformationRequest) -> list[str]:
    return services.routing_addresses(request)


def _submit_in(client: Client, language: str) -> InformationRequest:
    """The public form in the requester's language (the URL's language prefix)."""
    response = client.post(f"/{language}{FORM}", public_form())
    assert response.status_code == 302, response.content.decode()[:1000]
    return InformationRequest.objects.get(token=response["Location"].rstrip("/").split("/")[-1])


def test_staff_e_mails_are_in_the_staff_members_language_not_the_requesters(
    client: Client, demo_catalog: Organisation, handler: User
) -> None:
    first = submit(client)
    address = _routed_to(first)[0]
    Message.objects.all().delete()
    # the address the request goes to belongs to a staff member who reads Swedish
    handler.email = address.upper()  # addresses are compared without case
    handler.save()
    accounts.set_staff_language(handler, "sv")
    second = _submit_in(client, "en")
    assert second.language == "en"
    [staff_mail] = [m for m in mails_to(address) if second.reference in m.subject]
    assert staff_mail.subject == f"Ny begäran om information {second.reference}"
    assert f"/sv/staff/requests/{second.reference}/" in staff_mail.email.body
    # the requester's receipt stays in the requester's language
    [receipt] = mails_to(second.requester_email)
    assert "information request" in receipt.subject.lower()


def test_a_shared_address_without_a_staff_member_gets_the_sites_language(
    client: Client, demo_catalog: Organisation, handler: User
) -> None:
    accounts.set_staff_language(handler, "en")  # handler's own address is not where requests go
    request = _submit_in(client, "sv")
    address = _routed_to(request)[0]
    assert address != handler.email
    [staff_mail] = [m for m in mails_to(address) if request.reference in m.subject]
    assert staff_mail.subject == f"Uusi tietopyyntö {request.reference}"
    assert f"/staff/requests/{request.reference}/" in staff_mail.email.body
    assert "/sv/staff/" not in staff_mail.email.body


def test_reminders_go_to_the_handler_in_their_language(
    client: Client, demo_catalog: Organisation, handler: User
) -> None:
    request = submit(client)
    accounts.set_staff_language(handler, "en")
    request.handler = handler
    request.due_date = services.today()
    request.save()
    Message.objects.all().delete()
    assert services.send_reminders() == 1
    mails = mails_to(handler.email)
    assert mails, "no reminder was queued"
    assert mails[0].subject == f"Due soon: information request {request.reference}"
