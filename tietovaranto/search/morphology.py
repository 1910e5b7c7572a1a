"""Finnish morphology for search: Debian's C libvoikko when the machine has it, else pyvoikko.

libvoikko (packages `libvoikko1` + `voikko-fi`, through the `libvoikko` ctypes binding) analyses a
word in tens of microseconds with ~20 MiB resident; pyvoikko is a pure-Python transducer (~250 MiB
and over a second just to load, milliseconds per word; kfst-rs speeds it up when installed). Both
read the same Voikko transducer output, so they give the same analyses (a test compares them).

Nothing is loaded at import time: the backend is chosen on the first word analysed, so a web
worker that never searches never pays for it. TIETOVARANTO_MORPHOLOGY=pyvoikko|libvoikko forces one.
"""

import logging
import os
import re
import threading
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """One reading of a word: its base form, its compound parts' base forms, its word class."""

    baseform: str
    parts: tuple[str, ...]  # one entry for a simple word
    word_class: str


@dataclass(frozen=True)
class Reading:
    """Voikko's raw reading of a word for the importer: base form as written, word class, case."""

    baseform: str
    word_class: str
    case: str  # SIJAMUOTO, e.g. "nimento", "osanto"; "" when none
    mood: str = ""  # MOOD of a verb, e.g. "indicative", "A-infinitive"; "" when none


class Backend(Protocol):
    name: str

    def analyse(self, word: str) -> tuple[Analysis, ...]: ...

    def readings(self, word: str) -> tuple[Reading, ...]: ...


def _analysis(baseform: str, parts: tuple[str, ...], word_class: str) -> Analysis:
    """Lower case, without morpheme boundaries ("intra=net"): search compares words, not spellings."""
    return Analysis(
        baseform.lower().replace("=", "").replace("--", "-"),
        tuple(p.lower().replace("=", "").strip("-") for p in parts),
        word_class,
    )


def _without_redundant_names(analyses: list[Analysis]) -> tuple[Analysis, ...]:
    """Drop proper-name readings ("Kaupunginarkisto" as a name) of a word that is also a common noun
    with the same base form: they add no term, and only newer dictionaries have them."""
    common = {a.baseform for a in analyses if a.word_class != "nimi"}
    unique = dict.fromkeys(a for a in analyses if not (a.word_class == "nimi" and a.baseform in common))
    return tuple(unique)


_TAG_RE = re.compile(r"(\[[^\]]+\])")


def _part_baseforms(fst_output: str) -> tuple[str, ...]:
    """Base forms of the compound parts in Voikko's transducer output ([Bc] separates the parts).

    A part's base form is written between [Xp] (or [Xj]) and [X]; a part without one (a prefix
    like "järjestö-") is its surface form. Morpheme boundaries ("hyvin=vointi") are dropped.
    """
    parts: list[str] = []
    for segment in fst_output.split("[Bc]"):
        pieces = [p for p in _TAG_RE.split(segment) if p]
        if not any(p.startswith("[L") for p in pieces):
            continue
        base, surface, in_base, in_skip = "", "", False, False
        for piece in pieces:
            if piece in ("[Xp]", "[Xj]"):
                # a derivation ("[Xj]inen") restarts the base form from the surface so far
                base = surface if piece == "[Xj]" else base
                in_base, in_skip = True, False
            elif piece in ("[Xr]", "[Xs]"):
                in_skip = True
            elif piece == "[X]":
                in_base = in_skip = False
            elif piece.startswith("[") or in_skip:
                continue
            elif in_base:
                base += piece
            else:
                surface += piece
        parts.append((base or surface.rstrip("-")).replace("=", ""))
    return tuple(parts)


class LibvoikkoBackend:
    """Debian's C library through the `libvoikko` ctypes binding."""

    name = "libvoikko"

    def __init__(self) -> None:
        import libvoikko  # type: ignore[import-not-found,import-untyped,unused-ignore]

        self._voikko: Any = libvoikko.Voikko("fi")
        self._lock = threading.Lock()  # a Voikko handle is not thread-safe

    def _raw(self, word: str) -> list[dict[str, str]]:
        with self._lock:
            raw: list[dict[str, str]] = self._voikko.analyze(word)
        return raw

    def readings(self, word: str) -> tuple[Reading, ...]:
        return tuple(
            Reading(a["BASEFORM"], a.get("CLASS", ""), a.get("SIJAMUOTO", ""), a.get("MOOD", ""))
            for a in self._raw(word)
            if "BASEFORM" in a
        )

    def analyse(self, word: str) -> tuple[Analysis, ...]:
        raw = self._raw(word)
        return _without_redundant_names(
            [
                _analysis(
                    a["BASEFORM"], _part_baseforms(a.get("FSTOUTPUT", "")) or (a["BASEFORM"],), a["CLASS"]
                )
                for a in raw
                if "BASEFORM" in a
            ]
        )


class PyvoikkoBackend:
    """The pure-Python transducer (kfst, accelerated by kfst-rs when installed)."""

    name = "pyvoikko"

    def __init__(self) -> None:
        import pyvoikko

        self._analyse = pyvoikko.analyse

    def analyse(self, word: str) -> tuple[Analysis, ...]:
        analyses = []
        for a in self._analyse(word):
            parts = a.COMPOUND_PARTS or [a]
            analyses.append(_analysis(a.BASEFORM, tuple(p.BASEFORM for p in parts), a.CLASS))
        return _without_redundant_names(analyses)

    def readings(self, word: str) -> tuple[Reading, ...]:
        return tuple(
            Reading(
                a.BASEFORM, a.CLASS or "", getattr(a, "SIJAMUOTO", None) or "", getattr(a, "MOOD", None) or ""
            )
            for a in self._analyse(word)
        )


_backend: Backend | None = None
_backend_lock = threading.Lock()


def load_backend(name: str | None = None) -> Backend:
    """libvoikko when it loads, else pyvoikko (saying so once in the log)."""
    name = name or os.environ.get("TIETOVARANTO_MORPHOLOGY") or ""
    if name == "pyvoikko":
        return PyvoikkoBackend()
    try:
        return LibvoikkoBackend()
    except (ImportError, OSError) as error:  # binding or C library / Finnish dictionary missing
        if name == "libvoikko":
            raise
        logger.warning(
            "search: Debian's libvoikko is not available (%s); using pyvoikko, which is slower and "
            "uses ~250 MiB more memory (apt-get install libvoikko1 voikko-fi)",
            error,
        )
        return PyvoikkoBackend()


def backend() -> Backend:
    global _backend
    if _backend is None:
        with _backend_lock:
            if _backend is None:
                _backend = load_backend()
    return _backend


def analyse(word: str) -> tuple[Analysis, ...]:
    return backend().analyse(word)


def readings(word: str) -> tuple[Reading, ...]:
    return backend().readings(word)
