"""Public catalog pages change only when the catalog does: a conditional GET and a per-process cache.

Public pages show only live, published rows, and those change when the organisation is published
(`published_at`) or, outside publishing, when someone edits live rows directly (the admin, a
shell): every such save bumps `SearchIndexState.catalog_generation` after commit (search/indexing.py).
`catalog_cache_key(org_slug)` combines the two in one indexed query; the cached page and its ETag are
keyed by it, so any change makes new ones. `cached_public_page` is a plain view decorator, so it can
move to the catalog app as it is.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotModified
from django.utils import translation

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
