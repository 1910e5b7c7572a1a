"""PostgreSQL runs what every search runs as statements prepared once per connection."""

import pytest
from django.db import connection, transaction

from tests.pages import KAARINA, kaarina_page
from tietovaranto.importer.services import page_import
from tietovaranto.search import prepared
from tietovaranto.search.services import SearchResults, search

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")

QUERIES = ("palkkatietoni", "luottamustoimista", "kokousten pöytäkirjat")


@pytest.fixture
def published(transactional_db: None, settings) -> None:  # type: ignore[no-untyped-def]
    # outside a test transaction, as a web request runs its searches
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    settings.SEARCH_RESULT_CACHE_SIZE = 0


def answers() -> list[tuple[object, ...]]:
    def seen(results: SearchResults) -> tuple[object, ...]:
        hits = [(hit.resource.pk, hit.resource.organisation.name, hit.score) for hit in results.hits]
        return (results.total, hits, results.facets)

    return [seen(search(query)) for query in QUERIES]


def prepared_here() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


def test_searches_answer_the_same_with_prepared_statements_as_with_plain_sql(  # type: ignore[no-untyped-def]
    published: None, settings
) -> None:
    settings.DATABASE_PREPARED_STATEMENTS = False
    plain = answers()
    assert all(total for total, _hits, _facets in plain)  # something was found
    settings.DATABASE_PREPARED_STATEMENTS = True
    assert answers() == plain
    assert {
        "tietovaranto_index_state",
        "tietovaranto_ids_any_field",
        "tietovaranto_ids_name_document_ranks",
        "tietovaranto_entry_rows_page",
    } <= prepared_here()


def test_a_session_without_the_statements_or_with_them_already_still_answers(published: None) -> None:
    expected = answers()
    # a connection pooler gave the connection another server session: the statements are gone
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert answers() == expected
    assert "tietovaranto_ids_any_field" in prepared_here()
    # … or one where another client had prepared them: preparing them again fails at first
    prepared._prepared_on.clear()
    assert answers() == expected


def test_a_migration_that_changes_what_a_statement_returns_does_not_stop_searches(published: None) -> None:
    # a worker that prepared its statements before the migration, searching after it
    expected = answers()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE search_searchentry ALTER COLUMN card TYPE varchar")
    try:
        assert answers() == expected
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE search_searchentry ALTER COLUMN card TYPE text")


def test_in_a_transaction_a_lost_statement_says_what_to_do(published: None) -> None:
    answers()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        with pytest.raises(RuntimeError, match="DATABASE_PREPARED_STATEMENTS=0"):
            search(QUERIES[0])
