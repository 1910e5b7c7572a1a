"""API keys of the write API: created and revoked by the organisation's administrator, found by a
non-secret prefix, checked against a SHA-256 digest (the key itself is shown once and never stored),
and rate limited per key in the database so every worker counts the same requests."""

import hashlib
import hmac
import math
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from tietovaranto.accounts import access
from tietovaranto.accounts.models import AccessEvent, AccessEventKind, ApiToken
from tietovaranto.accounts.permissions import Action
from tietovaranto.accounts.services import AccessError, _lock
from tietovaranto.catalog.models import Organisation, ServiceArea

KEY_START = "tv"  # every key reads tv_<prefix>_<secret>: easy to recognise in a leaked file


def _digest(key: str) -> str:
    # 256 random bits: a plain SHA-256 is enough (nothing to brute-force), and it is fast per request
    return hashlib.sha256(key.encode()).hexdigest()


def _scope_text(token: ApiToken) -> str:
    if token.whole_organisation:
        return _("the whole organisation")
    return ", ".join(str(area) for area in token.areas.all())


def create_token(
    actor: User | None,
    organisation: Organisation,
    name: str,
    areas: Iterable[ServiceArea] = (),
) -> tuple[ApiToken, str]:
    """A new key of the organisation, limited to `areas` when some are given; returns the key and its
    secret, which is never shown again. `actor` None: the command line (`create-api-token`)."""
    name = name.strip()
    if not name:
        raise AccessError(_("Name the system that uses the key."))
    chosen = list(areas)
    if any(area.organisation_id != organisation.pk for area in chosen):
        raise AccessError(_("Choose service areas of this organisation."))
    if getattr(organisation, "harvest_source", None) is not None:
        raise AccessError(_("This organisation is a read-only copy kept at its source."))
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        key = f"{KEY_START}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                _lock(organisation)
                token = ApiToken.objects.create(
                    organisation=organisation,
                    name=name[:200],
                    prefix=prefix,
                    digest=_digest(key),
                    whole_organisation=not chosen,
                    created_by=actor,
                )
                token.areas.set(chosen)
                AccessEvent.objects.create(
                    organisation=organisation,
                    kind=AccessEventKind.TOKEN_CREATED,
                    actor=actor,
                    text=f"{token.name} ({prefix}): {_scope_text(token)}"[:500],
                )
            return token, key
        except IntegrityError:  # the same 8-character prefix twice: draw again
            continue
    raise AccessError(_("Could not create a key; try again."))


def create_token_as_admin(
    actor: User, organisation: Organisation, name: str, areas: Iterable[ServiceArea] = ()
) -> tuple[ApiToken, str]:
    organisation = access.require_role(actor, organisation, Action.MANAGE_API_TOKENS)
    return create_token(actor, organisation, name, areas)


def revoke_token(actor: User | None, token: ApiToken) -> None:
    """The key stops working at once (the next request answers 401); the row stays for the log."""
    with transaction.atomic():
        _lock(token.organisation)
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        if not updated:
            raise AccessError(_("The key was already revoked."))
        AccessEvent.objects.create(
            organisation=token.organisation,
            kind=AccessEventKind.TOKEN_REVOKED,
            actor=actor,
            text=f"{token.name} ({token.prefix})"[:500],
        )
    token.refresh_from_db()


def token_for_key(key: str) -> ApiToken | None:
    """The active key `key` names, or None (unknown, malformed, revoked): the API answers 401."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_START or not parts[1] or len(parts[1]) > 16:
        return None
    token = ApiToken.objects.select_related("organisation").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(key.strip())):
        return None
    if token.revoked_at is not None:
        return None
    return token


def rate_limit() -> tuple[int, int]:
    count, seconds = (int(part) for part in settings.API_TOKEN_RATE_LIMIT.split("/"))
    return count, seconds


def count_request(token: ApiToken) -> int:
    """Count one request of the key (and note when it was last used). Returns 0 when the key is
    within API_TOKEN_RATE_LIMIT, else the seconds until its window ends (Retry-After).

    A fixed window per key, counted by one UPDATE: every SET reads the row as it was, and the row is
    locked until the transaction ends, so parallel requests are each counted once on both databases.
    """
    allowed, seconds = rate_limit()
    now = timezone.now()
    window_open = {"window_start__gt": now - timedelta(seconds=seconds)}
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(
            window_count=Case(When(**window_open, then=F("window_count") + 1), default=Value(1)),
            window_start=Case(When(**window_open, then=F("window_start")), default=Value(now)),
            last_used_at=now,
        )
        count, start = ApiToken.objects.filter(pk=token.pk).values_list("window_count", "window_start").get()
    if count <= allowed or start is None:
        return 0
    return max(1, math.ceil((start + timedelta(seconds=seconds) - now).total_seconds()))
