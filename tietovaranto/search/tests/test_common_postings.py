"""The commonest terms' entry ids, which PostgreSQL searches read from memory (search/postings.py)."""

import pytest
from django.conf import settings
from django.db import connection

from tests.authority_pages import AUTHORITY_PAGES
from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.importer.services import page_import
from tietovaranto.search import backends, indexing, services
from tietovaranto.search.models import SearchEntry, SearchLexicon
from tietovaranto.search.postings import CommonPostings, common_postings, union

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite reads every term's entries from FTS5's doclists"
)


def test_the_commonest_terms_are_kept_within_the_budget() -> None:
    postings = {"a": [1, 2, 3, 4], "b": [2, 3, 5], "c": [7, 9], "d": [8]}
    common = common_postings(postings, min_documents=2, budget=6)
    assert set(common.spans) == {"a", "c"}  # "b" would take it past six ids; "d" is too rare
    assert common.of("a").tolist() == [1, 2, 3, 4]
    assert union(common, ["a", "c"], [5, 2]) == [1, 2, 3, 4, 5, 7, 9]


def test_stored_postings_read_back_the_same() -> None:
    common = common_postings({"a": [1, 2**32 + 5], "b": [3, 4]}, min_documents=2, budget=10)
    header, blob = common.to_stored()
    again = CommonPostings.from_stored(header, blob)
    assert again.spans == common.spans
    assert again.of("a").tolist() == [1, 2**32 + 5]  # ids past four bytes take eight
    assert again.of("b").tolist() == [3, 4]


@pytest.fixture
def national_catalog(db: None) -> None:
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    for name, text in AUTHORITY_PAGES:
        page_import(publish=True, text=text, organisation_name=name)
    settings.SEARCH_RESULT_CACHE_SIZE = 0
    settings.SEARCH_COMMON_TERM_DOCUMENTS = 3  # common in a catalog of a few hundred resources


QUERIES = [
    "rekisteri",
    "palkkatiedot",
    "henkilöstö tietovaranto",
    "Espoon palkkatiedot",
    "asiakirjat",
    "rekisteri sopimukset",
    "kaarinan pöytäkirjat",
    "where is my pay information",
    "tietovaranto",
    "luottamustoimista",
    "rekrytointihakemukseni",
    "arkistokokoelmista",
    "valtuusto",
    "rekisteri luottamustoimet",
    "sopimukset arkistokokoelmat",
]


def _seen(results: services.SearchResults) -> tuple[object, ...]:
    return (
        [hit.resource.pk for hit in results.hits],
        results.total,
        results.facets,
        [[str(match.highlighted) for match in hit.matches] for hit in results.hits],
    )


@postgresql_only
def test_searches_find_the_same_with_the_common_terms_in_memory(
    national_catalog: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon = services.lexicon()
    assert lexicon.common_postings is not None
    assert len(lexicon.common_postings.spans) > 20
    with_memory = {query: _seen(services.search(query)) for query in QUERIES}
    tiered = {}
    monkeypatch.setattr(backends, "RANK_ALL_LIMIT", 0)  # every search through the tiers
    for query in QUERIES:
        tiered[query] = _seen(services.search(query))
    monkeypatch.setattr(lexicon, "common_postings", None)
    for query in QUERIES:
        assert _seen(services.search(query)) == tiered[query], query
    monkeypatch.setattr(backends, "RANK_ALL_LIMIT", 100)
    for query in QUERIES:
        assert _seen(services.search(query)) == with_memory[query], query


@postgresql_only
def test_a_common_terms_ids_are_the_entries_that_hold_it(national_catalog: None) -> None:
    common = services.lexicon().common_postings
    assert common is not None
    for term in sorted(common.spans)[:40]:
        with connection.cursor() as cursor:
            fields = ("name", "items", "criteria", "description")
            cursor.execute(
                "SELECT entry_id FROM search_document WHERE "
                + " OR ".join(f"{field}_document @@ %(query)s::tsquery" for field in fields)
                + " ORDER BY 1",
                {"query": backends.query_text([term])},
            )
            assert common.of(term).tolist() == [row[0] for row in cursor.fetchall()], term


@postgresql_only
def test_a_resource_indexed_after_the_ids_were_read_is_found(
    national_catalog: None,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """A worker's ids belong to one index generation: after a publication or an edit, a search
    reads them again (here the new resource holds only common terms)."""
    before = services.search("rekisteri")
    common = services.lexicon().common_postings
    assert common is not None
    assert "rekisteri" in common
    kaarina = Organisation.objects.get(slug="kaarinan-kaupunki")
    with django_capture_on_commit_callbacks(execute=True):
        resource = InformationResource.objects.create(
            organisation=kaarina, name="Rekisteri", slug="rekisteri-uusi", position=99
        )
    after = services.search("rekisteri")
    assert after.total == before.total + 1
    assert resource.pk in [hit.resource.pk for hit in after.hits]


@postgresql_only
def test_ids_read_after_the_index_changed_are_not_used_for_the_generation_asked(
    national_catalog: None,
) -> None:
    """The ids and the generation they belong to are read by one statement: a process that asked
    for an older generation gets none (its search is done again with the newer one)."""
    asked = services._current_generation()
    indexing.bump_generation()  # the index changes after the generation was read
    statistics = services._statistics(asked)
    assert statistics.common is None
    assert statistics.documents == SearchEntry.objects.count()
    stored = SearchLexicon.objects.get()
    assert stored.generation == asked + 1
    assert bytes(stored.postings)
    assert services._statistics(asked + 1).common is not None
