"""A description page written in Swedish (or English): its texts are Swedish (English) texts.

Varsinais-Suomen hyvinvointialue's real Swedish page was imported into the Finnish fields: the Finnish
public page, the DCAT export's @fi literals and the search analysis took Swedish for Finnish, and the
Swedish pages showed nothing in Swedish."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS

from tests.pages import ESIMERKKILA_TEXT
from tietovaranto.accounts.models import Membership, Role
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    Item,
    Organisation,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.desk.tests.test_desk import _resource_post
from tietovaranto.importer import parser
from tietovaranto.importer.catalog_file import import_catalog
from tietovaranto.importer.fidelity import fixture_dirs, page_files
from tietovaranto.importer.parser import parse_page, parse_pages
from tietovaranto.importer.services import PageImportError, page_import
from tietovaranto.publishing.exporters import export_catalog
from tietovaranto.publishing.services import draft_for
from tietovaranto.publishing.snapshot import catalog_snapshot
from tietovaranto.search.services import search

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "import_fixtures"
VARHA = "Varsinais-Suomen hyvinvointialue"


def varha_sv() -> str:
    return (FIXTURES / "varsinais-suomen-hyvinvointialue-sv" / "page.txt").read_text(encoding="utf-8")


@pytest.fixture
def varha(db: None) -> InformationResource:
    page_import(text=varha_sv(), organisation_name=VARHA, publish=True)
    return InformationResource.objects.get()


def test_the_page_language_is_recognised() -> None:
    page = parse_page(varha_sv())
    assert page.language == "sv"
    # its skip link ("Hoppa till huvudinnehåll") is site chrome: the heading after it is the title
    assert page.title == "Beskrivning av handlingars offentlighet inom Egentliga Finlands välfärdsområde"
    assert parse_page("Kuvaus\n\nAsiarekisteri\n\nAsiarekisteri sisältää kaupungin asiat.\n").language == "fi"


def test_a_swedish_page_fills_the_swedish_fields(varha: InformationResource) -> None:
    assert (varha.name, varha.name_sv) == ("", "Ärenderegister")
    assert varha.description == ""
    assert varha.description_sv.startswith("Ärenderegistret är en helhet")
    assert varha.slug == "arenderegister"


def test_the_swedish_site_shows_it_and_the_finnish_site_says_it_is_swedish(
    client: Client, varha: InformationResource
) -> None:
    swedish = client.get(f"/sv/varsinais-suomen-hyvinvointialue/resources/{varha.slug}/").content.decode()
    assert '<h1 lang="sv">Ärenderegister</h1>' in swedish
    assert "Ärenderegistret är en helhet" in swedish
    finnish = client.get(f"/varsinais-suomen-hyvinvointialue/resources/{varha.slug}/").content.decode()
    # no Finnish text: the Swedish one, marked as Swedish, not passed off as Finnish
    assert '<h1 lang="sv">Ärenderegister</h1>' in finnish
    assert '<p lang="sv">Ärenderegistret är en helhet' in finnish
    listing = client.get("/varsinais-suomen-hyvinvointialue/").content.decode()
    assert f'<a href="{varha.get_absolute_url()}" lang="sv">Ärenderegister</a>' in listing


def test_search_finds_it_by_its_swedish_words(varha: InformationResource) -> None:
    for query in ("ärenderegister", "ärenden handlingar"):
        assert [hit.resource.pk for hit in search(query).hits] == [varha.pk], query


def test_dcat_gives_its_texts_as_swedish(client: Client, varha: InformationResource) -> None:
    response = client.get("/varsinais-suomen-hyvinvointialue/export.dcat")
    graph = Graph().parse(data=b"".join(response.streaming_content), format="turtle")  # type: ignore[attr-defined]
    titles = set(graph.objects(None, DCTERMS.title))
    assert Literal("Ärenderegister", lang="sv") in titles
    assert not any(
        isinstance(t, Literal) and str(t) == "Ärenderegister" and t.language == "fi" for t in titles
    )
    descriptions = [
        d for d in graph.objects(None, DCTERMS.description) if str(d).startswith("Ärenderegistret")
    ]
    assert [d.language for d in descriptions] == ["sv"]  # type: ignore[attr-defined]


def test_the_organisation_is_not_renamed_by_the_page(varha: InformationResource) -> None:
    organisation = Organisation.objects.get(name=VARHA)
    assert organisation.name_sv == "Egentliga Finlands välfärdsområde"  # the official name, as before


# A Swedish page of our own with an area, items and facts (words of our own, not a fixture's)
STRANDBY = "Strandby stad"
STRANDBY_SV = """Beskrivning av handlingars offentlighet

Strandby stad är en sådan informationshanteringsenhet som avses i lagen om informationshantering. \
Beskrivningen redogör för de informationslager som staden förvaltar.

Bildningsväsendet

Grundläggande utbildning

