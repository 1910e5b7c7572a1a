"""Search over the catalog: analyse the query, let the database find candidates, rank them here.

Ranking is by field, as people expect: an exact name match first, then resource and item names,
then search criteria, then free description text. A word counts once, at its best field; more
query words matched always beats a better field for fewer words.
"""

import heapq
import html
import json
import math
import re
import threading
import zlib
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Subquery
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init
from django.utils.safestring import SafeString
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.search import backends, prepared
from tietovaranto.search.analyzer import (
    _STEMMERS as _STEMMERS_BY_LANGUAGE,
)
from tietovaranto.search.analyzer import (
    ELISION_JOINERS,
    STOP_WORDS,
    WORD_RE,
    analyses_of,
    analyze_word,
    base_forms,
    completed_compound_terms,
    foreign_stems,
    tokenize,
)
from tietovaranto.search.models import FIELDS, SearchEntry, SearchIndexState, SearchLexicon, Synonym
from tietovaranto.search.postings import CommonPostings, common_postings
from tietovaranto.search.prepared import Prepared

M = TypeVar("M", bound=models.Model)

FIELD_WEIGHTS = {"name": 10.0, "items": 6.0, "criteria": 3.0, "description": 1.0}
EXACT_NAME_BONUS = 100.0
SYNONYM_FACTOR = 0.9
TYPO_FACTOR = 0.7
PART_FACTOR = 0.5  # "yhdistys" of "yhdistysrekisteri": a real but partial match
GENERIC_FACTOR = 0.1  # "rekisteri" of "yhdistysrekisteri": says almost nothing on its own
PARTIAL_WEIGHT = 0.25
MATCH_FACTOR = 0.5  # a word counts as matched only through a term at least this good
# Compound parts that nearly every resource has; as parts they must not count as a match.
GENERIC_PARTS = frozenset(
    [
        "tieto",
        "tiedot",
        "tietovaranto",
        "varanto",
        "rekisteri",
        "järjestelmä",
        "tietojärjestelmä",
        "aineisto",
        "tietoaineisto",
        "kanta",
        "tietokanta",
        "kaupunki",
        "kunta",
        "palvelu",
        "hallinta",
        "asiakirja",
        "ohjelma",
    ]
)
# Ranked in Python, picked by the database's tiers and rank. Pages further down rank a pool of the
# next multiple, so the pages within one pool (three of twenty results) never repeat a result.
CANDIDATES = 60
TYPO_MIN_LENGTH = 5
MAX_QUERY_LENGTH = 200
COMMON_SHARE = 0.2  # a word in more than this share of resources is "common"
MAX_SNIPPETS_PER_FIELD = 3


@dataclass
class QueryWord:
    word: str
    terms: dict[str, float]  # alternative term -> factor (1 own form, lower for synonyms and typos)
    synonyms: list[str] = field(default_factory=list)
    corrections: list[str] = field(default_factory=list)

    def strong_terms(self) -> dict[str, float]:
        """Terms good enough to make a match; the rest (generic compound parts) only rank."""
        return {term: factor for term, factor in self.terms.items() if factor >= MATCH_FACTOR}


@dataclass
class MatchedText:
    field: str
    text: str
    highlighted: SafeString


@dataclass
class Hit:
    resource: InformationResource
    score: float
    words_matched: int
    interface_status: str
    matches: list[MatchedText] = field(default_factory=list)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    label_sv: str = ""  # an organisation's name in Swedish and English, where it has one
    label_en: str = ""


@dataclass
class SearchResults:
    query: str
    words: list[QueryWord]
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]
    suggestions: list[str]
    offset: int = 0
    named_organisations: list[int] = field(default_factory=list)  # named in the query: ranked first
    # named, but none of their resources has the query's other words: the results are other
    # organisations' ("Leppävirran rakennusvalvonta" where Leppävirta's page does not say it)
    named_without_match: list[int] = field(default_factory=list)

    @property
    def corrected(self) -> list[QueryWord]:
        return [w for w in self.words if w.corrections or w.synonyms]


# Per-process caches, valid for one index generation (bumped on every index or synonym change).
@dataclass
class _Lexicon:
    generation: int
    vocabulary: list[str]
    vocabulary_set: frozenset[str]
    synonyms: list[tuple[frozenset[str], str]]  # forms of the word people use, the catalog words
    document_frequency: Counter[str]
    documents: int
    organisation_names: dict[str, frozenset[int]]  # a distinctive word of a name -> organisations
    organisation_labels: dict[int, tuple[str, str, str, str]]  # pk -> slug, names fi, sv, en (facets)
    organisation_kinds: dict[int, frozenset[str]]  # pk -> the kind words of its names ("liitto")
    entry_facets: backends.EntryFacets | None = None  # loaded with the first search that matches
    common_postings: CommonPostings | None = None  # PostgreSQL: the commonest terms' entry ids

    def facets(self, reload: bool = False) -> backends.EntryFacets:
        if self.entry_facets is None or reload:
            self.entry_facets = backends.EntryFacets.load()
        return self.entry_facets


_lexicon: _Lexicon | None = None


IndexState = tuple[int, int, str, int]


def _index_state_sql() -> str:
    # plain SQL: this runs on every search, and compiling an ORM query costs more than running it
    return (
        f"SELECT s.generation, s.catalog_generation, p.last, p.published FROM "
        f"(SELECT MAX(published_at) AS last, COUNT(published_at) AS published FROM "
        f"{Organisation._meta.db_table} WHERE draft_of_id IS NULL) p "
        f"LEFT JOIN {SearchIndexState._meta.db_table} s ON s.id = 1"
    )


INDEX_STATE = Prepared("tietovaranto_index_state", _index_state_sql())


