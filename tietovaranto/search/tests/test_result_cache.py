"""The per-process cache of search results: the same search again costs one query, and any
publication or live edit gives fresh results at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.importer.services import page_import
from tietovaranto.publishing.services import draft_for, publish
from tietovaranto.search.services import search

QUERY = "henkilöstötiedot"


@pytest.fixture
def kaarina(db: None) -> Organisation:
    page_import(publish=True, text=kaarina_page(), organisation_name=KAARINA)
    return Organisation.objects.get(slug="kaarinan-kaupunki")


def first_hit(query: str = QUERY) -> InformationResource:
    return search(query).hits[0].resource


def test_the_same_search_again_reads_only_the_index_state(kaarina: Organisation) -> None:
    first = search(QUERY)
    with CaptureQueriesContext(connection) as queries:
        again = search(QUERY)
    assert len(queries) == 1
    assert again is first
    # other filters, pages and queries are other searches
    assert search(QUERY, offset=1) is not first
    assert search(QUERY, organisation="kaarinan-kaupunki") is not first
    assert search("palkka") is not first


def test_a_publication_shows_at_once(kaarina: Organisation) -> None:
    resource = first_hit()
    assert resource.area is not None
    draft = draft_for(kaarina)
    # a renamed service area changes no index term, yet the result shows the new name
    ServiceArea.all_objects.filter(organisation=draft, uid=resource.area.uid).update(name="Uusi toimiala")
    draft_resource = InformationResource.all_objects.get(organisation=draft, uid=resource.uid)
    draft_resource.slug = "henkilosto-uusi"
    draft_resource.save()
    assert first_hit().slug == resource.slug  # the draft is not searched
    publish(kaarina, reason="Toimiala ja osoite muuttuivat")
    hit = first_hit()
    assert hit.slug == "henkilosto-uusi"
    assert hit.area is not None
    assert hit.area.name == "Uusi toimiala"


def test_a_live_edit_outside_publishing_shows_at_once(
    kaarina: Organisation,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    resource = first_hit()
    live = InformationResource.objects.get(pk=resource.pk)
    live.name = "Henkilöstöhallinnon tietovaranto"
    with django_capture_on_commit_callbacks(execute=True):  # as when the edit commits
        live.save()
        live.organisation.name = "Kaarinan kaupunki (uusi nimi)"
        live.organisation.save()
    hit = first_hit()
    assert hit.name == "Henkilöstöhallinnon tietovaranto"
    assert hit.organisation.name == "Kaarinan kaupunki (uusi nimi)"


def test_the_cache_can_be_turned_off(kaarina: Organisation, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SEARCH_RESULT_CACHE_SIZE = 0
    first = search(QUERY)
    again = search(QUERY)
    assert again is not first
    assert [h.resource.pk for h in again.hits] == [h.resource.pk for h in first.hits]


@pytest.mark.parametrize("cache_size", [0, 100])
def test_a_process_whose_vocabulary_is_stale_still_answers_as_the_index_does_now(
    kaarina: Organisation,
    settings,  # type: ignore[no-untyped-def]
    cache_size: int,
) -> None:
    """This process's vocabulary is of an older index generation (staff added a synonym in another
    worker since): the search must not answer from it. PostgreSQL reads the index state with the
    matches, and checks it after."""
    from tietovaranto.search import services
    from tietovaranto.search.models import Synonym

    settings.SEARCH_RESULT_CACHE_SIZE = cache_size
    assert not search("merirosvot").hits
    before = services._lexicon
    Synonym.objects.create(word="merirosvot", means="henkilöstötiedot")  # as by another worker
    services._lexicon = before  # ... and this process has not searched since
    assert [hit.resource.pk for hit in search("merirosvot").hits][:1] == [first_hit().pk]
