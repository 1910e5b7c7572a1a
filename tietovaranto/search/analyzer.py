"""Finnish-aware analysis of catalog text and queries, independent of the database backend.

A word becomes a set of terms: its base forms (Voikko), the base forms of its compound parts and
every run of adjacent parts (so "kuva-aineisto" meets "valokuva-aineistot", and a part finds the
whole), and for words Voikko does not know, the word and its Snowball stem. Elided compounds of
Finnish lists are completed: "Järjestö- ja yhdistysrekisteri" also yields "järjestörekisteri".
Analyses are cached per word: the same word is analysed once per process. Voikko is loaded on the
first word analysed (search/morphology.py), not when this module is imported.
"""

import re
from functools import lru_cache

import snowballstemmer

from tietovaranto.search import morphology

# Question words and fillers that must not drown the content words of a query.
STOP_WORDS = frozenset(
    " ".join(
        [
            "ja tai sekä eli mutta että kun jos niin kuin myös vai ei en et emme ette eivät",
            "ole on ovat oli olla",
            "mikä mitkä mitä mistä mihin missä miten miksi milloin kuka ketkä kenen kenelle keneltä kuinka",
            "voi voin voinko voiko voisinko saa saan saanko saada saisin haluan haluaisin tarvitsen pitää",
            "löydän löytää löytyy löytyykö kaupungin kaupunki kunnan kunta minun minä mä sinun",
            "meidän teidän hänen heidän se ne tämä tuo nämä tiedot tieto tietoja tietoa",
            "oma omat omia omista oman",
            "och eller att jag hur var vad vem kan får min mina mitt i på om av för till med från den det",
            "the a an and or of in on for to from my me i how where what who can get",
            "is are am do does there which any all about find see need want please information data details",
            "är finns uppgifter",
        ]
    ).split()
)
# Analyses kept per process: the synthetic national catalog (10,500 resources) has ~11,000 distinct
# words. The bound keeps a long-running web worker from growing with every text it highlights.
WORD_CACHE_SIZE = 50_000
ELISION_JOINERS = frozenset({"ja", "tai", "sekä", "och", "eller", "and", "or"})
WORD_RE = re.compile(r"[\wåäöÅÄÖ]+(?:-[\wåäöÅÄÖ]*)*-?", re.UNICODE)

_STEMMERS = {
    lang: snowballstemmer.stemmer(name)
    for lang, name in (("fi", "finnish"), ("sv", "swedish"), ("en", "english"))
}


def tokenize(text: str) -> list[str]:
    lowered = text.lower()
    if len(lowered) == len(text):
        return WORD_RE.findall(lowered)  # one lower() for the text, the hot loop of a rebuild
    # "İ" lower-cases to two characters, the second of which is no word character
    return list(map(str.lower, WORD_RE.findall(text)))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _analyses(word: str) -> tuple[morphology.Analysis, ...]:
    """Voikko's analyses of a word; every lookup goes through this cache."""
    if not word or word.isdigit():
        return ()  # numbers (years, item numbers) have no morphology
    return morphology.analyse(word)


def _part_runs(parts: list[str]) -> set[str]:
    """Every run of adjacent compound parts: [valo, kuva, aineisto] → valokuva, kuva-aineisto, …"""
    runs: set[str] = set()
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            joined = ""
            for part in parts[start:end]:
                # Finnish writes a hyphen where one part ends and the next begins with the same vowel
                if joined and joined[-1] == part[0] and joined[-1] in "aeiouyäö":
                    joined += "-"
                joined += part
            runs.add(joined)
    return runs


