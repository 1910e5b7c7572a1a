import pytest

from tietovaranto.search import services


@pytest.fixture(autouse=True)
def fresh_lexicon() -> None:
    """Each test's database starts again from index generation 0: forget the last test's lexicon."""
    services._lexicon = None
