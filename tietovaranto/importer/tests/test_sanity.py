"""Judging a parse: refuse what is not a description, warn about what looks wrong, merge repeats."""

import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, kaarina_page
from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.importer.fields import ParsedDecider, ParsedItem
from tietovaranto.importer.parser import Facts, ParsedArea, ParsedPage, ParsedResource, parse_page
from tietovaranto.importer.sanity import assess, looks_like_label, looks_like_person, merge_duplicates
from tietovaranto.importer.services import PageImportError, import_parsed


def resource(name: str, line: int = 1, **content: object) -> ParsedResource:
    parsed = ParsedResource(name, line)
    parsed.description = list(content.get("description", []))  # type: ignore[call-overload]
    parsed.items = list(content.get("items", []))  # type: ignore[call-overload]
    return parsed


def page_of(*resources: ParsedResource, areas: tuple[ParsedArea, ...] = ()) -> ParsedPage:
    page = ParsedPage(title="Tietovarannot")
    page.resources_without_area = list(resources)
    page.areas = list(areas)
    return page


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    "text",
    [kaarina_page(), ESIMERKKILA_TEXT, ESIMERKKILA_HTML],
    ids=["kaarina", "esimerkkila-text", "esimerkkila-html"],
)
def test_real_descriptions_are_accepted(text: str) -> None:
    assessment = assess(parse_page(text))
    assert assessment.refusal is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Lorem ipsum dolor sit amet\n\nConsectetur adipiscing\n\n"
            "Sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n",
            "",  # refused; the reason depends on how far the parser gets
        ),
        (
            "ᚠᚢᚦ ᚨᚱᚲ\n\n乱数の文章です\n\nΛόρεμ ίψουμ δόλορ σιτ αμετ, consectetur.\n",
            "",
        ),
        ("Tietovarannot\n\nHallinto\n\nTalousrekisteri\n\nArkisto\n", "only headings"),
        ("Just one sentence here.\n", "no information resource was recognised"),
        (
            "<html><body><main><h2>Hallinto</h2><p>Asiakirjat ja rekisterit.</p>"
            "<!-- <h3>Rekisteri</h3> <p>kuvaus</p></main></body></html>",
            "is HTML code, not a heading",
        ),
        ("Tietovarannot\n\n<!-- vanha osio\n\nHallinnon rekisteri\n\nKäyttötarkoitus: asiat.\n", "HTML code"),
    ],
    ids=["lorem", "random-unicode", "headings-only", "one-sentence", "html-comment", "text-comment"],
)
def test_what_is_not_a_description_is_refused(text: str, reason: str) -> None:
    assessment = assess(parse_page(text))
    assert assessment.refusal is not None
    assert reason in assessment.refusal
    assert "\n" not in assessment.refusal


def test_resources_without_any_content_are_refused_even_with_descriptions_elsewhere() -> None:
    area = ParsedArea("Hallinto", 3, description=["Hallinnon asiakirjat ja rekisterit."])
    area.resources = [resource("Arkisto", 5), resource("Kirjaamo", 7)]
    assessment = assess(page_of(areas=(area,)))
    assert assessment.refusal is not None
    assert "no resource on the page has registers, systems" in assessment.refusal


def test_warnings_name_empty_resources_label_areas_and_person_names() -> None:
    good = resource("Talouden tietovaranto", 2, items=[ParsedItem("Kirjanpito", "system")])
    empty = resource("Arkisto", 4)
    person = resource("Hallintojohtaja Päivi Antola", 6, description=["Päättää tietojen antamisesta."])
    criteria_area = ParsedArea("Hakutekijät", 8)
    criteria_area.resources = [resource("Nimi", 9, description=["Asiakirjan nimi."])]
    list_area = ParsedArea("henkilön nimi, henkilötunnus, osoite", 11)
    assessment = assess(page_of(good, empty, person, areas=(criteria_area, list_area)))
    assert assessment.refusal is None
    messages = [(f.line, f.message) for f in assessment.warnings]
    empty_text = "has no registers, systems, search criteria, request contacts or description"
    area_text = "looks like a label or a list of criteria, not an area"
    assert (4, f"the resource “Arkisto” {empty_text}") in messages
    assert (
        6,
        "the resource “Hallintojohtaja Päivi Antola” looks like a person's name, not a resource",
    ) in messages
    assert (8, f"the service area “Hakutekijät” {area_text}") in messages
    assert (11, f"the service area “henkilön nimi, henkilötunnus, osoite” {area_text}") in messages
    assert not any(line == 2 for line, _message in messages)


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Päivi Antola", True),
        ("Hallintojohtaja Päivi Antola", True),
        ("Perusopetus", False),
        ("Varhaiskasvatus", False),
        ("Hallinnon tiedot", False),
        ("Tullaustiedot", False),
        ("Lupapiste", False),
    ],
)
def test_person_names(name: str, person: bool) -> None:
    assert looks_like_person(name) is person


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Hakutekijät", True),
        ("Tietopyynnöt:", True),
        ("nimi, hetu, osoite", True),
        ("Sosiaali- ja terveyspalvelut", False),
        ("Kirjasto- ja kulttuuripalvelut", False),
        ("Perusopetus", False),
        ("Rekisterit", True),
        ("Sosiaalitoimen rekisterit", True),
        ("Rakennusvalvonnan rekisteri", False),  # one register's name
    ],
)
def test_labels_and_lists(name: str, label: bool) -> None:
    assert looks_like_label(name) is label