def analyses_of(word: str) -> tuple[morphology.Analysis, ...]:
    """Voikko's analyses of a lower-case word (cached)."""
    return _analyses(word.strip("-"))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def base_forms(word: str) -> frozenset[str]:
    """The word's own base forms, not its compound parts.

    For a word Voikko does not know: the word and its stem.
    """
    word = word.strip("-")
    if not word:
        return frozenset()
    analyses = _analyses(word)
    if analyses:
        return frozenset(a.baseform for a in analyses)
    forms = {word, _STEMMERS["fi"].stemWord(word)}
    if "-" in word:
        # "hr-järjestelmän": the whole, with its last piece in base form
        pieces = [p for p in word.split("-") if p]
        for base in _heads(pieces[-1]) or {pieces[-1]}:
            forms.add("-".join(pieces[:-1] + [base]))
    return frozenset(f for f in forms if f)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_terms(word: str) -> frozenset[str]:
    """Terms for one lower-case word (no stop-word check): base forms and compound part runs."""
    word = word.strip("-")
    if not word:
        return frozenset()
    terms: set[str] = set(base_forms(word))
    for analysis in _analyses(word):
        parts = list(analysis.parts)
        if len(parts) > 1:
            terms |= _part_runs([p for p in parts if p])
    if not _analyses(word) and "-" in word:
        for piece in (p for p in word.split("-") if p):
            terms |= word_terms(piece)
    return frozenset(t for t in terms if t)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _heads(word: str) -> frozenset[str]:
    """Base forms of a word's last compound part (its head): 'yhdistysrekisteri' → {'rekisteri'}."""
    return frozenset(
        analysis.parts[-1] if analysis.parts else analysis.baseform.strip("-")
        for analysis in _analyses(word.strip("-"))
    )


def foreign_stems(word: str) -> set[str]:
    """Swedish and English stems, for content and queries in those languages."""
    return {_STEMMERS["sv"].stemWord(word), _STEMMERS["en"].stemWord(word)}


@lru_cache(maxsize=WORD_CACHE_SIZE)
def analyze_word(word: str) -> frozenset[str]:
    """Terms for a lower-case word; empty for a stop word."""
    if word in STOP_WORDS:
        return frozenset()
    if word.isascii() and word.isdigit():
        return frozenset((word,))  # years, record numbers: no morphology, and every stemmer keeps them
    return word_terms(word) | frozenset(foreign_stems(word))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def finnish_word_terms(word: str) -> frozenset[str]:
    """The terms a word of Finnish text is indexed under: those of analyze_word, but a word Voikko
    knows without its Swedish and English stems, which ("palkat" → "palk") only matched unrelated
    words and were a quarter of the index. A query word keeps them, to find Swedish and English
    text, which is indexed with them (analyze_text)."""
    if word in STOP_WORDS:
        return frozenset()
    if _analyses(word.strip("-")):
        return word_terms(word)
    return analyze_word(word)


def analyze_text(text: str, finnish: bool = True) -> set[str]:
    """Every term a catalog text is indexed under, with elided compounds completed. `finnish`
    False: a Swedish or English text, whose words keep their stems even where Voikko reads them as
    Finnish ("karta", "kassa", "lista")."""
    tokens = tokenize(text)
    terms: set[str] = set().union(*map(finnish_word_terms if finnish else analyze_word, tokens))
    if "-" not in text:
        return terms  # no elided compound; most texts, and this is the hot loop of a rebuild
    for index in range(len(tokens) - 2):
        token = tokens[index]
        if token[-1] == "-" and tokens[index + 1] in ELISION_JOINERS:
            terms |= _completed_compound_terms(token, tokens[index + 2])
    return terms


def _completed_compound_terms(elided: str, following: str) -> set[str]:
    stem = elided.rstrip("-")
    last_piece = following.split("-")[-1]
    # "hr-järjestelmän" is unknown as a whole: its head is that of its last piece
    terms: set[str] = set()
    for head in _heads(following) or _heads(last_piece) or {last_piece}:
        terms |= word_terms(stem + head)
        terms.add(stem + head)
    return terms


# Highlighting asks again for the pairs of the texts it shows. A bound for a web worker: a rebuild
# meets tens of thousands of pairs, each once, and asks _completed_compound_terms itself.
@lru_cache(maxsize=4096)
def completed_compound_terms(elided: str, following: str) -> frozenset[str]:
    """Terms of the compound an elided word stands for: "järjestö-" before "ja yhdistysrekisteri"
    is "järjestörekisteri" (lower-case tokens)."""
    return frozenset(_completed_compound_terms(elided, following))


def query_words(query: str) -> list[tuple[str, frozenset[str]]]:
    """The content words of a query, each with its alternative terms."""
    analysed = [(word, analyze_word(word)) for word in tokenize(query)]
    return [(word, terms) for word, terms in analysed if terms]
