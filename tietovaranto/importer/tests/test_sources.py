"""import-page with several files or addresses: a real HTTP server on 127.0.0.1 serves saved pages."""

import sys
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT
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
from tietovaranto.importer import sources
from tietovaranto.importer.parser import parse_pages
from tietovaranto.importer.sources import SourceError, collect, section_links
from tietovaranto.importer.tests.site import UNREACHABLE_PORT, Site, serve

pytestmark = pytest.mark.django_db
ORG = "Esimerkkilän kunta"

INDEX = """<!DOCTYPE html><html lang="fi"><body>
<nav><a href="/">Etusivu</a> <a href="/muu/sivu.html">Muu osio</a></nav>
<main><h1>Asiakirjajulkisuuskuvaus</h1>
<p>Kuvaus on jaettu palvelualueittain:</p>
<ul><li><a href="sivistys.html">Sivistyspalvelut</a></li>
<li><a href="/kuvaus/tekniset.html#alku">Tekniset palvelut</a></li>
<li><a href="sivistys.html">Sivistyspalvelut uudelleen</a></li>
<li><a href="puuttuu.html">Vanha linkki</a></li>
<li><a href="liite.pdf">Liite (pdf)</a></li>
<li><a href="mailto:kirjaamo@esimerkkila.fi">kirjaamo</a></li>
<li><a href="http://localhost:{port}/kuvaus/toinen-palvelin.html">toinen palvelin</a></li>
<li><a href="/muu/sivu.html">ei tämä osio</a></li></ul>
</main></body></html>"""

SIVISTYS = """<!DOCTYPE html><html lang="fi"><body><main>
<h2>Sivistyspalvelut</h2>
<h3>Opetuksen tietovaranto</h3>
<p>Perusopetuksen oppilaiden tiedot ja opetuksen järjestäminen.</p>
<h4>Keskeiset rekisterit</h4>
<ul><li>Oppilasrekisteri (tietokanta)</li><li>Todistusarkisto</li></ul>
<h4>Tietojärjestelmät</h4>
<ul><li>Oppilashallintojärjestelmä</li></ul>
<p><strong>Hakutekijät:</strong> oppilaan nimi, syntymäaika, koulu</p>
<h3>Kirjaston tietovaranto</h3>
<p>Kirjaston asiakkaat ja lainat.</p>
<ul><li>Kirjaston asiakasrekisteri</li></ul>
<p>Hakutekijät: kirjastokortin numero</p>
</main></body></html>"""

TEKNISET = """<!DOCTYPE html><html lang="fi"><body><main>
<h2>Tekniset palvelut</h2>
<ul><li>Katuvalorekisteri</li></ul>
<p>Hakutekijät: katuosoite</p>
</main></body></html>"""


def counts() -> dict[str, int]:
    models = (
        Organisation,
        ServiceArea,
        InformationResource,
        Item,
        ResourceItem,
        SearchCriterion,
        RequestContact,
        Decider,
        InterfaceStatement,
    )
    return {model.__name__: model.all_objects.count() for model in models}  # drafts too


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        running.html("/kuvaus/", INDEX.replace("{port}", str(running.port)))
        running.html("/kuvaus/sivistys.html", SIVISTYS)
        running.html("/kuvaus/tekniset.html", TEKNISET)
        running.html("/muu/sivu.html", "<p>Muu sivu</p>")
        running.html("/kuvaus/yksi.html", ESIMERKKILA_HTML)
        running.pages["/kuvaus/liite.pdf"] = (200, "application/pdf", b"%PDF-1.7 ...")
        yield running


