"""Request hygiene before any view runs: the client's address, body limits and bad encodings,
security headers, conditional GET and language for the API. Each refusal is a clear page (or JSON
for the API) in the visitor's language."""

import codecs
import json
import urllib.parse
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from tietovaranto.core.client import request_client_address
from tietovaranto.core.problems import problem_response

Handler = Callable[[HttpRequest], HttpResponse]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address behind TRUSTED_PROXIES (rate limit, log-in lock)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.TRUSTED_PROXIES:
            request.META["REMOTE_ADDR"] = request_client_address(request)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response (a view may set its own)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and request.path.startswith("/api/v1/docs"):
            # Swagger UI (served from our static files) sets inline styles as it renders
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def body_limit(path: str) -> int:
    if path.startswith(settings.STAFF_PATH_PREFIXES):
        return int(settings.STAFF_REQUEST_BODY_MAX_BYTES)
    return int(settings.REQUEST_BODY_MAX_BYTES)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def urlencoded_problem(body: bytes) -> str:
    """Every name and value must be UTF-8 without NUL once percent-decoded."""
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            raw = urllib.parse.unquote_to_bytes(part.replace(b"+", b" "))
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                return "encoding"
            if "\x00" in text:
                return "nul"
    return ""


def body_problem(request: HttpRequest) -> str:
    """ "" when the body can be read as sent; else why not: charset, encoding, nul, json."""
    content_type = request.content_type or ""
    if content_type not in FORM_TYPES and content_type != "application/json":
        return ""
    charset = request.content_params.get("charset") if request.content_params else None
    if charset:
        try:
            if codecs.lookup(charset).name != "utf-8":
                return "charset"
        except LookupError:
            return "charset"
    if content_type == "application/x-www-form-urlencoded":
        return urlencoded_problem(request.body)
    if content_type == "application/json":
        try:
            text = request.body.decode("utf-8")
        except UnicodeDecodeError:
            return "encoding"
        try:
            data = json.loads(text) if text.strip() else None
        except ValueError:
            return ""  # not JSON at all: the API answers that itself
        return "nul" if _has_nul(data) else ""
    # multipart: Django decodes each field with replacement characters; a replacement character
    # that the sender did not send as such means bytes that were not UTF-8
    values = [v for key in request.POST for v in [key, *request.POST.getlist(key)]]
    if any("\x00" in v for v in values):
        return "nul"
    if any("\ufffd" in v for v in values) and "\ufffd".encode() not in request.body:
        return "encoding"
    return ""


def refusal(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        # RFC 9457 like every other API error; `errors` keeps the shape of the API's own 422s
        return problem_response(request, status, message, {"__all__": [message]})
    referer = request.META.get("HTTP_REFERER", "")
    back = referer if referer.startswith(settings.SITE_URL) or referer.startswith("/") else request.path
    return render(request, "core/bad_request.html", {"message": message, "back": back}, status=status)


class RequestBodyGuardMiddleware:
    """Refuse, before anything reads them, bodies that are too large or cannot be read as sent:
    another charset than UTF-8, bytes that are not UTF-8, NUL characters. Django would otherwise
    store such text with replacement characters without a word, or fail with a 500."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = -1
            if length < 0:
                return refusal(request, 400, _("The request could not be read."))
            if length > body_limit(request.path):
                return refusal(
                    request,
                    413,
                    _("What you sent is too large (at most %(size)s kB). Shorten it and send again.")
                    % {"size": body_limit(request.path) // 1024},
                )
            problem = body_problem(request)
            if problem in ("charset", "encoding"):
                return refusal(
                    request,
                    400,
                    _(
                        "What you sent contains characters that could not be read (the text must be "
                        "UTF-8). Nothing was saved. Please go back, check the text and send it again."
                    ),
                )
            if problem == "nul":
                return refusal(
                    request,
                    400,
                    _(
                        "What you sent contains a control character (NUL) that text cannot contain. "
                        "Nothing was saved. Please remove it and send again."
                    ),
                )
        return self.get_response(request)


API_PREFIX = "/api/"


class ApiConditionalGetMiddleware:
    """Like Django's ConditionalGetMiddleware, for HEAD as well as GET, and only under /api/.

    The ETag is a hash of the body, so it changes with anything a client could see; Last-Modified
    is set by the view (the catalog's last change, deletions included).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or not request.path.startswith(API_PREFIX):
            return response
        if response.status_code == 200 and not response.streaming:
            if not response.has_header("ETag"):
                set_response_etag(response)
            last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
            response = (
                get_conditional_response(
                    request, etag=response.get("ETag"), last_modified=last_modified, response=response
                )
                or response
            )
            response.setdefault("Cache-Control", "no-cache")  # may be stored, but revalidated each time
        if request.method == "HEAD" and not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response


def accept_language(request: HttpRequest) -> str:
    """The first language of Accept-Language (by preference) that the site speaks; else its default
    (Finnish). Unlike Django's get_language_from_request, the site's language cookie does not count:
    an API answer varies by the header alone."""
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return str(settings.LANGUAGE_CODE)


class ApiLanguageMiddleware:
    """API answers in the language of Accept-Language (fi, sv, en), not the site's default.

    LocaleMiddleware gives paths without a language prefix the default language (Finnish), or the
    language cookie's; the API has no prefix, so its language comes from the client's header alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = accept_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
            response = self.get_response(request)
        response.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Accept-Language",))
        return response
