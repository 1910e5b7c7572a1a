"""The two-step verification rule (TOTP with django-otp), in one place for the staff pages and the admin."""

from base64 import b32encode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tietovaranto.accounts.models import Membership, Role


def has_device(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated) and TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def required(user: User | AnonymousUser) -> bool:
    """With REQUIRE_2FA_FOR_ADMINS: every organisation administrator and every superuser."""
    if not settings.REQUIRE_2FA_FOR_ADMINS or not user.is_authenticated:
        return False
    return (
        bool(getattr(user, "is_superuser", False))
        or Membership.objects.filter(user_id=user.pk, role=Role.ADMIN).exists()
    )


def is_verified(request: HttpRequest) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def missing_step(request: HttpRequest) -> str | None:
    """ "verify" when a device is set up but this session has not used it, "setup" when one is required
    and missing, else None. A set-up device is always asked for, whether required or not."""
    user = request.user
    if not user.is_authenticated or is_verified(request):
        return None
    if has_device(user):
        return "verify"
    if required(user):
        return "setup"
    return None


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (the same secret until it is confirmed)."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret, in groups of four, for apps without a camera."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    import segno  # here: only the set-up page draws a QR code, and every process start paid its import

    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, omitsize=False))


def confirm(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()  # one device a person
    return True


def remove_devices(user: User) -> None:
    TOTPDevice.objects.filter(user_id=user.pk).delete()