Ändamål: ordnande av den grundläggande utbildningen och elevernas skolgång i staden.

Informationssystem: Primus, Wilma

Sökfaktorer: elevens namn, personbeteckning

Beslut om utlämnande fattas av: bildningsdirektören

Musikinstitutet

Ändamål: musikinstitutets elevförvaltning och terminsavgifter.

Informationssystem: Eepos

Sökfaktorer: elevens namn

Begäran om information

registratur@strandby.fi
"""


def draft_rows(model: type[Any], **filters: Any) -> list[Any]:
    return list(
        model.all_objects.filter(organisation__draft_of__name=STRANDBY, **filters).order_by("position", "pk")
    )


def test_every_fixture_page_is_read_in_the_language_its_truth_gives() -> None:
    for directory in fixture_dirs(FIXTURES):
        truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
        page = parse_pages([path.read_text(encoding="utf-8") for path in page_files(directory)])
        # a bilingual page is Finnish, with its Swedish beside
        assert page.language == truth["language"].split("+")[0], directory.name


def test_areas_items_and_facts_of_a_swedish_page_are_swedish(client: Client) -> None:
    report = page_import(text=STRANDBY_SV, organisation_name=STRANDBY, publish=True)
    assert "Page language: Swedish (its texts went into the Swedish fields)" in report.as_text()
    (area,) = draft_rows(ServiceArea)
    assert (area.name, area.name_sv) == ("", "Bildningsväsendet")
    school = draft_rows(InformationResource, name_sv="Grundläggande utbildning")[0]
    assert school.name == ""
    assert school.description_sv.startswith("ordnande av den grundläggande")
    assert [(i.name, i.name_sv) for i in school.items.order_by("resource_items__position")] == [
        ("", "Primus"),
        ("", "Wilma"),
    ]
    criteria = SearchCriterion.all_objects.filter(resource=school).order_by("position")
    assert [(c.name, c.name_sv) for c in criteria] == [("", "elevens namn"), ("", "personbeteckning")]
    decider = Decider.all_objects.get(resource=school)
    assert (decider.title, decider.title_sv) == ("", "bildningsdirektören")
    page = client.get(f"/{school.organisation.slug}/resources/{school.slug}/").content.decode()
    assert '<span lang="sv">elevens namn</span>, <span lang="sv">personbeteckning</span>' in page
    assert '<li lang="sv">Primus</li>' in page
    assert '<span lang="sv">bildningsdirektören</span>' in page
    swedish = client.get(f"/sv/{school.organisation.slug}/resources/{school.slug}/").content.decode()
    assert "elevens namn, personbeteckning" in swedish  # in its own language: no lang of its own
    assert "<li>Primus</li>" in swedish


def test_the_swedish_page_again_keeps_edits_and_tells_its_criteria_apart() -> None:
    page_import(text=STRANDBY_SV, organisation_name=STRANDBY)
    music = draft_rows(InformationResource, name_sv="Musikinstitutet")[0]
    music.name_sv = "Strandby musikinstitut"  # renamed on the desk
    music.save()
    changed = STRANDBY_SV.replace("elevens namn, personbeteckning", "elevens namn, personbeteckning, klass")
    report = page_import(text=changed, organisation_name=STRANDBY)
    assert report.conflicts == []
    assert [r.name_sv for r in draft_rows(InformationResource)] == [
        "Grundläggande utbildning",
        "Strandby musikinstitut",
    ]
    school = draft_rows(InformationResource, name_sv="Grundläggande utbildning")[0]
    assert [c.name_sv for c in SearchCriterion.all_objects.filter(resource=school).order_by("position")] == [
        "elevens namn",
        "personbeteckning",
        "klass",
    ]
    assert page_import(text=changed, organisation_name=STRANDBY).page_unchanged


@translation.override("en")
def test_a_page_in_another_language_than_the_description_here_is_refused(
    demo_catalog: Organisation,
) -> None:
    before = catalog_snapshot(draft_for(demo_catalog))
    with pytest.raises(
        PageImportError, match="the page is in Swedish, but the description here is in Finnish"
    ):
        page_import(text=STRANDBY_SV, organisation_name=demo_catalog.name)
    assert catalog_snapshot(draft_for(demo_catalog)) == before
    # and the other way round: a Finnish page over a description written in Swedish
    page_import(text=STRANDBY_SV, organisation_name=STRANDBY)
    with pytest.raises(
        PageImportError, match="the page is in Finnish, but the description here is in Swedish"
    ):
        page_import(text=ESIMERKKILA_TEXT, organisation_name=STRANDBY)
    assert [r.name_sv for r in draft_rows(InformationResource)] == [
        "Grundläggande utbildning",
        "Musikinstitutet",
    ]


@translation.override("en")
def test_the_dry_run_says_the_language_and_the_refusal_too(
    demo_catalog: Organisation, tmp_path: Path
) -> None:
    before = catalog_snapshot(draft_for(demo_catalog))
    page = tmp_path / "beskrivning.txt"
    page.write_text(STRANDBY_SV, encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="the page is in Swedish") as refused:
        call_command("import-page", str(page), "--organisation", demo_catalog.name, "--dry-run", stdout=out)
    assert refused.value.returncode == 2
    assert "Page language: Swedish (its texts would go into the Swedish fields)" in out.getvalue()
    assert catalog_snapshot(draft_for(demo_catalog)) == before


def test_the_api_and_the_json_export_say_the_language_and_read_back(client: Client) -> None:
    page_import(text=STRANDBY_SV, organisation_name=STRANDBY, publish=True)
    page_import(text=ESIMERKKILA_TEXT, organisation_name="Esimerkkilän kunta", publish=True)
    school = InformationResource.objects.get(name_sv="Grundläggande utbildning")
    data = client.get(f"/api/v1/resources/{school.organisation.slug}/{school.slug}").json()
    assert (data["name"], data["language"], data["name_sv"]) == (
        "Grundläggande utbildning",
        "sv",
        "Grundläggande utbildning",
    )
    assert data["search_criteria"] == ["elevens namn", "personbeteckning"]
    assert data["decider"]["title"] == "bildningsdirektören"
    first = export_catalog("json").decode("utf-8")
    InformationResource.all_objects.all().delete()
    ServiceArea.all_objects.all().delete()
    Item.all_objects.all().delete()
    Organisation.all_objects.exclude(draft_of=None).delete()
    Organisation.all_objects.all().delete()
    import_catalog(first, "catalog.json", publish=True)
    without = [{k: v for k, v in r.items() if k not in ("id", "updated_at")} for r in json.loads(first)]
    again = export_catalog("json").decode("utf-8")
    assert [
        {k: v for k, v in r.items() if k not in ("id", "updated_at")} for r in json.loads(again)
    ] == without
    assert InformationResource.objects.get(name_sv="Musikinstitutet").name == ""


def test_saving_a_swedish_resource_on_the_desk_keeps_its_swedish_items_and_criteria() -> None:
    page_import(text=STRANDBY_SV, organisation_name=STRANDBY)
    user = User.objects.create_user("registrator", password="lösenord-123")
    live = Organisation.objects.get(name=STRANDBY)
    Membership.objects.create(user=user, organisation=live, role=Role.EDITOR)
    editor = Client()
    editor.force_login(user)
    school = draft_rows(InformationResource, name_sv="Grundläggande utbildning")[0]
    url = f"/staff/desk/{live.slug}/resources/{school.uid}/"
    data = _resource_post(editor.get(url).content.decode())
    response = editor.post(url, data)  # saved as it was loaded
    assert response.status_code == 302, response.content.decode()[:2000]
    school.refresh_from_db()
    assert (school.name, school.name_sv) == ("", "Grundläggande utbildning")
    assert [i.name_sv for i in school.items.order_by("resource_items__position")] == ["Primus", "Wilma"]
    criteria = SearchCriterion.all_objects.filter(resource=school).order_by("position")
    assert [c.name_sv for c in criteria] == ["elevens namn", "personbeteckning"]
    assert Decider.all_objects.get(resource=school).title_sv == "bildningsdirektören"
    # a resource needs a name in some language
    data.update(name="", name_sv="", name_en="")
    refused = editor.post(url, data).content.decode()
    assert "Give a name in Finnish, Swedish or English." in refused or "Anna nimi" in refused


def test_a_swedish_page_imported_into_the_finnish_fields_before_is_put_right_by_importing_it_again(
    monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    # as before the page's language was recognised: read as Finnish
    monkeypatch.setattr(parser, "page_language", lambda blocks: "fi")
    page_import(text=STRANDBY_SV, organisation_name=STRANDBY, publish=True)
    school = InformationResource.objects.get(name="Grundläggande utbildning")
    assert school.name_sv == ""
    monkeypatch.undo()
    report = page_import(text=STRANDBY_SV, organisation_name=STRANDBY, publish=True)  # the same page
    assert not report.page_unchanged
    assert report.read_as_finnish_before
    assert report.created_resources == []
    school.refresh_from_db()
    assert (school.name, school.name_sv) == ("", "Grundläggande utbildning")
    assert school.description == ""
    assert [(c.name, c.name_sv) for c in SearchCriterion.objects.filter(resource=school)] == [
        ("", "elevens namn"),
        ("", "personbeteckning"),
    ]
    assert [(i.name, i.name_sv) for i in school.items.order_by("resource_items__position")] == [
        ("", "Primus"),
        ("", "Wilma"),
    ]
    assert ServiceArea.objects.get().name_sv == "Bildningsväsendet"
    assert Decider.objects.get(resource=school).title_sv == "bildningsdirektören"
    assert page_import(text=STRANDBY_SV, organisation_name=STRANDBY).page_unchanged
