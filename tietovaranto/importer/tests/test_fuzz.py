"""Fuzzing the importer with hypothesis: 10,000 generated pages and mutations in all.

Properties: parse, merge and assess never raise; what assess lets through imports or fails with a
PageImportError (never another exception); a failed import leaves the database exactly as it was;
a page of headings only, and a name made of markup, are always refused. derandomize=True keeps the
examples the same on every run, so CI is stable; `pytest --hypothesis-show-statistics` shows the
counts and times.
"""

from pathlib import Path

import pytest
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, kaarina_page
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.importer.parser import ParsedPage, parse_pages
from tietovaranto.importer.preview import Description, DescriptionRefused, describe, import_description
from tietovaranto.importer.sanity import MARKUP_RE, assess, merge_duplicates
from tietovaranto.importer.sources import Collected, Source

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "import_fixtures"
SEEDS = [ESIMERKKILA_TEXT, ESIMERKKILA_HTML, kaarina_page()] + [
    path.read_text(encoding="utf-8")
    for path in sorted(FIXTURES.glob("*/page*.*"))
    if path.suffix in (".txt", ".html")
]
FUZZ = settings(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def judged(texts: list[str]) -> tuple[ParsedPage, str | None]:
    page = parse_pages(texts)
    merge_duplicates(page)
    assessment = assess(page)
    for finding in assessment.warnings:
        assert "\n" not in finding.message
    if assessment.refusal is not None:
        assert "\n" not in assessment.refusal
    return page, assessment.refusal


# -- strategies -------------------------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "Tietovarannot",
        "Hallinto",
        "Rekisterit",
        "Tietojärjestelmät",
        "Hakutekijät",
        "Perusopetus",
        "Varhaiskasvatus",
        "Sosiaalipalvelut",
        "Kirjaamo",
        "Arkisto",
        "Informationsresurser",
        "Register",
        "Päivi",
        "Antola",
        "1)",
        "2.",
        "•",
        "-",
        "–",
        ":",
        ";",
        ",",
        "Tietopyynnöt:",
        "Käyttötarkoitus:",
        "henkilötunnus",
        "nimi",
        "diaarinumero",
        "kirjaamo@example.fi",
        "PL",
        "1",
        "<!--",
        "-->",
        "<h2>",
        "</h2>",
        "<li>",
        "&amp;",
        "Sivua",
        "päivitetään.",
        "Hyppää",
        "sisältöön",
        "Tekstikoko",
    ]
)


@st.composite
def mutated_page(draw: st.DrawFn) -> str:
    lines = draw(st.sampled_from(SEEDS)).splitlines()
    for _ in range(draw(st.integers(1, 5))):
        size = len(lines)
        at = draw(st.integers(0, size))
        span = draw(st.integers(0, 8))
        operation = draw(
            st.sampled_from(
                ["delete", "duplicate", "insert", "swap", "truncate", "comment", "garble", "join"]
            )
        )
        if operation == "delete":
            del lines[at : at + span]
        elif operation == "duplicate":
            lines[at:at] = lines[at : at + span]
        elif operation == "insert":
            lines[at:at] = [" ".join(draw(st.lists(WORDS, max_size=8))) for _ in range(span)]
        elif operation == "swap" and size > 1:
            other = draw(st.integers(0, size - 1))
            index = min(at, size - 1)
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "truncate":
            lines = lines[:at]
        elif operation == "comment":
            lines.insert(at, "<!-- " + " ".join(draw(st.lists(WORDS, max_size=4))))
        elif operation == "garble" and lines:
            index = min(at, len(lines) - 1)
            lines[index] = draw(st.text(max_size=40)) + lines[index][span:]
        elif operation == "join":
            lines[at : at + span] = [" ".join(lines[at : at + span])]
    return "\n".join(lines)


HEADING_WORDS = st.sampled_from(
    [
        "Tietovarannot",
        "Hallinto",
        "Rekisterit",
        "Arkisto",
        "Perusopetus",
        "Varhaiskasvatus",
        "Sosiaali- ja",
        "terveyspalvelut",
        "Tekninen toimi",
        "Kirjasto",
        "Hallinnon tiedot",
        "Tullaustiedot",
        "Informationsresurser",
        "Register",
        "Tjänster",
    ]
)
LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPRSTUVYÄÖ", min_size=1, max_size=14)


