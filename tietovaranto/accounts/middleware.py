from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from tietovaranto.accounts import two_factor

# Every staff page and the admin; views marked with `two_factor_exempt` (log-in, log-out, the
# verification and set-up pages, accepting an invitation) are reachable before verification.
PROTECTED_NAMESPACES = {"staff", "accounts", "admin"}
EXEMPT_URL_NAMES = {"staff:logout", "admin:logout"}  # views of other apps, so named here


def two_factor_exempt(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


class TwoFactorMiddleware:
    """Send a logged-in user to TOTP verification (or set-up, when required) before any staff page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or not (set(match.namespaces) & PROTECTED_NAMESPACES):
            return None
        if match.view_name in EXEMPT_URL_NAMES:
            return None
        if getattr(view_func, "two_factor_exempt", False) or getattr(
            getattr(view_func, "view_class", None), "two_factor_exempt", False
        ):
            return None
        step = two_factor.missing_step(request)
        if step is None:
            return None
        target = "accounts:two-factor-verify" if step == "verify" else "accounts:two-factor-setup"
        response = redirect(target)
        next_url = request.get_full_path()
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            response["Location"] += "?next=" + quote(next_url, safe="/")
        return response