def _index_state() -> IndexState:
    """(index generation, catalog generation, last publication, published organisations): every
    index, synonym, publication or live catalog edit changes one of them. The first is the lexicon's."""
    with connection.cursor() as cursor:
        prepared.execute(cursor, *INDEX_STATE.call(), [INDEX_STATE])
        return _state_of(cursor.fetchone())


def _state_of(row: tuple[Any, ...] | None) -> IndexState:
    return (int(row[0] or 0), int(row[1] or 0), str(row[2]), int(row[3])) if row else (0, 0, "", 0)


def _current_generation() -> int:
    return _index_state()[0]


@dataclass(frozen=True)
class _Statistics:
    """What one scan of the index tells, stored once per index generation."""

    frequency: Counter[str]  # term -> entries holding it
    documents: int
    common: CommonPostings | None  # PostgreSQL: the commonest terms' entry ids; None elsewhere


def _statistics(generation: int) -> _Statistics:
    """The index statistics of this generation: stored once per index generation, so only the first
    process after a change scans the index."""
    stored = SearchLexicon.objects.filter(generation=generation).values_list("data", "postings").first()
    if stored is not None:
        data = json.loads(zlib.decompress(bytes(stored[0])))
        header = data.get("common")
        common = CommonPostings.from_stored(header, bytes(stored[1])) if header else None
        return _Statistics(Counter(data["frequency"]), int(data["documents"]), common)
    scanned, statistics = _scan_index(generation)
    header, blob = statistics.common.to_stored() if statistics.common else (None, b"")
    data = {"frequency": statistics.frequency, "documents": statistics.documents, "common": header}
    try:
        with transaction.atomic():
            SearchLexicon.objects.filter(generation__lt=scanned).delete()
            SearchLexicon.objects.create(
                generation=scanned, data=zlib.compress(json.dumps(data).encode()), postings=blob
            )
    except IntegrityError:
        pass  # another process stored the same generation first
    if scanned != generation:
        # the index changed since the caller read its generation: these ids are not that one's
        return _Statistics(statistics.frequency, statistics.documents, None)
    return statistics


def _scan_index(generation: int) -> tuple[int, _Statistics]:
    """Every entry's terms and the generation they belong to, read by one statement (so in one
    snapshot: the ids of the common terms are exactly that generation's)."""
    keep_postings = connection.vendor == "postgresql"
    frequency: Counter[str] = Counter()
    postings: dict[str, list[int]] = defaultdict(list)
    documents = 0
    scanned = generation
    rows = (
        SearchEntry.objects.annotate(
            index_generation=Subquery(SearchIndexState.objects.filter(pk=1).values("generation")[:1])
        )
        .order_by("pk")
        .values_list("index_generation", "pk", *(f"{name}_terms" for name in FIELDS))
    )
    for index_generation, pk, *field_terms in rows.iterator(chunk_size=2000):
        terms = set(" ".join(field_terms).split())
        frequency.update(terms)
        if keep_postings:
            for term in terms:
                postings[term].append(pk)
        documents += 1
        scanned = int(index_generation or 0)
    common = None
    if keep_postings:
        common = common_postings(
            postings, settings.SEARCH_COMMON_TERM_DOCUMENTS, settings.SEARCH_COMMON_POSTINGS
        )
    return scanned, _Statistics(frequency, documents, common)


def lexicon(generation: int | None = None) -> _Lexicon:
    """The index vocabulary (for typo tolerance and suggestions) and the synonyms, cached."""
    global _lexicon
    generation = _current_generation() if generation is None else generation
    if _lexicon is None or _lexicon.generation != generation:
        statistics = _statistics(generation)
        frequency, documents = statistics.frequency, statistics.documents
        terms = set(frequency)
        vocabulary = sorted(t for t in terms if len(t) >= 4 and t.replace("-", "").isalpha())
        synonyms = []
        for synonym in Synonym.objects.all():
            synonyms.append((_own_forms(synonym.word), synonym.means))
        _lexicon = _Lexicon(
            generation,
            vocabulary,
            frozenset(vocabulary),
            synonyms,
            frequency,
            documents,
            *_organisation_names(),
            common_postings=statistics.common,
        )
    return _lexicon


# Words that say what kind of authority it is, not which one: they never name an organisation alone.
AUTHORITY_KIND_WORDS = frozenset(
    [
        "kaupunki",
        "kunta",
        "kuntayhtymä",
        "hyvinvointialue",
        "alue",
        "virasto",
        "keskus",
        "laitos",
        "hallinto",
        "yhtymä",
        "seutu",
        "liitto",
        "valtio",
        "ministeriö",
        "stad",
        "kommun",
        "välfärdsområde",
        "område",
        "verk",
        "myndighet",
        "city",
        "town",
        "municipality",
        "wellbeing",
        "services",
        "county",
        "region",
        "agency",
        "authority",
        "office",
        "of",
        "the",
        # words of many authorities' Swedish and English names (authority_names.tsv)
        "finnish",
        "national",
        "regional",
        "council",
        "ministry",
        "institute",
        "board",
        "administration",
        "district",
        "förbund",
        "yliopisto",
        "university",
        "universitet",
    ]
)


def _organisation_names() -> tuple[
    dict[str, frozenset[int]], dict[int, tuple[str, str, str, str]], dict[int, frozenset[str]]
]:
    """Base forms of the distinctive words of every organisation's names: "Lapin hyvinvointialue" →
    lappi; "Verohallinto" → verohallinto. Every organisation's slug and name, for facets, and the
    kind words of its names (hyvinvointialue), which tell apart authorities of one place."""
    names: dict[str, set[int]] = defaultdict(set)
    labels: dict[int, tuple[str, str, str, str]] = {}
    kinds: dict[int, frozenset[str]] = {}
    for pk, slug, name, name_sv, name_en in Organisation.objects.values_list(
        "pk", "slug", "name", "name_sv", "name_en"
    ):
        labels[pk] = (slug, name, name_sv, name_en)
        other_names = (name_sv, name_en)
        kind_words: set[str] = set()
        tokens = [(token, False) for token in tokenize(name)]
        # Swedish and English names inflect too: "Kimitoöns kommun" is found as "Kimitoön"
        tokens += [(token, True) for token in tokenize(" ".join(other_names))]
        for token, foreign in tokens:
            forms = base_forms(token) | {token} | (foreign_stems(token) if foreign else set())
            if forms & AUTHORITY_KIND_WORDS:
                kind_words |= forms & AUTHORITY_KIND_WORDS
                continue
            if len(token) < 3 or token in STOP_WORDS:  # "Institute for Health and Welfare"
                continue
            for form in forms:
                names[form].add(pk)
        kinds[pk] = frozenset(kind_words)
    return {form: frozenset(ids) for form, ids in names.items()}, labels, kinds


