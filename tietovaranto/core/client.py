"""The client's address behind the reverse proxies the site trusts (setting TRUSTED_PROXIES)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(remote_addr: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The address that the outermost trusted proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N
    trusted proxies the client is the N-th entry from the right; anything left of it was written
    by the client and can be forged. With no trusted proxy, or a malformed header, REMOTE_ADDR.
    """
    if trusted_proxies <= 0 or not forwarded_for:
        return remote_addr
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    if not hops:
        return remote_addr
    candidate = hops[-trusted_proxies] if len(hops) >= trusted_proxies else hops[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def request_client_address(request: HttpRequest) -> str:
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        settings.TRUSTED_PROXIES,
    )


def axes_client_address(request: HttpRequest) -> str:
    """django-axes: lock the same address that the rate limit counts."""
    return request.META.get("REMOTE_ADDR", "")
