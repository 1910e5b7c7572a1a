"""The two morphology backends give search the same analyses, and the fast one is chosen when present."""

import logging
import os

import pytest

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, kaarina_page
from tietovaranto.search import morphology
from tietovaranto.search.analyzer import tokenize

# pyvoikko's transducer is an older build of the dictionary: it also reads "materiaaleja" as a
# compound "materia + ale". Every other word of the test pages must be analysed identically.
KNOWN_DIFFERENCES = {"materiaaleja"}


def _libvoikko() -> morphology.LibvoikkoBackend:
    try:
        return morphology.LibvoikkoBackend()
    except (ImportError, OSError):
        if os.environ.get("CI"):
            raise  # CI runs as root and `make test` installs libvoikko1 + voikko-fi
        pytest.skip("Debian's libvoikko1 + voikko-fi are not installed")


def test_libvoikko_and_pyvoikko_analyse_the_test_vocabulary_alike() -> None:
    fast, fallback = _libvoikko(), morphology.PyvoikkoBackend()
    words = {token.strip("-") for token in tokenize(kaarina_page() + ESIMERKKILA_TEXT + ESIMERKKILA_HTML)} - {
        ""
    }
    assert len(words) > 300
    different = {
        word
        for word in words
        if set(fast.analyse(word)) != set(fallback.analyse(word)) and word not in KNOWN_DIFFERENCES
    }
    assert different == set()


def test_compound_parts_and_base_forms() -> None:
    analyses = _libvoikko().analyse("valokuva-aineistoista")
    assert morphology.Analysis("valokuva-aineisto", ("valo", "kuva", "aineisto"), "nimisana") in analyses


def test_without_libvoikko_search_falls_back_to_pyvoikko_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def missing(self: object) -> None:
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.setattr(morphology.LibvoikkoBackend, "__init__", missing)
    with caplog.at_level(logging.WARNING, logger="tietovaranto.search.morphology"):
        backend = morphology.load_backend("")
    assert backend.name == "pyvoikko"
    assert [r.getMessage() for r in caplog.records if "pyvoikko" in r.getMessage()] != []
    assert backend.analyse("palkkatietoni")[0].baseform == "palkkatieto"