def test_a_repeated_heading_is_merged_into_one_resource() -> None:
    first = resource("1) Hallinnon tietovaranto", 3)
    again = resource(
        "Hallinnon tietovaranto",
        20,
        description=["Päätöksenteon asiakirjat."],
        items=[ParsedItem("Tweb", "system")],
    )
    again.facts = Facts(criteria=["diaarinumero"], decider=ParsedDecider(title="hallintojohtaja"))
    page = page_of(first, again)
    findings = merge_duplicates(page)
    assert [r.name for r in page.all_resources()] == ["1) Hallinnon tietovaranto"]
    merged = page.all_resources()[0]
    assert merged.description == ["Päätöksenteon asiakirjat."]
    assert [i.name for i in merged.items] == ["Tweb"]
    assert merged.facts.criteria == ["diaarinumero"]
    assert merged.facts.decider is not None
    assert [(f.line, f.message) for f in findings] == [
        (20, "the heading “Hallinnon tietovaranto” repeats (first on line 3); merged into one")
    ]
    assert assess(page).refusal is None


@pytest.mark.django_db
def test_a_description_over_two_pages_with_a_repeated_heading_is_imported(tmp_path: Path) -> None:
    index, detail = tmp_path / "index.txt", tmp_path / "varhaiskasvatus.txt"
    index.write_text("Tietovarannot\n\nVarhaiskasvatusrekisteri\n\nKäyttötarkoitus: Hakemukset.\n", "utf-8")
    detail.write_text("Varhaiskasvatusrekisteri\n\nTietojärjestelmät\n - Varda\n", encoding="utf-8")
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", StringIO())
        call_command(
            "import-page", str(index), str(detail), "--organisation", "Testilä", "--publish", stdout=out
        )
    resource = InformationResource.objects.get()
    assert resource.name == "Varhaiskasvatusrekisteri"
    assert resource.description == "Hakemukset."
    assert [link.item.name for link in resource.resource_items.all()] == ["Varda"]
    # the parser or sanity.merge_duplicates merges it; either way the warning names the second page
    warning = next(line for line in out.getvalue().splitlines() if "repeats" in line)
    assert f"{detail}, line 1: the heading" in warning
    assert "Varhaiskasvatusrekisteri" in warning


@pytest.mark.django_db
def test_a_refused_page_writes_nothing_and_says_why_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "otsikot.txt"
    page.write_text("Tietovarannot\n\nHallinto\n\nTalousrekisteri\n\nArkisto\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import-page", str(page), "--organisation", "Testilä", stdout=StringIO())
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{page}: the page has only headings: no resource has a description, items, search criteria or "
        "contacts; nothing was imported"
    )
    assert not Organisation.all_objects.exists()


@pytest.mark.django_db
def test_a_constraint_failure_is_a_sentence_not_a_constraint_name() -> None:
    nameless = resource("Talouden tietovaranto", 12, items=[ParsedItem("Kirjanpito", "system")])
    nameless.facts = Facts(decider=ParsedDecider(email="talous@example.fi"))
    with pytest.raises(PageImportError) as caught:
        import_parsed(page=page_of(nameless), organisation_name="Testilä")
    assert caught.value.line == 12
    assert "decider_named" not in str(caught.value)
    assert "the deciding official has no title, name or authority" in str(caught.value)
    assert not Organisation.all_objects.exists()


@pytest.mark.django_db
def test_the_constraint_sentence_is_finnish_for_a_finnish_records_manager() -> None:
    nameless = resource("Talouden tietovaranto", 12, items=[ParsedItem("Kirjanpito", "system")])
    nameless.facts = Facts(decider=ParsedDecider(email="talous@example.fi"))
    with translation.override("fi"), pytest.raises(PageImportError) as caught:
        import_parsed(page=page_of(nameless), organisation_name="Testilä")
    assert "päättäjällä ei ole nimikettä, nimeä eikä viranomaista" in str(caught.value)
    assert "loukataan" not in str(caught.value)


SAVUKOSKI_TABLE = (
    "Rekisteri / Tietovaranto Käyttötarkoitus Rekisterinpitäjä\n"
    "Luottamushenkilörekisteri Kunnan luottamushenkilöiden yhteystietojen ja palkkioiden maksussa "
    "tarvittavien tietojen hallinnointi Kunnanhallitus / Hallintopalvelut\n"
    "Sidonnaisuusrekisteri Kunnan luottamushenkilöiden ja viranhaltijoiden sidonnaisuustietojen ylläpito "
    "Tarkastuslautakunta\n"
)


def test_a_table_that_lost_its_columns_is_refused_with_what_to_do() -> None:
    page = parse_page(
        "SAVUKOSKEN KUNNAN TIETOVARANNOT\n\n"
        "Alle on kuvattu kunnan tietovarannot sekä niihin sisältyvät tietojärjestelmät.\n\n"
        " • Hallinto\n\n" + SAVUKOSKI_TABLE
    )
    assessment = assess(page)
    assert assessment.refusal is not None
    assert "lost its columns" in assessment.refusal
    assert "save the page as HTML" in assessment.refusal
    assert assessment.refusal_line == 7


def test_a_table_that_lost_its_columns_beside_resources_is_a_warning() -> None:
    page = parse_page(
        "Tietovarannot\n\n"
        "Rakennusvalvonnan tietovaranto\n\n"
        "Käyttötarkoitus: rakennuslupien käsittely.\n\n" + SAVUKOSKI_TABLE
    )
    assessment = assess(page)
    assert assessment.refusal is None
    assert [r.name for r in page.all_resources()] == ["Rakennusvalvonnan tietovaranto"]
    (warning,) = [w for w in assessment.warnings if "lost its columns" in w.message]
    assert warning.line == 7
    assert "its 2 rows were not imported" in warning.message
