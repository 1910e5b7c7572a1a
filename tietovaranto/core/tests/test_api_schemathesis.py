"""Every API operation against its own OpenAPI schema, with generated input (schemathesis).

All of schemathesis' checks: no server error, status codes the schema declares, bodies and
content types that match it, and so on. Hypothesis is derandomised so a run is repeatable.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tietovaranto.config.wsgi import application

# Reading the schema needs no database; the cases run against the imported Kaarina page.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.usefixtures("demo_catalog")
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_its_schema(case) -> None:  # type: ignore[no-untyped-def]
    case.call_and_validate()