def named_organisations(query: str, lex: _Lexicon) -> tuple[frozenset[int], set[str]]:
    """Organisations the query names in any inflected form ("Espoon", "Oulun kaupungin",
    "Lapin hyvinvointialueelta"), and the query words that only named them.

    Where a place has several authorities ("Varsinais-Suomen liitto", "Varsinais-Suomen
    hyvinvointialue"), those whose names the query covers best: "Varsinais-Suomen
    hyvinvointialueen" names the wellbeing county, "Varsinais-Suomen" both."""
    coverage: Counter[int] = Counter()
    naming_words: set[str] = set()
    tokens = tokenize(query[:MAX_QUERY_LENGTH])
    kind_forms: set[str] = set()
    for token in tokens:
        forms = _word_forms(token)
        named_by_token: set[int] = set()
        for form in forms:
            if form in lex.organisation_names:
                named_by_token |= lex.organisation_names[form]
                naming_words.add(token)
        coverage.update(named_by_token)
        if forms & AUTHORITY_KIND_WORDS:
            # "hyvinvointialueelta", "kaupungin": the kind of the named authority, not content
            kind_forms |= forms & AUTHORITY_KIND_WORDS
            naming_words.add(token)
    if not coverage:
        return frozenset(), set()
    for pk in coverage:
        coverage[pk] += len(lex.organisation_kinds.get(pk, frozenset()) & kind_forms)
    best = max(coverage.values())
    return frozenset(pk for pk, covered in coverage.items() if covered == best), naming_words


# Kind words that, with no authority named, say whose resources are meant: "liiton talous" is a
# regional council's finances. (Not "alue", "keskus", "office" …: content words too.)
KIND_NAMING_WORDS = frozenset(
    [
        "kaupunki",
        "kunta",
        "kuntayhtymä",
        "hyvinvointialue",
        "liitto",
        "ministeriö",
        "virasto",
        "yliopisto",
        "stad",
        "kommun",
        "välfärdsområde",
        "förbund",
        "universitet",
        "city",
        "town",
        "municipality",
        "university",
        "ministry",
    ]
)


# Swedish definite forms, which the Swedish stemmer leaves as they are: "förbundets" -> förbundet
SWEDISH_DEFINITE_KINDS = {
    "förbundet": "förbund",
    "kommunen": "kommun",
    "staden": "stad",
    "välfärdsområdet": "välfärdsområde",
    "universitetet": "universitet",
}


def _word_forms(token: str) -> frozenset[str]:
    return base_forms(token) | {token} | foreign_stems(token)


def organisations_of_named_kind(query: str, lex: _Lexicon) -> tuple[frozenset[int], set[str]]:
    """The organisations of the kinds a query names ("liiton", "kaupungin"), and the query words
    that named them; for a query that names no authority itself."""
    kinds: set[str] = set()
    kind_words: set[str] = set()
    for token in tokenize(query[:MAX_QUERY_LENGTH]):
        forms = {SWEDISH_DEFINITE_KINDS.get(form, form) for form in _word_forms(token)} & KIND_NAMING_WORDS
        if forms:
            kinds |= forms
            kind_words.add(token)
    named = frozenset(pk for pk, own_kinds in lex.organisation_kinds.items() if own_kinds & kinds)
    if len(named) == len(lex.organisation_kinds):  # every one (a city's own installation): no preference
        return frozenset(), set()
    return (named, kind_words) if named else (frozenset(), set())


def term_factors(word: str, factor: float = 1.0) -> dict[str, float]:
    """A word's terms weighted: its own base forms fully, compound parts less, generic parts hardly."""
    own = base_forms(word) | foreign_stems(word)
    factors = {}
    for term in analyze_word(word):
        if term in own:
            factors[term] = factor
        else:
            factors[term] = factor * (GENERIC_FACTOR if term in GENERIC_PARTS else PART_FACTOR)
    return factors


def _phrase_factors(text: str, factor: float) -> dict[str, float]:
    factors: dict[str, float] = {}
    for token in tokenize(text):
        for term, value in term_factors(token, factor).items():
            factors[term] = max(factors.get(term, 0.0), value)
    return factors


def _own_forms(text: str) -> frozenset[str]:
    return frozenset(
        form for token in tokenize(text) for form in base_forms(token) | foreign_stems(token) | {token}
    )


def _typo_candidates(word: str, vocabulary: list[str]) -> list[str]:
    """Index words one edit away (two for words of eight letters or more)."""
    max_edits = 1 if len(word) < 8 else 2
    found = process.extract(word, vocabulary, scorer=Levenshtein.distance, score_cutoff=max_edits, limit=5)
    return [term for term, _distance, _index in found]


VOCABULARY_FILE = Path(__file__).with_name("vocabulary.tsv")


@dataclass(frozen=True)
class _Vocabulary:
    words: dict[str, list[str]]  # a word (or its Swedish/English stem) -> catalog words it means
    phrases: dict[tuple[str, ...], str]  # consecutive query words -> catalog words
    longest_phrase: int
    typo_targets: list[str]  # Finnish words of the vocabulary, for typos of words the catalog lacks


