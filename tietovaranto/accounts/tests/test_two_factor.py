"""TOTP two-step verification (django-otp) and the superuser-only Django admin."""

from typing import Any

from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tietovaranto.accounts.models import AccessEvent, AccessEventKind, Role
from tietovaranto.accounts.tests.conftest import PASSWORD, World


def code(device: TOTPDevice, later: int = 0) -> str:
    """What the phone app shows now (or `later` time steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += later * device.step
    return f"{totp.token():0{device.digits}d}"


def log_in(username: str) -> Client:
    client = Client()
    response = client.post("/staff/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def set_up(client: Client) -> TOTPDevice:
    page = client.get(reverse("accounts:two-factor-setup")).content.decode()
    assert "<svg" in page  # the QR code
    device = TOTPDevice.objects.get(confirmed=False)
    secret = page.split('id="totp-secret">')[1].split("<")[0].replace(" ", "")
    assert len(secret) >= 32  # 160-bit key in base32, for apps without a camera
    assert client.post(reverse("accounts:two-factor-setup"), {"token": "000000"}).status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None  # only a typo
    device.save()
    response = client.post(reverse("accounts:two-factor-setup"), {"token": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_set_up_then_every_log_in_asks_for_the_code(world: World) -> None:
    handler = world.a.users[Role.HANDLER]
    client = log_in(handler.username)
    device = set_up(client)
    assert AccessEvent.objects.filter(kind=AccessEventKind.TWO_FACTOR_ON, subject=handler).exists()
    detail = reverse("staff:detail", kwargs={"reference": world.a.request.reference})
    assert client.get(detail).status_code == 200  # this session is verified

    second = log_in(handler.username)  # the password alone no longer opens staff pages
    for url in (detail, reverse("staff:inbox"), reverse("accounts:home")):
        response = second.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
    # nor can it replace the device
    assert second.get(reverse("accounts:two-factor-setup"))["Location"].startswith(
        reverse("accounts:two-factor-verify")
    )
    assert second.post(reverse("accounts:two-factor-verify"), {"token": "123456"}).status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    response = second.post(
        reverse("accounts:two-factor-verify") + f"?next={detail}", {"token": code(device, 1), "next": detail}
    )
    assert response.status_code == 302
    assert response["Location"] == detail
    assert second.get(detail).status_code == 200


def test_wrong_codes_are_throttled(world: World) -> None:
    client = log_in(world.a.users[Role.AUDITOR].username)
    device = set_up(client)
    second = log_in(world.a.users[Role.AUDITOR].username)
    for _ in range(3):
        second.post(reverse("accounts:two-factor-verify"), {"token": "000000"})
    # right after failures even the right code waits (django-otp's growing delay)
    assert second.post(reverse("accounts:two-factor-verify"), {"token": code(device, 1)}).status_code == 400
    assert second.get(reverse("accounts:home")).status_code == 302


def test_required_for_administrators_when_the_setting_asks(world: World, settings: Any) -> None:
    admin = log_in(world.a.users[Role.ADMIN].username)
    handler = log_in(world.a.users[Role.HANDLER].username)
    members = reverse("accounts:members", kwargs={"org_slug": world.a.organisation.slug})
    settings.REQUIRE_2FA_FOR_ADMINS = False
    assert admin.get(members).status_code == 200
    settings.REQUIRE_2FA_FOR_ADMINS = True
    response = admin.get(members)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
    assert handler.get(reverse("staff:inbox")).status_code == 200  # a handler is not required to
    set_up(admin)
    assert admin.get(members).status_code == 200


def test_the_django_admin_is_for_superusers_only(world: World, settings: Any) -> None:
    staff = User.objects.create_user("henkilokunta", "h@example.org", PASSWORD, is_staff=True)
    staff.user_permissions.set(Permission.objects.all())  # even every model permission grants nothing
    client = Client()
    client.force_login(staff)
    for url in ("/admin/", "/admin/inforequests/informationrequest/", "/admin/catalog/organisation/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/admin/login/" in response["Location"], url
    # an organisation administrator with is_staff is no different
    admin_a = world.a.users[Role.ADMIN]
    admin_a.is_staff = True
    admin_a.save()
    client.force_login(admin_a)
    assert client.get("/admin/accounts/membership/").status_code == 302
    root = Client()
    root.force_login(world.superuser)
    assert root.get("/admin/").status_code == 200
    assert root.get("/admin/accounts/membership/").status_code == 200
    settings.REQUIRE_2FA_FOR_ADMINS = True  # superusers too must then verify
    response = root.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-setup"))
