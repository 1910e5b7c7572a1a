"""An administrator invites, the invited person chooses a password, roles are given and taken."""

import re
import threading
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from mailer.models import Message

from tietovaranto.accounts import access, services
from tietovaranto.accounts.models import AccessEvent, AccessEventKind, Invitation, Membership, Role
from tietovaranto.accounts.tests.conftest import PASSWORD, World
from tietovaranto.inforequests.tests.test_requests import Inbox, free_port

NEW_PASSWORD = "Lumihiutale-sataa-hiljaa-42"


def _invite(client: Client, world: World, email: str = "uusi.kasittelija@a.example", **data: Any) -> Any:
    client.force_login(world.a.users[Role.ADMIN])
    url = reverse("accounts:invite", kwargs={"org_slug": world.a.organisation.slug})
    return client.post(url, {"email": email, "roles": [Role.HANDLER, Role.DECIDER]} | data)


def _link(message: Message) -> str:
    match = re.search(r"https?://\S+/staff/invitation/\S+/", message.email.body)  # type: ignore[union-attr]
    assert match, message.email.body  # type: ignore[union-attr]
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_invitation_to_first_log_in(world: World, client: Client, settings: Any) -> None:
    assert _invite(client, world).status_code == 302
    message = Message.objects.get()
    assert message.to_addresses == ["uusi.kasittelija@a.example"]
    assert "Aakkoskunta" in message.subject
    link = _link(message)
    invited = Client()
    page = invited.get(link)
    assert page.status_code == 200
    assert "uusi.kasittelija@a.example" in page.content.decode()
    # Django's password validators: too short, too common, like the user name, or not repeated right
    for bad in ("lyhyt", "password123", "uusi.kasittelija"):
        response = invited.post(link, {"password1": bad, "password2": bad})
        assert response.status_code == 400, bad
    assert invited.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}).status_code == 400
    assert not User.objects.filter(email="uusi.kasittelija@a.example").exists()
    response = invited.post(
        link, {"first_name": "Uusi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(username="uusi.kasittelija@a.example")
    assert {m.role for m in Membership.objects.filter(user=user, organisation=world.a.organisation)} == {
        Role.HANDLER,
        Role.DECIDER,
    }
    assert not user.is_staff
    assert not user.is_superuser
    assert world.a.request.reference in invited.get(reverse("staff:inbox") + "?status=all").content.decode()
    assert invited.get(link).status_code == 404  # used once
    # and the password works at the real log-in (behind django-axes)
    fresh = Client()
    response = fresh.post(
        "/staff/login/", {"username": "uusi.kasittelija@a.example", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in fresh.session
    kinds = list(AccessEvent.objects.filter(organisation=world.a.organisation).values_list("kind", flat=True))
    assert kinds == [AccessEventKind.ACCEPTED, AccessEventKind.INVITED]


def test_dead_links_all_look_the_same(world: World, client: Client) -> None:
    _invite(client, world, "a@a.example")
    expired_link = _link(Message.objects.get())
    Invitation.objects.filter(email="a@a.example").update(expires_at=timezone.now() - timedelta(minutes=1))
    _invite(client, world, "b@b.example")
    revoked = Invitation.objects.get(email="b@b.example")
    revoked_link = _link(Message.objects.order_by("pk").last())  # type: ignore[arg-type]
    services.revoke_invitation(world.a.users[Role.ADMIN], revoked)
    _invite(client, world, "c@c.example")
    old_link = _link(Message.objects.order_by("pk").last())  # type: ignore[arg-type]
    services.resend_invitation(world.a.users[Role.ADMIN], Invitation.objects.get(email="c@c.example"))
    new_link = _link(Message.objects.order_by("pk").last())  # type: ignore[arg-type]
    _invite(client, world, "d@d.example")
    replaced_link = _link(Message.objects.order_by("pk").last())  # type: ignore[arg-type]
    _invite(client, world, "d@d.example", roles=[Role.AUDITOR])  # a second invitation replaces the first
    anonymous = Client()
    bodies = {
        anonymous.get(link).content
        for link in (expired_link, revoked_link, old_link, replaced_link, "/staff/invitation/arvattu-avain/")
    }
    assert len(bodies) == 1
    assert anonymous.get(old_link).status_code == 404
    assert anonymous.get(new_link).status_code == 200


def test_an_existing_account_accepts_by_logging_in(world: World, client: Client) -> None:
    person = world.b.users[Role.HANDLER]  # works in B; now invited to A as an auditor
    client.force_login(world.a.users[Role.ADMIN])
    url = reverse("accounts:invite", kwargs={"org_slug": world.a.organisation.slug})
    client.post(url, {"email": person.email.upper(), "roles": [Role.AUDITOR]})
    link = _link(Message.objects.get())
    stranger = Client()
    page = stranger.get(link).content.decode()
    assert "/staff/login/" in page  # asked to log in, no password form
    assert stranger.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 200
    assert User.objects.filter(email__iexact=person.email).count() == 1
    someone_else = Client()
    someone_else.force_login(world.a.users[Role.EDITOR])
    someone_else.post(link)
    assert not Membership.objects.filter(user=person, organisation=world.a.organisation).exists()
    own = Client()
    own.force_login(person)
    assert own.post(link).status_code == 302
    assert Membership.objects.get(user=person, organisation=world.a.organisation).role == Role.AUDITOR
    assert Membership.objects.get(user=person, organisation=world.b.organisation).role == Role.HANDLER


def test_an_administrator_sees_and_manages_only_their_own_organisations_people(
    world: World, client: Client
) -> None:
    client.force_login(world.a.users[Role.ADMIN])
    page = client.get(
        reverse("accounts:members", kwargs={"org_slug": world.a.organisation.slug})
    ).content.decode()
    assert world.a.invitation.email in page
    assert "a-handler" in page
    assert world.b.invitation.email not in page
    assert "b-handler" not in page
    with pytest.raises(Http404):  # services check too, not only the views
        services.invite(world.a.users[Role.ADMIN], world.b.organisation, "x@example.org", [Role.AUDITOR])


def test_the_last_administrator_stays(world: World) -> None:
    admin = world.a.users[Role.ADMIN]
    own_admin_role = Membership.objects.get(user=admin, role=Role.ADMIN)
    with pytest.raises(services.AccessError, match="administrator|pääkäyttäjä"):
        services.remove_role(admin, own_admin_role)
    with pytest.raises(services.AccessError):
        services.remove_member(admin, world.a.organisation, admin)
    second = world.a.users[Role.AUDITOR]
    services.grant_role(admin, world.a.organisation, second, Role.ADMIN)
    services.remove_role(admin, own_admin_role)  # now someone else remains
    assert not access.has_role(admin, world.a.organisation, Role.ADMIN)
    with pytest.raises(services.AccessError):
        services.remove_member(second, world.a.organisation, second)


def test_a_removal_takes_effect_on_the_next_request_and_kills_open_invitations(
    world: World, client: Client
) -> None:
    handler = world.a.users[Role.HANDLER]
    services.invite(world.a.users[Role.ADMIN], world.a.organisation, handler.email, [Role.DECIDER])
    link = _link(Message.objects.get())
    handler_client = Client()
    handler_client.force_login(handler)
    detail = reverse("staff:detail", kwargs={"reference": world.a.request.reference})
    assert handler_client.get(detail).status_code == 200
    client.force_login(world.a.users[Role.ADMIN])
    url = reverse(
        "accounts:remove-member", kwargs={"org_slug": world.a.organisation.slug, "user_id": handler.pk}
    )
    assert client.post(url).status_code == 302
    assert handler_client.get(detail).status_code == 404  # same session, no log-out needed
    assert handler_client.get(link).status_code == 404
    removed = AccessEvent.objects.get(kind=AccessEventKind.REMOVED)
    assert (removed.actor, removed.subject, removed.role) == (
        world.a.users[Role.ADMIN],
        handler,
        Role.HANDLER,
    )


def test_the_daily_invitation_limit(world: World, settings: Any) -> None:
    settings.INVITATIONS_PER_DAY = 3  # the fixture's invitation counts as one
    admin = world.a.users[Role.ADMIN]
    services.invite(admin, world.a.organisation, "1@example.org", [Role.AUDITOR])
    services.invite(admin, world.a.organisation, "2@example.org", [Role.AUDITOR])
    with pytest.raises(services.AccessError, match="Too many|Liikaa"):
        services.invite(admin, world.a.organisation, "3@example.org", [Role.AUDITOR])
    assert Message.objects.count() == 2


def test_invitation_mail_goes_out_over_smtp(world: World, settings: Any) -> None:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", controller.port, 2
    controller.start()
    try:
        services.invite(world.a.users[Role.ADMIN], world.a.organisation, "smtp@example.org", [Role.AUDITOR])
        call_command("send_mail", verbosity=0)
    finally:
        controller.stop()
    [envelope] = inbox.messages
    assert envelope.rcpt_tos == ["smtp@example.org"]
    assert "/staff/invitation/" in envelope.content.decode()
    assert not Message.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_administrators_removing_each_other_at_once_leave_one(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs a database shared between threads (PostgreSQL; SQLite tests run in memory)")
    from tietovaranto.accounts.tests.conftest import _side

    side = _side("Rinnakkaiskunta", "r", "TP-2000-000009")
    first = side.users[Role.ADMIN]
    second = User.objects.create_user("r-admin-2", "r2@r.example", PASSWORD)
    Membership.objects.create(user=second, organisation=side.organisation, role=Role.ADMIN)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def remove(actor: User, target: User) -> None:
        try:
            barrier.wait()
            services.remove_member(actor, side.organisation, target)
            results.append("removed")
        except (services.AccessError, Http404):
            # refused: as the last administrator, or, when the other removal committed before this
            # one checked its actor, as someone no longer a member (the same 404 as any outsider)
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=remove, args=(first, second)),
        threading.Thread(target=remove, args=(second, first)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "removed"]
    assert Membership.objects.filter(organisation=side.organisation, role=Role.ADMIN).count() == 1