@lru_cache(maxsize=1)
def vocabulary() -> _Vocabulary:
    """The shipped fi–sv–en domain vocabulary (vocabulary.tsv); read once, analysed only when used."""
    words: dict[str, list[str]] = defaultdict(list)
    phrases: dict[tuple[str, ...], str] = {}
    for line in VOCABULARY_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, language, means = (column.strip() for column in line.split("\t"))
        tokens = tuple(tokenize(key))
        if len(tokens) > 1:
            phrases[tokens] = means
            continue
        words[key].append(means)
        if language in ("sv", "en"):
            stem = _STEMMERS_BY_LANGUAGE[language].stemWord(key)
            if stem != key:
                words[stem].append(means)
    typo_targets = sorted(key for key in words if len(key) >= TYPO_MIN_LENGTH and key.isalpha())
    return _Vocabulary(dict(words), phrases, max((len(t) for t in phrases), default=1), typo_targets)


@lru_cache(maxsize=20_000)
def _means_factors(means: str) -> dict[str, float]:
    return _phrase_factors(means.replace(",", " "), SYNONYM_FACTOR)


def _add_means(query_word: QueryWord, means_text: str, scale: float) -> None:
    """Add the catalog words a word means; a synonym of a compound part counts as a part."""
    shown = [m.strip() for m in means_text.split(",") if m.strip()]
    query_word.synonyms += [m for m in shown if m != query_word.word and m not in query_word.synonyms]
    for term, factor in _means_factors(means_text).items():
        query_word.terms.setdefault(term, factor if scale == 1.0 else min(factor, scale))


def _apply_synonyms(query_word: QueryWord, lex: _Lexicon) -> None:
    significant = query_word.strong_terms()
    forms = dict(significant)
    forms.setdefault(query_word.word, 1.0)
    for forms_of_synonym, means_text in lex.synonyms:
        matching = [significant[form] for form in forms_of_synonym if form in significant]
        if matching:
            _add_means(query_word, means_text, max(matching))
    shipped = vocabulary().words
    for form, scale in forms.items():
        for means_text in shipped.get(form, ()):
            _add_means(query_word, means_text, scale)


def _known_prefix(word: str) -> str | None:
    """The longest start of an unknown word that Voikko knows as a noun, e.g. "palkka" of "palkkatidot"
    (a typo inside a compound)."""
    for end in range(len(word) - 2, 3, -1):
        prefix = word[:end]
        if any(a.word_class == "nimisana" for a in analyses_of(prefix)):
            return prefix
    return None


def _phrase_at(tokens: list[str], start: int) -> tuple[int, str] | None:
    vocab = vocabulary()
    for length in range(min(vocab.longest_phrase, len(tokens) - start), 1, -1):
        means = vocab.phrases.get(tuple(tokens[start : start + length]))
        if means:
            return length, means
    return None


def analyse_query(query: str, lex: _Lexicon | None = None) -> list[QueryWord]:
    lex = lex or lexicon()
    tokens = tokenize(query[:MAX_QUERY_LENGTH])
    words = []
    index = 0
    while index < len(tokens):
        phrase = _phrase_at(tokens, index)
        if phrase is not None:
            length, means = phrase
            query_word = QueryWord(" ".join(tokens[index : index + length]), {})
            _add_means(query_word, means, 1.0)
            query_word.synonyms = []  # the phrase is the word: nothing to explain
            words.append(query_word)
            index += length
            continue
        word = tokens[index]
        index += 1
        if not analyze_word(word):
            continue  # a stop word
        query_word = QueryWord(word, term_factors(word))
        _apply_synonyms(query_word, lex)
        known = any(term in lex.vocabulary_set for term in query_word.strong_terms())
        if not known and len(word) >= TYPO_MIN_LENGTH:
            query_word.corrections = [t for t in _typo_candidates(word, lex.vocabulary) if is_real_word(t)]
            for term in query_word.corrections:
                query_word.terms.setdefault(term, TYPO_FACTOR)
            if not query_word.corrections and not analyses_of(word):
                for key in _typo_candidates(word, vocabulary().typo_targets)[:1]:
                    corrected = QueryWord(key, {})
                    _apply_synonyms(corrected, lex)
                    query_word.corrections = [key]
                    for term, factor in corrected.terms.items():
                        query_word.terms.setdefault(term, factor * TYPO_FACTOR)
            if not query_word.corrections and not analyses_of(word):
                prefix = _known_prefix(word)
                if prefix is not None:
                    corrected = QueryWord(prefix, term_factors(prefix, TYPO_FACTOR))
                    _apply_synonyms(corrected, lex)
                    query_word.corrections = [base for base in sorted(base_forms(prefix))]
                    for term, factor in corrected.terms.items():
                        query_word.terms.setdefault(term, factor)
        words.append(query_word)
    return words


@lru_cache(maxsize=50_000)
def _name_content_forms(name: str) -> tuple[frozenset[str], ...]:
    return tuple(base_forms(token) for token in tokenize(name) if analyze_word(token))


def _is_exact_name(name: str, query_forms: list[frozenset[str]]) -> bool:
    """The name's content words are the query's words (`query_forms`: each word's own base forms),
    in any order."""
    name_words = _name_content_forms(name)
    if not name_words or len(name_words) != len(query_forms):
        return False
    return all(any(forms & q for q in query_forms) for forms in name_words) and all(
        any(q & forms for forms in name_words) for q in query_forms
    )


@lru_cache(maxsize=50_000)
def _whole_words(name: str) -> frozenset[str]:
    """The forms of a name's own words (not their compound parts)."""
    return frozenset(form for token in tokenize(name) for form in base_forms(token) | foreign_stems(token))


