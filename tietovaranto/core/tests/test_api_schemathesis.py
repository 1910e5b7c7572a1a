"""Every API operation against its own OpenAPI schema, with generated input (schemathesis).

All of schemathesis' checks: no server error, status codes the schema declares, bodies and
content types that match it, and so on. Hypothesis is derandomised so a run is repeatable.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tietovaranto.accounts import tokens
from tietovaranto.catalog.models import Organisation
from tietovaranto.config.wsgi import application

# Reading the schema needs no database; the cases run against the imported Kaarina page.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# A NUL character is refused before any view runs (core.middleware.RequestBodyGuardMiddleware, 400 as a
# problem document): text cannot hold it. test_nul_in_a_json_body_is_a_400_problem covers that answer.
schema.config.generation.update(allow_x00=False)


@pytest.fixture
def connection_kept_open() -> Iterator[None]:
    """The WSGI app closes the database connection after each request, as in production; inside the
    test's transaction that loses the connection on PostgreSQL. Django's own test client does the same."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(demo_catalog: Organisation, settings) -> str:  # type: ignore[no-untyped-def]
    """A key of the demo organisation for the write API, with room for every generated case."""
    settings.API_TOKEN_RATE_LIMIT = "1000000/60"
    return tokens.create_token(None, demo_catalog, "schemathesis")[1]


@pytest.mark.usefixtures("demo_catalog", "connection_kept_open")
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_its_schema(case, api_key: str) -> None:  # type: ignore[no-untyped-def]
    # every operation with the key (the read API ignores it); the write API's 401s: test_write_api.py
    case.call_and_validate(headers={"Authorization": f"Bearer {api_key}"})


@pytest.mark.django_db
def test_nul_in_a_json_body_is_a_400_problem(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/requests",
        data='{"organisation": "kaarinan-kaupunki", "subject": "a\\u0000b"}',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert "NUL" in problem["detail"]
    assert problem["errors"]["__all__"] == [problem["detail"]]
