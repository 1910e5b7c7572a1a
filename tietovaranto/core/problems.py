"""API errors as RFC 9457 problem details (application/problem+json), in the client's language.

The language comes from Accept-Language (LocaleMiddleware has already chosen fi, sv or en). Every
problem has `type`, `title`, `status` and `detail`; a validation problem (422) adds `errors`, the
messages per parameter or field, the same shape as the request API's own 422 answers.
"""

import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from pydantic import Field

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemOut(Schema):
    """RFC 9457 problem details."""

    type: str = Field("about:blank", description="'about:blank': the status code says it all")
    title: str = Field(description="the status in the client's language")
    status: int
    detail: str = Field("", description="what went wrong, in the client's language")
    instance: str = Field("", description="the path that was asked for")
    errors: dict[str, list[str]] | None = Field(None, description="422 only: messages per parameter or field")


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        412: _("Precondition failed"),
        422: _("Invalid parameters"),
        428: _("Precondition required"),
        429: _("Too many requests"),
        500: _("Server error"),
    }


def problem_response(
    request: HttpRequest, status: int, detail: str = "", errors: dict[str, list[str]] | None = None
) -> HttpResponse:
    body = ProblemOut(
        type="about:blank",
        title=_titles().get(status, str(status)),
        status=status,
        detail=detail,
        instance=request.path,
        errors=errors,
    )
    response = HttpResponse(
        body.model_dump_json(exclude_none=True), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
    response["Content-Language"] = translation.get_language() or "fi"
    return response


# A pattern's own message (pydantic only says "should match pattern …"): pattern -> message function
PATTERN_MESSAGES: dict[str, Any] = {}


def DATE_MESSAGE() -> str:  # noqa: N802  (reads like the constant it is, in the active language)
    return _("Give a date or time as ISO 8601, e.g. 2025-01-31 or 2025-01-31T12:00:00+02:00.")


def _message(error: dict[str, Any]) -> str:
    """A pydantic error in the client's language; unknown kinds keep pydantic's English text."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This value is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Give a whole number.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Give a number of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt", ""))}
    if kind in ("less_than_equal", "less_than"):
        return _("Give a number of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt", ""))}
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind in ("string_too_short",):
        return _("Give at least %(count)s characters.") % {"count": ctx.get("min_length", "")}
    if kind in ("string_too_long",):
        return _("Give at most %(count)s characters.") % {"count": ctx.get("max_length", "")}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
        return str(PATTERN_MESSAGES[ctx["pattern"]]())
    if kind.startswith(("datetime", "date")):
        return DATE_MESSAGE()
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validators' messages are already translated
    return str(error.get("msg", kind))


def validation_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for error in errors:
        # ("query", "limit") -> "limit"; ("body", "payload", "subject") -> "subject"
        location = [str(part) for part in error.get("loc", ())[1:] if part != "payload"]
        by_field.setdefault(".".join(location) or "__all__", []).append(_message(error))
    return by_field


def _unparsable_body(request: HttpRequest) -> str:
    """Where a JSON body breaks (a syntax error is 400; JSON of the wrong shape is 422)."""
    try:
        json.loads(request.body)
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError):
            return _(
                "The body is not valid JSON: %(problem)s at line %(line)s, column %(column)s. "
                "Nothing was saved."
            ) % {"problem": error.msg, "line": error.lineno, "column": error.colno}
    return _("The body is not valid JSON. Nothing was saved.")


def install_problem_handlers(api: NinjaAPI) -> None:
    """Every error the API can answer becomes a problem document (never Django's HTML page)."""

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return problem_response(
            request, 422, _("Some parameters are not valid."), validation_errors(exc.errors)
        )

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem_response(request, 404, _not_found_detail(exc))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
            detail = _unparsable_body(request)  # ninja's English words, without where
            return problem_response(request, 400, detail, {"__all__": [detail]})
        return problem_response(request, exc.status_code, str(exc))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        # RFC 6750: say which scheme, and whether a key was sent but not accepted
        given = isinstance(exc, KeyRefused)
        detail = str(exc) if given else _("Send an API key: Authorization: Bearer <key>.")
        response = problem_response(request, 401, detail)
        challenge = 'Bearer realm="tietovaranto"'
        response["WWW-Authenticate"] = challenge + (', error="invalid_token"' if given else "")
        return response

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, int(exc.wait or 1))
        response = problem_response(
            request,
            429,
            _("Too many requests with this API key. Try again in %(seconds)s seconds.") % {"seconds": wait},
        )
        response["Retry-After"] = str(wait)
        return response

    api.add_exception_handler(AuthenticationError, on_authentication)  # type: ignore[arg-type]
    api.add_exception_handler(Throttled, on_throttled)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(Http404, on_not_found)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]


class KeyRefused(AuthenticationError):
    """An API key was sent but is unknown, malformed or revoked (401 with error="invalid_token")."""


class NotFoundError(Http404):
    """A 404 whose message is shown to API clients, e.g. NotFoundError(pgettext(...))."""


def _not_found_detail(exc: Exception) -> str:
    if isinstance(exc, NotFoundError):
        return str(exc)
    # selectors raise Http404 with an English developer message: keep clients' language instead
    text = str(exc)
    if "organisation" in text:
        return pgettext("api", "No such organisation.")
    if "resource" in text:
        return pgettext("api", "No such information resource.")
    return pgettext("api", "Nothing at this address.")
