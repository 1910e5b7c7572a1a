import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import _csrf_needed

from tietovaranto.catalog.api import router as catalog_router
from tietovaranto.core.problems import PROBLEM_CONTENT_TYPE, install_problem_handlers
from tietovaranto.desk.api import router as write_router
from tietovaranto.inforequests.api import router as request_router
from tietovaranto.search.api import router as search_router

PROBLEM_REF = {"$ref": "#/components/schemas/ProblemOut"}
RESPONSE_HEADERS = {
    "401": {
        "WWW-Authenticate": {
            "description": 'Bearer realm="tietovaranto" (with error="invalid_token" for a key not accepted)',
            "schema": {"type": "string"},
        }
    },
    "429": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "string"}}},
}


class TietovarantoAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """Declare what clients really get: errors as application/problem+json, 400 for bad bodies."""
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["components"].setdefault("schemas", {})
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                if method == "head" and "operationId" in operation:
                    operation["operationId"] += "_head"  # operation ids must be unique
                responses = {str(k): v for k, v in operation.get("responses", {}).items()}
                operation["responses"] = responses
                if method in ("post", "put", "patch"):
                    responses.setdefault("400", {"description": "Bad Request"})
                if "422" not in responses and (operation.get("parameters") or operation.get("requestBody")):
                    responses["422"] = {"description": "Unprocessable Content"}
                for status, response in responses.items():
                    if status in RESPONSE_HEADERS:
                        response.setdefault("headers", {}).update(RESPONSE_HEADERS[status])
                    if not status.startswith("4"):
                        continue
                    content = response.setdefault("content", {})
                    if content.get("application/json", {}).get("schema") == PROBLEM_REF:
                        del content["application/json"]  # a problem is never plain JSON
                    content[PROBLEM_CONTENT_TYPE] = {"schema": PROBLEM_REF}
        return schema


class OfflineSwagger(Swagger):
    """Swagger UI from our own static files. django-ninja serves it from a CDN unless "ninja" is an
    installed app, which would import it in every process (settings.NINJA_DIR)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": _csrf_needed(api),
        }
        return render(request, self.template, context)


api = TietovarantoAPI(
    title="Tietovaranto API",
    version="1",
    description="The 28 § description of information resources (TiHL 906/2019) as data. Errors are "
    "RFC 9457 problem details (application/problem+json) in the language of Accept-Language (fi, sv, en). "
    "The write API (`/organisations/{org_slug}/draft/…`) takes an API key of the organisation "
    "(`Authorization: Bearer tv_…`, created by its administrator) and writes the draft; PUT, PATCH and "
    "DELETE need `If-Match` with the row's ETag; `POST …/draft/publish` makes the draft public.",
    urls_namespace="api",
    docs=OfflineSwagger(),
)
install_problem_handlers(api)
api.add_router("/", catalog_router)
api.add_router("/", search_router)
api.add_router("/", request_router)
api.add_router("/", write_router)
