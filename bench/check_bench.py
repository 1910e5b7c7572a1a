"""The check against the law on a large organisation (default 1,000 resources × 8 items).

Prints the queries and the median time of (a) `check_description` alone, (b) the staff page
`/staff/<org>/check/` through Django's test client, and, as the baseline, (c) the public printable
description `/<org>/description/`, which reads the same rows; rounds interleaved a b c a b c.
Usage: python bench/check_bench.py [RESOURCES] [ROUNDS]
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
workdir = tempfile.mkdtemp(prefix="tietovaranto-check-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tietovaranto.accounts.models import Membership, Role  # noqa: E402
from tietovaranto.catalog.completeness import check_description  # noqa: E402
from tietovaranto.catalog.models import (  # noqa: E402
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.search.indexing import indexing_deferred  # noqa: E402


@transaction.atomic
def build(resources: int) -> Organisation:
    organisation = Organisation.objects.create(
        name="Suurkaupunki", slug="suurkaupunki", registry_email="kirjaamo@suurkaupunki.fi"
    )
    areas = ServiceArea.objects.bulk_create(
        ServiceArea(organisation=organisation, name=f"Palvelualue {n}", slug=f"alue-{n}", position=n)
        for n in range(10)
    )
    rows = InformationResource.objects.bulk_create(
        InformationResource(
            organisation=organisation,
            area=areas[n % 10],
            name=f"Tietovaranto {n}",
            slug=f"tietovaranto-{n}",
            description="" if n % 7 == 0 else "Tietovarannon käyttötarkoitus ja sisältö.",
            position=n,
        )
        for n in range(resources)
    )
    items = Item.objects.bulk_create(
        Item(organisation=organisation, kind="register", name=f"Rekisteri {n}") for n in range(resources * 8)
    )
    ResourceItem.objects.bulk_create(
        ResourceItem(resource=rows[n // 8], item=item, position=n % 8) for n, item in enumerate(items)
    )
    SearchCriterion.objects.bulk_create(
        SearchCriterion(organisation=organisation, resource=row, name=name, position=p)
        for row in rows
        for p, name in enumerate(("nimi", "hetu", "päivämäärä"))
    )
    InterfaceStatement.objects.bulk_create(
        InterfaceStatement(organisation=organisation, resource=row, aspect="open", status="no")
        for row in rows
        if row.position % 3
    )
    Decider.objects.create(organisation=organisation, title="Hallintojohtaja", email="hj@suurkaupunki.fi")
    return organisation


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    resources = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    call_command("migrate", verbosity=0)
    with indexing_deferred():  # the search index is not what is measured here
        organisation = build(resources)
    user = User.objects.create_user("bench")
    Membership.objects.create(user=user, organisation=organisation, role=Role.EDITOR)
    client = Client()
    client.force_login(user)

    def page(path: str) -> Callable[[], object]:
        def get() -> object:
            response = client.get(path)
            assert response.status_code == 200, response.status_code
            return response

        return get

    actions = {
        "check_description()": lambda: check_description(organisation),
        "staff page /staff/<org>/check/": page(f"/staff/{organisation.slug}/check/"),
        "public /<org>/description/ (baseline)": page(f"/{organisation.slug}/description/"),
    }
    report = check_description(organisation)
    print(
        f"{resources} resources, {resources * 8} items: {len(report.missing_required)} required missing, "
        f"{sum(1 for _ in report.all_findings())} findings"
    )
    for name, action in actions.items():
        action()  # warm up
        with CaptureQueriesContext(connection) as queries:
            action()
        print(f"  queries {name}: {len(queries.captured_queries)}")
    times: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(rounds):
        for name, action in actions.items():
            times[name].append(timed(action))
    baseline = statistics.median(times["public /<org>/description/ (baseline)"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<40} median {median * 1000:8.1f} ms  ({median / baseline:.2f} × baseline)")


if __name__ == "__main__":
    main()
