"""Fixtures shared by every app's tests."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests.pages import KAARINA, kaarina_page
from tietovaranto.catalog.models import Organisation
from tietovaranto.importer.services import page_import


@pytest.fixture
def demo_catalog(db: None) -> Organisation:
    """The real Kaarina page, imported as a records manager would."""
    page_import(
        text=kaarina_page(), organisation_name=KAARINA, source="kaarina-tietovarannot.txt", publish=True
    )
    return Organisation.objects.get(name=KAARINA)


@pytest.fixture(autouse=True)
def mail_goes_through_the_queue(settings) -> None:  # type: ignore[no-untyped-def]
    """Django's test runner swaps in an in-memory mail backend; we test the real queue instead."""
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"


@pytest.fixture(autouse=True)
def fresh_search_caches() -> None:
    """Each test's database starts again from index generation 0: forget the last test's lexicon
    and search results, which are kept per process by generation."""
    from tietovaranto.search import services

    services._lexicon = None
    services._result_cache.clear()


@pytest.fixture(autouse=True)
def default_language_after_the_test() -> Iterator[None]:
    """A request to /sv/… or /en/… leaves its language active in the thread (LocaleMiddleware never
    deactivates it), and the next test's reverse() and gettext would then be Swedish or English."""
    yield
    translation.deactivate()