@st.composite
def headings_only(draw: st.DrawFn) -> str:
    """Short lines with no sentence, label, bullet or list: nothing but headings."""
    headings = [
        " ".join(words)
        for words in draw(
            st.lists(
                st.lists(st.one_of(HEADING_WORDS, LETTERS), min_size=1, max_size=4), min_size=1, max_size=20
            )
        )
    ]
    if draw(st.booleans()):
        tags = draw(
            st.lists(
                st.sampled_from(["h1", "h2", "h3", "h4"]), min_size=len(headings), max_size=len(headings)
            )
        )
        cells = "".join(f"<{t}>{h}</{t}>" for t, h in zip(tags, headings, strict=True))
        return f"<html><body>{cells}</body></html>"
    return "\n\n".join(headings) + "\n"


TAGS = [
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "li",
    "div",
    "table",
    "tr",
    "td",
    "dl",
    "dt",
    "dd",
    "strong",
    "a",
    "nav",
    "footer",
    "main",
    "script",
    "br",
]
TEXT_PIECES = st.one_of(
    WORDS, st.text(max_size=20), st.sampled_from(["Hallinnon tietovaranto", "Oppilasrekisteri"])
)
ENDINGS = ["", "<!-- ", "<!-- kommentti -->", "<![CDATA[", "&#x", "<", "</", "<!DOCTYPE"]


@st.composite
def html_fragment(draw: st.DrawFn) -> str:
    """A flat run of elements; a tag left open nests what follows, as in broken real pages."""
    parts = draw(
        st.lists(st.tuples(st.sampled_from(TAGS), TEXT_PIECES, st.integers(0, 9)), min_size=1, max_size=16)
    )
    body = "".join(f"<{tag}>{text}" + (f"</{tag}>" if close else "") for tag, text, close in parts)
    return draw(st.sampled_from(["", "<!DOCTYPE html><html><body>"])) + body + draw(st.sampled_from(ENDINGS))


# -- parse-level properties (the bulk) -------------------------------------------------------------


@settings(FUZZ, max_examples=2500)
@given(st.text(max_size=600))
def test_random_unicode_never_crashes_and_is_never_a_description(text: str) -> None:
    page, refusal = judged([text])
    if refusal is None:  # accepted only if the text happens to hold the domain words
        assert page.all_resources()


@settings(FUZZ, max_examples=3200)
@given(mutated_page())
def test_mutated_real_pages_never_crash(text: str) -> None:
    judged([text])


@settings(FUZZ, max_examples=1500)
@given(headings_only())
def test_a_page_of_headings_only_is_always_refused(text: str) -> None:
    _page, refusal = judged([text])
    assert refusal is not None


@settings(FUZZ, max_examples=2000)
@given(st.lists(html_fragment(), min_size=1, max_size=3))
def test_html_fragments_never_crash_and_markup_never_becomes_a_name(pages: list[str]) -> None:
    page, refusal = judged(pages)
    if refusal is None:
        for resource in page.all_resources():
            assert not MARKUP_RE.search(resource.name)
        for area in page.areas:
            assert not MARKUP_RE.search(area.name)


@settings(FUZZ, max_examples=500)
@given(st.sampled_from(SEEDS), st.integers(0, 400), st.lists(WORDS, max_size=6))
def test_an_unterminated_comment_never_names_a_resource(seed: str, cut: int, words: list[str]) -> None:
    lines = seed.splitlines()
    at = min(cut, len(lines))
    text = "\n".join(lines[:at] + ["<!-- " + " ".join(words)] + lines[at:])
    page, refusal = judged([text])
    if refusal is None:
        names = [r.name for r in page.all_resources()] + [a.name for a in page.areas]
        assert not any("<!--" in name for name in names)


# -- database-level: a failed import leaves the database as it was --------------------------------

CATALOG: list[type[models.Model]] = [
    Organisation,
    ServiceArea,
    InformationResource,
    Item,
    ResourceItem,
    SearchCriterion,
    RequestContact,
    Decider,
    InterfaceStatement,
]


def snapshot() -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: sorted(model.all_objects.values_list(), key=repr)  # type: ignore[attr-defined]
        for model in CATALOG
    }


def describe_texts(texts: list[str]) -> Description:
    return describe(Collected([Source(f"page-{n}.txt", text) for n, text in enumerate(texts, 1)]))


@pytest.mark.django_db
@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.one_of(mutated_page(), headings_only(), st.text(max_size=300)), min_size=1, max_size=3))
def test_a_failed_import_leaves_the_database_as_it_was(texts: list[str]) -> None:
    if not Organisation.objects.filter(name="Esimerkkilän kunta").exists():
        import_description(describe_texts([ESIMERKKILA_TEXT]), "Esimerkkilän kunta")
    before = snapshot()
    refusal = None
    try:
        import_description(describe_texts(texts), "Esimerkkilän kunta")
    except DescriptionRefused as refused:
        refusal = refused.message
    if refusal is not None:
        assert "\n" not in refusal
        assert snapshot() == before
