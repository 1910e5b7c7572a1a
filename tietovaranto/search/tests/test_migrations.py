"""Migrations 0006 (SQLite's full-text index as external content) and 0007 (PostgreSQL documents
per field): an index built before them is searchable after them, and after migrating back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.pages import KAARINA, kaarina_page
from tietovaranto.importer.services import page_import
from tietovaranto.search.models import SearchEntry
from tietovaranto.search.services import search

BEFORE = ("search", "0005_search_catalog_generation")


def found(query: str) -> list[str]:
    return [hit.resource.name for hit in search(query, limit=3).hits]


def name_matches(term: str) -> tuple[int, int]:
    """PostgreSQL: (name documents matching the term, entries with it in their name)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document WHERE name_document @@ %s::tsquery", [term])
        documents = cursor.fetchone()[0]
    return documents, sum(term in e.name_terms.split() for e in SearchEntry.objects.all())


def migrate(targets: list[tuple[str, str]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_an_index_built_before_the_migration_is_searchable_after_it_and_back() -> None:
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    before = [BEFORE] + [node for node in leaves if node[0] != "search"]
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    try:
        migrate(before)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:  # the old table, with its own copy of the terms
                cursor.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'name : henkilöstö'")
                assert cursor.fetchone()[0] >= 1
        migrate(leaves)
        if connection.vendor == "postgresql":
            documents, in_names = name_matches("viestintä")
            assert documents == in_names >= 1
        assert found("luottamustoimista") == ["Asiakastietovaranto"]
        assert found("palkkatietoni")[0] == "Henkilöstötietovaranto"
        # 0008 filled the entries' resource names and positions, which ranking reads
        entries = SearchEntry.objects.select_related("resource")
        assert {(e.resource_name, e.resource_position) for e in entries} == {
            (e.resource.name, e.resource.position) for e in entries
        }
    finally:
        migrate(leaves)