def run(*args: str) -> str:
    out = StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", StringIO())
        call_command("import-page", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return message


def _catalog(name: str) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    org = Organisation.objects.get(name=name)
    return (
        sorted(InformationResource.objects.filter(organisation=org).values_list("name", flat=True)),
        sorted(Item.objects.filter(organisation=org).values_list("kind", "name")),
        sorted(SearchCriterion.objects.filter(organisation=org).values_list("name", flat=True)),
    )


def test_an_address_is_fetched_and_imported_like_the_saved_file(site: Site, tmp_path: Path) -> None:
    run(site.url("/kuvaus/yksi.html"), "--organisation", ORG, "--publish")
    saved = tmp_path / "yksi.html"
    saved.write_text(ESIMERKKILA_HTML, encoding="utf-8")
    run(str(saved), "--organisation", "Tallennettu", "--publish")
    assert _catalog(ORG) == _catalog("Tallennettu")
    assert _catalog(ORG)[0] == ["Kirjaston tietovaranto", "Opetuksen tietovaranto", "Tekniset palvelut"]


def test_several_files_are_one_description(tmp_path: Path) -> None:
    first, second = tmp_path / "sivistys.html", tmp_path / "tekniset.html"
    first.write_text(SIVISTYS, encoding="utf-8")
    second.write_text(TEKNISET, encoding="utf-8")
    report = run(str(first), str(second), "--organisation", ORG, "--publish")
    assert set(InformationResource.objects.values_list("name", flat=True)) == {
        "Opetuksen tietovaranto",
        "Kirjaston tietovaranto",
        "Tekniset palvelut",
    }
    assert set(ServiceArea.objects.values_list("name", flat=True)) == {
        "Sivistyspalvelut",
        "Tekniset palvelut",
    }
    assert "Information resources: 3 (new 3" in report


def test_follow_fetches_each_linked_page_of_the_section_once_and_nothing_outside(site: Site) -> None:
    out = StringIO()
    err = StringIO()
    call_command(
        "import-page",
        site.url("/kuvaus/"),
        "--follow",
        "--organisation",
        ORG,
        "--publish",
        stdout=out,
        stderr=err,
    )
    assert site.requests == [
        "/kuvaus/",
        "/kuvaus/sivistys.html",
        "/kuvaus/tekniset.html",
        "/kuvaus/puuttuu.html",
        "/kuvaus/liite.pdf",
    ]
    assert set(InformationResource.objects.values_list("name", flat=True)) == {
        "Opetuksen tietovaranto",
        "Kirjaston tietovaranto",
        "Tekniset palvelut",
    }
    warnings = err.getvalue()
    assert "puuttuu.html: the server answered 404 Not Found" in warnings
    assert "liite.pdf: not an HTML or text page (application/pdf)" in warnings


def test_follow_is_bounded_in_count(site: Site) -> None:
    collected = collect([site.url("/kuvaus/")], follow=True, max_followed=1)
    assert [s.label for s in collected.sources] == [site.url("/kuvaus/"), site.url("/kuvaus/sivistys.html")]
    assert any("only the first 1 were fetched" in w for w in collected.warnings)


def test_section_links_stay_on_the_host_and_under_the_directory() -> None:
    html = (
        '<a href="a.html">a</a><a href="/x/b/c.html#k">c</a><a href="../y.html">up</a>'
        '<a href="https://other.example/x/b/d.html">other</a><a href="a.html">again</a><a href="tel:1">t</a>'
    )
    assert section_links(html, "https://site.example/x/b/index.html") == [
        "https://site.example/x/b/a.html",
        "https://site.example/x/b/c.html",
    ]


def test_a_missing_page_is_a_one_line_error_and_nothing_is_written(site: Site) -> None:
    before = counts()
    message = refused(site.url("/kuvaus/ei-ole.html"), "--organisation", ORG)
    assert (
        message
        == f"{site.url('/kuvaus/ei-ole.html')}: the server answered 404 Not Found; nothing was imported"
    )
    assert counts() == before


def test_an_unreachable_address_is_a_one_line_error() -> None:
    url = f"http://127.0.0.1:{UNREACHABLE_PORT}/kuvaus/"
    message = refused(url, "--organisation", ORG)
    assert message.startswith(f"{url}: cannot be reached (")
    assert message.endswith("; nothing was imported")


def test_a_page_that_is_not_html_or_text_is_refused(site: Site) -> None:
    message = refused(site.url("/kuvaus/liite.pdf"), "--organisation", ORG)
    assert "not an HTML or text page (application/pdf)" in message


def test_a_silent_server_times_out(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.pages["/hidas/"] = (0, "text/html", b"1.5")
    monkeypatch.setattr(sources, "TIMEOUT_SECONDS", 0.3)
    message = refused(site.url("/hidas/"), "--organisation", ORG)
    assert message == f"{site.url('/hidas/')}: no answer within 0.3 seconds; nothing was imported"


def test_an_oversized_answer_stops_at_the_limit(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    site.html("/iso/", "<p>" + "tietovaranto " * 2000 + "</p>")
    monkeypatch.setattr(sources, "MAX_BYTES", 4096)
    assert "larger than 4 kB, not a description page" in refused(site.url("/iso/"), "--organisation", ORG)


def test_only_http_addresses_are_fetched() -> None:
    with pytest.raises(SourceError, match="only http and https"):
        collect(["ftp://127.0.0.1/page.html"])


def test_lines_are_named_by_page_and_line(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Tietovarannot\n\nSosiaalihuollon rekisteri\n\nKäyttötarkoitus: Asiakkuudet.\n", "utf-8")
    second.write_text("\nVarhaiskasvatusrekisteri\n\nKäyttötarkoitus: Hakemukset.\n", encoding="utf-8")
    out = run(str(first), str(second), "--organisation", ORG, "--dry-run")
    assert f"Resource: Sosiaalihuollon rekisteri ({first}, line 3)" in out
    assert f"Resource: Varhaiskasvatusrekisteri ({second}, line 2)" in out


def test_dry_run_prints_the_structure_and_writes_nothing(tmp_path: Path) -> None:
    page = tmp_path / "esimerkkila.txt"
    title, rest = ESIMERKKILA_TEXT.split("\n", 1)
    page.write_text(f"{title}\nIrrallinen lause ilman paikkaa.\n{rest}", encoding="utf-8")
    before = counts()
    out = run(str(page), "--organisation", ORG, "--dry-run")
    assert counts() == before
    assert "Organisation: Esimerkkilän kunta (dry run: nothing was written)" in out
    assert "  Search criteria: diaarinumero; asian nimi" in out  # stated for the whole organisation
    assert "Service area: Sosiaali- ja terveyspalvelut (line 11)" in out
    assert "  Decider: Sosiaalijohtaja Liisa Esimerkki (liisa.esimerkki@esimerkkila.fi)" in out
    assert "  Resource: Sosiaalihuollon asiakasrekisteri (line 15)" in out
    assert "    Registers: Sosiaalihuollon asiakasrekisteri (tietokanta)" in out
    assert "    Systems: Asiakastietojärjestelmä Pro" in out
    assert "    Search criteria: asiakkaan nimi; hetu; asiakasnumero" in out
    assert "    Interface authorities: yes – Tietoja luovutetaan Kelalle teknisen rajapinnan kautta." in out
    assert "Lines not placed: 1\n  line 2: Irrallinen lause ilman paikkaa." in out
    assert "Ignored page noise: 1 line(s)\n  line 59: Sivu päivitetty 1.9.2026" in out


def test_dry_run_shows_the_keywords_the_import_has_no_field_for(tmp_path: Path) -> None:
    page = tmp_path / "asiasanat.txt"
    page.write_text(
        "Tietovarannot\n\nElinvoima\n\nTietojärjestelmät: väestötietokanta.\n"
        "Asiasanat: asiakkaan nimi, asiatunnus.\n",
        encoding="utf-8",
    )
    out = run(str(page), "--organisation", ORG, "--dry-run")
    assert "\n  Keywords (not imported): asiakkaan nimi; asiatunnus\n" in out


def test_dry_run_says_when_the_page_would_be_refused(tmp_path: Path) -> None:
    page = tmp_path / "otsikot.txt"
    page.write_text("Tietovarannot\n\nHallinto\n\nRekisterit\n\nArkisto\n", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import-page", str(page), "--organisation", ORG, "--dry-run", stdout=out, stderr=StringIO()
        )
    assert caught.value.returncode == 2  # exit code 0 before, as if the page would be imported
    assert "Would be refused: " in out.getvalue()  # with what it recognised


def test_parse_pages_keeps_every_pages_lines_apart() -> None:
    page = parse_pages(["Tietovarannot\n\nEka rekisteri\n\nKuvaus.\n", "Toka rekisteri\n\nKuvaus.\n"])
    names = [(r.name, r.line) for r in page.all_resources()]
    assert names == [("Eka rekisteri", 3), ("Toka rekisteri", 7)]


def test_the_import_command_and_the_desk_read_a_sites_repeated_navigation_once() -> None:
    """Several fetched pages repeat the site's menu: what the command and the desk show and import
    (preview.describe) reads it from the first page only, and lists the later copies as page noise
    at their own page's lines."""
    from tietovaranto.importer.preview import describe

    chrome = "<div class='menu'><p>Etusivu</p></div><h1>Kuvaus</h1><p>Palveluhakemisto</p>"
    pages = [
        f"<body>{chrome}<h2>Tietopyynnöt</h2><ul><li>kirjaamo@kunta.fi</li></ul></body>",
        f"<body>{chrome}<h2>Hallinto</h2><h3>Talous</h3><p>Tietojärjestelmät: Raindance</p></body>",
        f"<body>{chrome}<h2>Hallinto</h2><h3>Arkisto</h3><p>Tietojärjestelmät: Dynasty</p></body>",
    ]
    description = describe(
        sources.Collected([sources.Source(f"sivu-{n}.html", text) for n, text in enumerate(pages, 1)])
    )
    page = description.page
    assert [(a.name, [r.name for r in a.resources]) for a in page.areas] == [
        ("Hallinto", ["Talous", "Arkisto"])
    ]
    assert [text for _line, text in page.unplaced].count("Palveluhakemisto") <= 1
    noise = [(description.where(line), text) for line, text in page.ignored if text == "Palveluhakemisto"]
    assert [where.split(",")[0] for where, _text in noise] == ["sivu-2.html", "sivu-3.html"]