@dataclass(frozen=True)
class ScorePlan:
    """What scoring needs of a query, worked out once per search rather than once per candidate:
    for every term, the query words it stands for and how well."""

    words: int
    by_term: dict[str, tuple[tuple[int, float], ...]]
    own_forms: list[frozenset[str]]  # each word's own base forms, for the exact-name bonus
    rarity: dict[str, float] = field(default_factory=dict)  # term -> inverse document frequency
    # each term as it is found in a field's space-separated terms: " term ", and twice in a row
    spaced: tuple[tuple[str, str, str], ...] = field(init=False)

    def __post_init__(self) -> None:
        # (a term with a space in it, which no field holds, could match across two terms)
        spaced = tuple((t, f" {t} ", f" {t} {t} ") for t in self.by_term if t and " " not in t)
        object.__setattr__(self, "spaced", spaced)

    @classmethod
    def of(cls, words: list[QueryWord], lex: "_Lexicon | None" = None) -> "ScorePlan":
        by_term: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, word in enumerate(words):
            for term, factor in word.terms.items():
                by_term[term].append((index, factor))
        own_forms = [frozenset(t for t, f in w.terms.items() if f == 1.0) for w in words]
        rarity = {}
        if lex is not None:
            documents = max(lex.documents, 1)
            rarity = {term: math.log(documents / (1 + lex.document_frequency[term])) for term in by_term}
        return cls(len(words), {term: tuple(pairs) for term, pairs in by_term.items()}, own_forms, rarity)


def score_entry(
    field_terms: dict[str, str], name: str, words: list[QueryWord], plan: ScorePlan | None = None
) -> tuple[int, float, float]:
    """(query words matched, score, rarity) of one indexed resource, from its stored terms per field.

    Each query word counts at its best (field, term): the field's weight × the term's factor
    (a quarter for partial matches), a little more when the term occurs several times. Rarity, the
    inverse document frequency of those best terms, breaks ties: of two names that each hold a part
    of "verotuspäätökset", "Verotuksen" says more than "Päätöksenteon", which most authorities have.
    """
    plan = plan or ScorePlan.of(words)
    by_term, rarity_of = plan.by_term, plan.rarity
    best = [0.0] * plan.words
    best_rarity = [0.0] * plan.words
    best_factor = [0.0] * plan.words
    whole_name_words: frozenset[str] | None = None
    for field_name, weight in FIELD_WEIGHTS.items():
        terms = field_terms[field_name]
        if not terms:
            continue
        # Only the query's terms are counted, by substring search: a resource has hundreds of
        # terms, a query a few, and splitting every field of every candidate took twice as long.
        padded = f" {terms} "
        for term, spaced, twice in plan.spaced:
            if spaced not in padded:
                continue
            occurrences = padded.count(spaced)
            if twice in padded:  # repeats side by side share a space, which count() sees once
                occurrences = padded.split().count(term)
            # the same word in several items or sentences counts a little more
            repeated = 1 + 0.05 * min(occurrences - 1, 4)
            for index, factor in by_term[term]:
                if field_name == "name":
                    if whole_name_words is None:
                        whole_name_words = _whole_words(name)
                    if term not in whole_name_words:
                        factor = min(factor, PART_FACTOR)  # "lupa" only as a part of "Lupapalvelut"
                # a part of a compound in a name must not beat the whole word as a search
                # criterion: partial matches count a quarter, whatever the field
                partial = PARTIAL_WEIGHT if factor <= PART_FACTOR else 1.0
                value = weight * factor * partial * repeated
                if value > best[index]:
                    best[index] = value
                    best_rarity[index] = rarity_of.get(term, 0.0)
                elif value == best[index]:
                    best_rarity[index] = max(best_rarity[index], rarity_of.get(term, 0.0))
                if factor > best_factor[index]:
                    best_factor[index] = factor
    matched = sum(1 for factor in best_factor if factor >= MATCH_FACTOR)
    score = 0.0
    for value in best:
        score += value
    if matched == len(words) and _is_exact_name(name, plan.own_forms):
        score += EXACT_NAME_BONUS
    return matched, score, sum(best_rarity)


