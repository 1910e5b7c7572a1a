"""Search benchmark on a national-scale synthetic catalog (default 300 organisations × 35 resources).

Prints, side by side in one run on one SQLite database: catalog and index build time, and
p50/p95/p99 latency of a fixed mix of 200 queries (a) through the whole view with Django's test
client, (b) straight through the search function, and (c) a plain FTS5 query on the raw text
(no analysis, no ranking by field) as the baseline, with the ratios.
Usage: python bench/search_bench.py [ORGANISATIONS] [RESOURCES_PER_ORGANISATION]
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
workdir = tempfile.mkdtemp(prefix="tietovaranto-search-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tietovaranto.config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.queries import query_mix  # noqa: E402
from bench.synthetic_catalog import build_catalog  # noqa: E402
from tietovaranto.catalog.models import Item  # noqa: E402
from tietovaranto.search.indexing import rebuild_index  # noqa: E402
from tietovaranto.search.services import search  # noqa: E402


def build_baseline() -> None:
    """The same resources as raw text in a plain FTS5 table (default tokenizer), for the baseline."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE VIRTUAL TABLE baseline_fts USING fts5(body)")
        cursor.execute(
            """INSERT INTO baseline_fts(rowid, body)
               SELECT r.id, r.name || ' ' || r.description || ' ' ||
                      COALESCE((SELECT group_concat(i.name, ' ') FROM catalog_resourceitem ri
                                JOIN catalog_item i ON i.id = ri.item_id WHERE ri.resource_id = r.id), '')
               FROM catalog_informationresource r"""
        )


def baseline_search(query: str) -> list[int]:
    words = [w for w in query.lower().replace("-", " ").split() if w.isalpha()]
    if not words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM baseline_fts WHERE baseline_fts MATCH %s ORDER BY bm25(baseline_fts) LIMIT 20",
            [" OR ".join(f'"{w}"' for w in words)],
        )
        return [row[0] for row in cursor.fetchall()]


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def measure(run: Callable[[str], object], queries: list[str]) -> tuple[float, float, float]:
    for query in queries[:20]:  # warm caches the way a running server has them
        run(query)
    samples = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        samples.append((time.perf_counter() - start) * 1000)
    return percentiles(samples)


def main() -> None:
    organisations = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    per_organisation = int(sys.argv[2]) if len(sys.argv) > 2 else 35
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    resources = build_catalog(organisations, per_organisation)
    catalog_seconds = time.perf_counter() - start
    start = time.perf_counter()
    rebuild_index()
    index_seconds = time.perf_counter() - start
    build_baseline()
    print(f"catalog: {organisations} organisations, {resources} resources, {Item.objects.count()} items")
    print(f"catalog written in {catalog_seconds:.1f} s; search index built in {index_seconds:.1f} s")

    queries = query_mix()
    client = Client()
    view = measure(lambda q: client.get("/search/", {"q": q}), queries)
    direct = measure(lambda q: search(q, limit=20), queries)
    baseline = measure(baseline_search, queries)
    print(f"{len(queries)} queries, milliseconds    p50     p95     p99")
    for label, figures in (
        ("whole view (test client)", view),
        ("search function", direct),
        ("plain FTS5 baseline", baseline),
    ):
        print(f"{label:<28} {figures[0]:7.2f} {figures[1]:7.2f} {figures[2]:7.2f}")
    print(f"ratio view / baseline (p95): {view[1] / baseline[1]:.1f}")
    print(f"ratio search function / baseline (p95): {direct[1] / baseline[1]:.1f}")
    print(f"ratio view / search function (p95): {view[1] / direct[1]:.2f}")
    print(f"target: p95 through the whole view < 20 ms: {'met' if view[1] < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()
