"""Public catalog pages change only when the catalog does: a conditional GET and a per-process cache.

Public pages show only live, published rows, and those change when the organisation is published
(`published_at`) or, outside publishing, when someone edits live rows directly (the admin, a
shell): every such save bumps `SearchIndexState.catalog_generation` after commit (search/indexing.py).
`catalog_cache_key(org_slug)` combines the two in one indexed query; the cached page and its ETag are
keyed by it, so any change makes new ones. `cached_public_page` is a plain view decorator, so it can
move to the catalog app as it is.
"""

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, close_old_connections, connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import translation
from django.utils.http import parse_etags

from tietovaranto.catalog.models import Organisation
from tietovaranto.search.models import SearchIndexState

CACHE_SECONDS = 3600


def _key_sql() -> str:
    organisations, state = Organisation._meta.db_table, SearchIndexState._meta.db_table
    return (
        f"SELECT o.id, o.published_at, s.catalog_generation FROM {organisations} o "
        f"LEFT JOIN {state} s ON s.id = 1 "
        "WHERE o.slug = %s AND o.draft_of_id IS NULL AND o.published_at IS NOT NULL"
    )


def catalog_cache_key(org_slug: str) -> str | None:
    """The published state of the organisation's catalog; None for an unknown or unpublished one."""
    with connection.cursor() as cursor:
        cursor.execute(_key_sql(), [org_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


# Headers a view sets that belong to the cached content (the API's Last-Modified, see catalog/api.py).
_KEPT_HEADERS = ("Content-Type", "Last-Modified", "X-Total-Count")


def _cached(view: Callable[..., HttpResponseBase], conditional: bool) -> Callable[..., HttpResponseBase]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        state = catalog_cache_key(kwargs["org_slug"])
        if state is None:
            return view(request, *args, **kwargs)  # its own 404
        key = f"page:{state}:{translation.get_language()}:{request.get_full_path()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        if conditional and etag in request.headers.get("If-None-Match", ""):
            response: HttpResponseBase = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if isinstance(response, HttpResponse):
                kept = [(name, response[name]) for name in _KEPT_HEADERS if response.has_header(name)]
                cache.set(key, (response.content, kept), CACHE_SECONDS)
        if conditional:
            response["ETag"] = etag
            response["Cache-Control"] = "no-cache"  # always revalidate: a change shows at once
        return response

    return wrapper


def cached_public_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Answer If-None-Match with 304 and serve the page from the cache while the catalog is unchanged.

    For public, anonymous GET pages of one organisation (the view takes `org_slug`).
    """
    return _cached(view, conditional=True)


def cached_public_json(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The same cache for an API view; ETag, Last-Modified, 304 and HEAD are the API's own
    (core.middleware.ApiConditionalGetMiddleware), so there is one conditional GET for the API."""
    return _cached(view, conditional=False)


# ---------------------------------------------------------------- in front of Django (WSGI)
_SLUG = r"[-a-zA-Z0-9_]+"
PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024  # per process; the least recently used pages go first
_MAX_PAGE_BYTES = 512 * 1024
# what a 304 repeats of the page's headers (as Django's own conditional GET does)
_NOT_MODIFIED_HEADERS = frozenset(
    ["cache-control", "content-location", "date", "etag", "expires", "last-modified", "vary"]
)
# Request headers a cached answer may depend on: they are part of the key. Anything else that
# could make a page personal (a cookie: session, messages, language) bypasses the cache.
_KEY_HEADERS = ("HTTP_HOST", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO", "HTTP_ACCEPT_LANGUAGE")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class _Page:
    state: str
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str | None


def _etag_matches(if_none_match: str, etag: str | None) -> bool:
    if not etag:
        return False
    wanted = parse_etags(if_none_match)
    return "*" in wanted or any(tag.removeprefix("W/") == etag.removeprefix("W/") for tag in wanted)


class PublishedPageCache:
    """Public resource pages (HTML and JSON) served before Django builds a request, while the
    organisation's published catalog is unchanged.

    A page is taken from the cache only when `catalog_cache_key` (one indexed query, so every
    worker sees a publication at once) is the one it was stored under. Only anonymous GETs
    without a query string or any cookie are answered here, and only answers that set no cookie
    and do not vary by cookie are stored: what one visitor gets here, every visitor would get from
    Django. Everything else (HEAD, staff, forms, other pages) goes to Django as before.
    """

    def __init__(self, app: WSGIApp, max_bytes: int = PAGE_CACHE_MAX_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple[str, ...], _Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
        self._patterns = (
            re.compile(rf"^/(?:(?:{languages})/)?(?P<org>{_SLUG})/resources/{_SLUG}/$"),
            re.compile(rf"^/api/v1/resources/(?P<org>{_SLUG})/{_SLUG}$"),
        )

    def _organisation(self, environ: dict[str, Any]) -> str | None:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("QUERY_STRING")
            or environ.get("HTTP_COOKIE")
        ):
            return None
        if environ.get("HTTP_IF_MODIFIED_SINCE") or environ.get("HTTP_IF_MATCH") or environ.get("HTTP_RANGE"):
            return None  # rare: Django answers those itself
        path = environ.get("PATH_INFO", "")
        for pattern in self._patterns:
            match = pattern.match(path)
            if match:
                return match["org"]
        return None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        org_slug = self._organisation(environ)
        if org_slug is None:
            return self.app(environ, start_response)
        try:
            close_old_connections()  # what Django does at the start and end of every request
            state = catalog_cache_key(org_slug)
        except DatabaseError:
            return self.app(environ, start_response)
        finally:
            close_old_connections()
        if state is None:
            return self.app(environ, start_response)  # unknown or unpublished: Django's 404
        key = (environ.get("PATH_INFO", ""), *(str(environ.get(name, "")) for name in _KEY_HEADERS))
        page = self._get(key, state)
        if page is None:
            return self._fill(environ, start_response, key, state)
        if _etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), page.etag):
            start_response(
                "304 Not Modified", [(k, v) for k, v in page.headers if k.lower() in _NOT_MODIFIED_HEADERS]
            )
            return []
        start_response(page.status, list(page.headers))
        return [page.body]

    def _get(self, key: tuple[str, ...], state: str) -> _Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None and page.state == state:
                self._pages.move_to_end(key)
                return page
        stored = cache.get(_shared_key(key, state))  # another worker's page, with a shared cache
        if stored is not None:
            self._put(key, stored)
        return stored

    def _put(self, key: tuple[str, ...], page: _Page) -> None:
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes and self._pages:
                _key, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted.body)

    def _fill(
        self, environ: dict[str, Any], start_response: StartResponse, key: tuple[str, ...], state: str
    ) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None  # no view of ours uses write()

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()  # Django's request_finished
        status, headers = captured["status"], captured["headers"]
        start_response(status, headers, captured.get("exc_info"))
        if self._storable(status, headers, body):
            etag = next((v for k, v in headers if k.lower() == "etag"), None)
            page = _Page(state, status, list(headers), body, etag)
            self._put(key, page)
            cache.set(_shared_key(key, state), page, CACHE_SECONDS)
        return [body]

    @staticmethod
    def _storable(status: str, headers: list[tuple[str, str]], body: bytes) -> bool:
        if not status.startswith("200 ") or len(body) > _MAX_PAGE_BYTES:
            return False
        for name, value in headers:
            lowered = name.lower()
            if lowered == "set-cookie":
                return False  # something personal happened (a session, a message, a CSRF token)
            if lowered == "vary" and "cookie" in value.lower():
                return False  # the page read the session or the user
        return True


def _shared_key(key: tuple[str, ...], state: str) -> str:
    return "front:" + hashlib.sha256(repr((state, key)).encode()).hexdigest()