def search(
    query: str,
    *,
    organisation: str | None = None,
    area: int | None = None,
    interface: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Ranked resources for a query in ordinary language, with facets and highlights for one page.

    The same search again, while the index and the live catalog are unchanged, is answered from a
    per-process cache (treat the results as read-only)."""
    request = (query, organisation, area, interface, limit, offset)
    cached = _result_cache.get(request)
    lex = _lexicon
    if cached is None and lex is not None and connection.vendor == "postgresql":
        # Not in the cache whatever the index state: PostgreSQL reads the state with the matches,
        # in their round trip (a search makes two), and the results are kept if the lexicon they
        # were found with is still the index's
        with backends.read_along(INDEX_STATE) as along:
            results = _search(query, lex, organisation, area, interface, limit, offset)
        state = _state_of(along.row) if along.done else _index_state()
        if state[0] == lex.generation:
            _result_cache.put(request, state, results)
            return results
    state = _index_state()  # one look at the index per search
    if cached is not None and cached[0] == state:
        return cached[1]
    results = _search(query, lexicon(state[0]), organisation, area, interface, limit, offset)
    _result_cache.put(request, state, results)
    return results


class _ResultCache:
    """The last searches' results with the index state they were found in, least recently used
    out; SEARCH_RESULT_CACHE_SIZE = 0 turns it off. A publication or an edit changes the state, and
    a search then replaces its results."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[object, ...], tuple[IndexState, SearchResults]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, request: tuple[object, ...]) -> tuple[IndexState, SearchResults] | None:
        with self._lock:
            entry = self._entries.get(request)
            if entry is not None:
                self._entries.move_to_end(request)
            return entry

    def put(self, request: tuple[object, ...], state: IndexState, results: SearchResults) -> None:
        size = int(getattr(settings, "SEARCH_RESULT_CACHE_SIZE", 0))
        with self._lock:
            if size <= 0:
                self._entries.clear()
                return
            self._entries[request] = (state, results)
            self._entries.move_to_end(request)
            while len(self._entries) > size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_result_cache = _ResultCache()


def _search(
    query: str,
    lex: _Lexicon,
    organisation: str | None,
    area: int | None,
    interface: str | None,
    limit: int,
    offset: int,
) -> SearchResults:
    words = analyse_query(query, lex)
    organisation_id = None
    named: frozenset[int] = frozenset()
    named_without_match: list[int] = []
    kind_only = False
    if organisation:
        organisation_id = Organisation.objects.filter(slug=organisation).values_list("pk", flat=True).first()
        if organisation_id is None:
            words = []  # an unknown organisation matches nothing
    else:
        named, naming_words = named_organisations(query, lex)
        if not named:
            # their resources first too, but no authority was named: nothing to say of one
            named, naming_words = organisations_of_named_kind(query, lex)
            kind_only = bool(named)
        if named:
            words = [w for w in words if w.word not in naming_words]
    filters = backends.Filters(organisation_id, area, interface)
    groups = matching_groups(words, lex)
    pool = candidate_pool(offset, limit)
    matches = _match(groups, filters, lex, pool)
    candidate_ids = list(matches.candidate_ids)
    facet_rows = matches.facet_rows
    if named:
        # the named authority's resources first: its own candidates, or all of them when the query
        # has nothing but its name
        named_filters = backends.Filters(None, area, interface, organisation_ids=named)
        if words:
            named_ids = _match(groups, named_filters, lex, pool).candidate_ids
            named_without_match = [] if named_ids or kind_only else sorted(named)
        else:
            everything_named = backends.all_entries(named_filters, pool, lex.facets())
            named_ids, facet_rows = everything_named.candidate_ids, everything_named.facet_rows
        candidate_ids = named_ids + [pk for pk in candidate_ids if pk not in set(named_ids)]
    rows = _candidate_rows(candidate_ids)
    database_order = {entry_id: position for position, entry_id in enumerate(candidate_ids)}
    ranked = []
    terms_of: dict[int, dict[str, str]] = {}
    plan = ScorePlan.of(words, lex)
    for pk, organisation_pk, name, position, *field_terms in (row[:_RANKING_WIDTH] for row in rows.values()):
        terms_of[pk] = dict(zip(FIELDS, field_terms, strict=True))
        matched, score, rarity = score_entry(terms_of[pk], name, words, plan)
        order = position if not words else database_order[pk]
        # equal scores: the rarer match, then the database's rank, which differs between databases
        ranked.append((organisation_pk not in named, -matched, -score, -rarity, order, pk))
    ranked.sort()
    page_ids = [row[-1] for row in ranked[offset : offset + limit]]
    page = _page_entries(_page_rows(rows, page_ids))
    scores = {row[-1]: (-row[1], -row[2]) for row in ranked[offset : offset + limit]}
    hits = _hits_with_highlights(page, words, scores, terms_of)
    total = sum(count for kind, _value, count in facet_rows if kind == 1)
    return SearchResults(
        query=query,
        words=words,
        hits=hits,
        total=total,
        facets=_facets(facet_rows, organisation_selected=organisation_id is not None, lex=lex),
        suggestions=[] if total or not words else suggestions(words, lex=lex),
        offset=offset,
        named_organisations=[] if kind_only else sorted(named),
        named_without_match=named_without_match,
    )


def candidate_pool(offset: int, limit: int) -> int:
    """How many candidates to rank for this page: the next multiple of CANDIDATES."""
    return CANDIDATES * max(1, -(-(offset + limit) // CANDIDATES))


def _match(
    groups: list[frozenset[str]], filters: backends.Filters, lex: _Lexicon, pool: int
) -> backends.Matches:
    try:
        return backends.match(groups, filters, pool, lex.facets(), lex.common_postings)
    except backends.StaleFacets:  # an entry newer than this worker's facets: read them again
        return backends.match(groups, filters, pool, lex.facets(reload=True), lex.common_postings)


def _loader(model: type[M], database: str) -> Callable[[dict[str, Any]], M]:
    """What builds a deferred instance of `model` from some of its columns (attname -> value), as
    `model.from_db` would, without Model.__init__'s per-field pass (60 instances a page were a
    tenth of a search). __init__'s only other effect is the init signals: with a receiver
    connected, instances are built by from_db."""
    if pre_init.has_listeners(model) or post_init.has_listeners(model):
        fields = [f.attname for f in model._meta.concrete_fields]

        def from_db(values: dict[str, Any]) -> M:
            columns = [name for name in fields if name in values]  # the order from_db expects
            return model.from_db(database, columns, [values[name] for name in columns])

        return from_db

    def load(values: dict[str, Any]) -> M:
        instance = model.__new__(model)
        instance.__dict__.update(values)
        instance._state = ModelState()
        instance._state.adding = False
        instance._state.db = database
        return instance

    return load


_RESOURCE_ORGANISATION = InformationResource._meta.get_field("organisation")
_RESOURCE_AREA = InformationResource._meta.get_field("area")


@dataclass
class _PageEntry:
    pk: int
    resource: InformationResource
    interface_status: str
    texts: dict[str, list[str]]


# id, organisation, resource name, position and terms per field: what ranking reads of a candidate
_RANKING_WIDTH = 4 + len(FIELDS)


def _candidate_rows(ids: list[int]) -> dict[int, tuple]:  # type: ignore[type-arg]
    """Each candidate's row by entry id: its ranking columns (_RANKING_WIDTH of them), on
    PostgreSQL followed by what a result page shows of it (_page_rows). One query for both saves a
    round trip there; on SQLite, where a query costs none, reading the page columns of every
    candidate made searches 6 % slower."""
    return {row[0]: row for row in _entry_rows(ids, with_page=connection.vendor == "postgresql")}


def _page_rows(candidates: dict[int, tuple], page_ids: list[int]) -> list[tuple]:  # type: ignore[type-arg]
    """The page's rows with their page columns, reading those the candidates' rows do not have."""
    missing = [pk for pk in page_ids if len(candidates[pk]) == _RANKING_WIDTH]
    if missing:
        candidates.update((row[0], row) for row in _entry_rows(missing, with_page=True))
    return [candidates[pk] for pk in page_ids]


def _entry_rows(ids: list[int], with_page: bool) -> list[tuple]:  # type: ignore[type-arg]
    """Plain rows of the entries: the ranking columns, and `with_page` the entry's interface status,
    texts and card (JSON, parsed when a page shows them) and its resource and area ids. Plain SQL
    on one table: this runs for every candidate of every query."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # prepared, or its own SQL when that is off
            statement = _ENTRY_ROWS[with_page]
            prepared.execute(cursor, *statement.call(ids), [statement])
        else:
            in_list, params = backends.id_in("e.id", ids)
            cursor.execute(f"{_entry_rows_sql(with_page)} WHERE {in_list}", params)
        return cursor.fetchall()


def _entry_rows_sql(with_page: bool) -> str:
    columns = [
        "e.id",
        "e.organisation_id",
        "e.resource_name",
        "e.resource_position",
        *(f"e.{name}_terms" for name in FIELDS),
    ]
    if with_page:
        columns += ["e.interface_status", "e.texts", "e.card", "e.resource_id", "e.area_id"]
    return f"SELECT {', '.join(columns)} FROM {SearchEntry._meta.db_table} e"


# PostgreSQL: the rows of a list of entry ids, without and with the page columns
_ENTRY_ROWS = {
    with_page: Prepared(
        f"tietovaranto_entry_rows{'_page' if with_page else ''}",
        f"{_entry_rows_sql(with_page)} WHERE e.id = ANY($1)",
        ("bigint[]",),
    )
    for with_page in (False, True)
}


def _page_entries(rows: list[tuple]) -> list[_PageEntry]:  # type: ignore[type-arg]
    """The result page's entries from their rows (_page_rows), in the rows' order: resources,
    organisations and areas with what a result shows (the entry's card), as deferred model
    instances (any other field still loads when read)."""
    loaders = (
        _loader(InformationResource, connection.alias),
        _loader(Organisation, connection.alias),
        _loader(ServiceArea, connection.alias),
    )
    entries = []
    for pk, organisation_id, *_ranking, status, texts, card, resource_id, area_id in rows:
        if card is None:
            # written by an older version (during an upgrade, before its next re-index)
            resource = InformationResource.all_objects.select_related("organisation", "area").get(
                pk=resource_id
            )
        else:
            resource = _card_resource(json.loads(card), (resource_id, organisation_id, area_id), *loaders)
        entries.append(_PageEntry(pk, resource, status, json.loads(texts) if texts else {}))
    return entries


def _card_resource(
    card: dict[str, Any],
    ids: tuple[int, int, int | None],
    resource_of: Callable[[dict[str, Any]], InformationResource],
    organisation_of: Callable[[dict[str, Any]], Organisation],
    area_of: Callable[[dict[str, Any]], ServiceArea],
) -> InformationResource:
    resource_id, organisation_id, area_id = ids
    resource = resource_of(
        {"id": resource_id, "organisation_id": organisation_id, "area_id": area_id, **card["resource"]}
    )
    organisation = organisation_of({"id": organisation_id, **card["organisation"]})
    area = area_of({"id": area_id, **card["area"]}) if area_id is not None and card["area"] else None
    # what assigning through the relations' descriptors stores, without their checks
    _RESOURCE_ORGANISATION.set_cached_value(resource, organisation)
    _RESOURCE_AREA.set_cached_value(resource, area)
    return resource


def matching_groups(words: list[QueryWord], lex: _Lexicon | None = None) -> list[frozenset[str]]:
    """The terms that make a resource a result, per query word.

    Weak terms (generic compound parts) only rank. So do terms found in most of the catalog
    ("asiakirja" in "lastensuojelun asiakirjat"), unless the query has nothing more telling.
    """
    lex = lex or lexicon()
    common_limit = max(COMMON_SHARE * lex.documents, 50)
    strong = [frozenset(word.strong_terms()) for word in words]
    telling = [frozenset(t for t in group if lex.document_frequency[t] <= common_limit) for group in strong]
    return telling if any(telling) else strong


def suggestions(words: list[QueryWord], limit: int = 5, lex: _Lexicon | None = None) -> list[str]:
    """Close words that exist in the catalog, for a search that found nothing."""
    vocabulary = (lex or lexicon()).vocabulary
    found: dict[str, float] = {}
    for word in words:
        # plain edit-distance ratio: whole words close to the typed one (WRatio also scored every
        # compound containing it, and took 15x as long)
        for term, similarity, _index in process.extract(
            word.word, vocabulary, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=70
        ):
            # offer real words in their base form, not stems or inflected forms the index also holds
            if is_real_word(term):
                found[term] = max(found.get(term, 0.0), similarity)
    return sorted(found, key=lambda term: -found[term])[:limit]


def is_real_word(term: str) -> bool:
    """A word Voikko knows, in its base form: "palkanlaskenta", not the stem "palkanlaskent"."""
    return not term.endswith("-") and any(a.baseform == term for a in analyses_of(term))


def _facets(
    rows: list[backends.FacetRow], organisation_selected: bool, lex: _Lexicon | None = None
) -> dict[str, list[FacetValue]]:
    """The facet values, most results first (ties in a fixed order, the same on both databases).
    The database counts areas only when the results are within one organisation."""
    dimensions: dict[int, list[tuple[int, int | str]]] = {1: [], 2: [], 3: []}
    for kind, value, count in rows:
        dimensions[kind].append((count, value))
    # the first 20 of hundreds of organisations: what sorted(...)[:20] gives, without sorting all
    by_organisation = heapq.nsmallest(20, dimensions[1], key=_by_count)
    by_interface = sorted(dimensions[2], key=_by_count)
    by_area = sorted(dimensions[3], key=_by_count)
    labels = (lex or lexicon()).organisation_labels
    facets = {
        "organisation": [
            FacetValue(labels[pk][0], labels[pk][1], count, *labels[pk][2:])
            for count, pk in by_organisation
            if isinstance(pk, int) and pk in labels
        ],
        "interface": [FacetValue(str(status), str(status), count) for count, status in by_interface],
        "area": [],
    }
    if by_area and (organisation_selected or len(dimensions[1]) == 1):
        areas = ServiceArea.objects.in_bulk([pk for _count, pk in by_area])
        facets["area"] = [
            FacetValue(str(pk), str(areas[pk]), count) for count, pk in by_area[:30] if pk in areas
        ]
    return facets


def _by_count(pair: tuple[int, int | str]) -> tuple[int, str, int | str]:
    count, value = pair
    return (-count, type(value).__name__, value)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _hits_with_highlights(
    entries: list[_PageEntry],
    words: list[QueryWord],
    scores: dict[int, tuple[int, float]],
    terms_of: dict[int, dict[str, str]],
) -> list[Hit]:
    terms = {term for word in words for term in word.strong_terms()}
    padded_terms = [f" {term} " for term in terms]
    seen: dict[str, bool] = {}  # word -> marked, for this search
    # text -> its highlight, for this search: results share many texts (items, areas, the same
    # interface sentence), and a text's highlight depends only on the query
    highlighted_texts: dict[str, SafeString | None] = {}
    hits = []
    for entry in entries:
        matched, score = scores[entry.pk]
        hit = Hit(entry.resource, round(score, 2), matched, entry.interface_status)
        for field_name in FIELDS:
            if not _has_any(terms_of[entry.pk][field_name], padded_terms):
                continue  # nothing to highlight in this field
            texts = entry.texts.get(field_name, [])
            pieces = texts if field_name != "description" else _sentences(texts)
            shown = 0
            for text in dict.fromkeys(pieces):
                if shown == MAX_SNIPPETS_PER_FIELD:
                    break
                if text in highlighted_texts:
                    highlighted = highlighted_texts[text]
                else:
                    highlighted = highlighted_texts[text] = highlight(text, terms, seen)
                if highlighted is not None:
                    hit.matches.append(MatchedText(field_name, text, highlighted))
                    shown += 1
        hits.append(hit)
    return hits


def _has_any(field_terms: str, padded_terms: list[str]) -> bool:
    """Whether the space-separated terms hold one of the terms (given as " term "): substring
    searches, where splitting hundreds of terms per field and result cost more."""
    padded = f" {field_terms} "
    return any(term in padded for term in padded_terms)


def _sentences(texts: list[str]) -> list[str]:
    return [s.strip() for text in texts for s in SENTENCE_END.split(text) if s.strip()]


# a text split at its words: the text between words at even indexes, the words at odd ones
_WORD_SPLIT = re.compile(f"({WORD_RE.pattern})")


def _marks(word: str, terms: set[str], seen: dict[str, bool]) -> bool:
    hit = seen[word] = not terms.isdisjoint(analyze_word(word))
    return hit


def highlight(text: str, terms: set[str], seen: dict[str, bool] | None = None) -> SafeString | None:
    """The text with matching words in <mark>, or None when nothing in it matches.

    `seen`: the answers for words already looked at in this search. Nothing is kept per text
    across searches: a cache of every shown text's analysed words grew each worker by megabytes.
    """
    seen = {} if seen is None else seen
    pieces = _WORD_SPLIT.split(text)
    words = [piece.lower() for piece in pieces[1::2]]
    marked = [seen[word] if word in seen else _marks(word, terms, seen) for word in words]
    for index, word in enumerate(words):
        if (
            not marked[index]
            and word.endswith("-")
            and index + 2 < len(words)
            and words[index + 1] in ELISION_JOINERS
        ):
            # "Järjestö- ja yhdistysrekisteri": the completed compound marks its first word
            marked[index] = not terms.isdisjoint(completed_compound_terms(word, words[index + 2]))
    if not any(marked):
        return None
    # html.escape is what django.utils.html.escape does, without its lazy-string wrapper per call;
    # the text between marks is escaped once per run, not once per word
    out: list[str] = []
    plain: list[str] = [pieces[0]]
    for index, hit in enumerate(marked):
        word, after = pieces[2 * index + 1], pieces[2 * index + 2]
        if hit:
            out.append(html.escape("".join(plain)))
            out.append(f"<mark>{html.escape(word)}</mark>")
            plain = [after]
        else:
            plain += (word, after)
    out.append(html.escape("".join(plain)))
    return SafeString("".join(out))  # mark_safe's lazy-string wrapper costs more than the join


def grouped_matches(hit: Hit) -> dict[str, list[MatchedText]]:
    groups: dict[str, list[MatchedText]] = defaultdict(list)
    for match in hit.matches:
        groups[match.field].append(match)
    return dict(groups)


def warm_up() -> None:
    """Load Voikko, the vocabulary and the lexicon now, e.g. when a web worker starts, so that the
    worker's first search costs what every other one does. A failure only leaves them lazy."""
    import logging

    try:
        analyze_word("tietopyyntö")
        vocabulary()
        lexicon()
        # one real search: the database's statements, the analyser's and the ranking's code paths
        search("tietopyyntö henkilöstörekisteri", limit=1)
    except Exception:  # noqa: BLE001 - e.g. an unmigrated database: search stays lazy and says why later
        logging.getLogger(__name__).warning("search warm-up failed; search loads on first use", exc_info=True)
    finally:
        from django.db import close_old_connections

        close_old_connections()
