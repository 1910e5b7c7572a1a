"""The parser on the real Kaarina page and on pages of other shapes."""

from tests.pages import ESIMERKKILA_HTML, ESIMERKKILA_TEXT, kaarina_page
from tietovaranto.importer.fields import Contact, parse_item, split_title_and_name
from tietovaranto.importer.parser import ParsedPage, ParsedResource, parse_page


def resource(page: ParsedPage, name: str) -> ParsedResource:
    return next(r for r in page.all_resources() if r.name == name)


def test_kaarina_areas_and_resources_in_order() -> None:
    page = parse_page(kaarina_page())
    assert page.title == "Palvelujen ja toimintojen tietovarannot"
    assert [(a.name, [r.name for r in a.resources]) for a in page.areas] == [
        (
            "Kanslia- ja viestintäpalvelut",
            ["Asiakastietovaranto", "Viestinnän tietovaranto", "Tiedonhallinnan tietovaranto"],
        ),
        ("Henkilöstöpalvelut", ["Henkilöstötietovaranto"]),
        ("Talous- ja hankintapalvelut", ["Taloushallinnon tietovarannot"]),
        ("Tietohallinto", ["Tietohallinto"]),
    ]
    assert page.unplaced == []
    assert [text for _line, text in page.ignored] == ["Sivua päivitetään.", "Jaa"]


def test_kaarina_items_keep_kinds_and_notes_and_skip_section_headings() -> None:
    page = parse_page(kaarina_page())
    customers = resource(page, "Asiakastietovaranto")
    assert ("Asianhallintajärjestelmä", "system", "katso kaupungin asiarekisteri") in [
        (i.name, i.kind, i.note) for i in customers.items
    ]
    assert ("Luottamushenkilörekisteri", "register", "tietokanta") in [
        (i.name, i.kind, i.note) for i in customers.items
    ]
    assert ("Sidonnaisuusilmoituspalvelu", "system", "kansallinen järjestelmä") in [
        (i.name, i.kind, i.note) for i in customers.items
    ]
    communication = resource(page, "Viestinnän tietovaranto")
    names = [i.name for i in communication.items]
    assert "Tietojärjestelmät" not in names  # a heading inside the list, not an item
    assert {i.name: i.kind for i in communication.items}["Intrajärjestelmä"] == "system"
    assert {i.name: i.kind for i in communication.items}["Viestinnän valokuva-aineistot"] == "dataset"
    assert sum(len(r.items) for r in page.all_resources()) == 42


def test_plural_heading_with_sub_resources_is_one_resource() -> None:
    finance = resource(parse_page(kaarina_page()), "Taloushallinnon tietovarannot")
    items = {(i.name, i.kind): i.note for i in finance.items}
    # listed first as a sub-resource, described later: one item with its note
    assert items[("Talouden tietovaranto", "collection")].startswith("kaupungin tilinpäätökset")
    assert [i.name for i in finance.items].count("Talouden tietovaranto") == 1
    assert items[("Maksuliikenneohjelma", "system")] == "kaupungin maksuliikenteen hoitaminen pankkien kanssa"
    assert finance.facts.criteria == [
        "hetu",
        "y-tunnus",
        "toimittajanumero",
        "asiakasnumero",
        "tapahtumanumero",
    ]


def test_area_without_resource_heading_becomes_one_resource() -> None:
    it = resource(parse_page(kaarina_page()), "Tietohallinto")
    assert it.implicit
    assert [(i.name, i.kind, i.note) for i in it.items][-1] == (
        "Puhelinliittymien käyttäjähakemisto",
        "system",
        "Telia VIP",
    )
    assert it.facts.contacts == [
        Contact("person", "Tietohallintojohtaja Kari Hölsö"),
        Contact("phone", "050 373 2550"),
        Contact("email", "kari.holso@kaarina.fi"),
    ]


def test_kaarina_contacts_deciders_and_obfuscated_addresses() -> None:
    page = parse_page(kaarina_page())
    customers = resource(page, "Asiakastietovaranto")
    assert customers.facts.contacts == [
        Contact("email", "kirjaamo@kaarina.fi"),
        Contact("postal", "PL 12, 20781 Kaarina"),
        Contact("phone", "050 302 6151"),
    ]
    archive = resource(page, "Tiedonhallinnan tietovaranto")
    assert archive.facts.contacts[0] == Contact("person", "Kaarinan kaupunginarkisto")
    assert Contact("phone", "046 9216631") in archive.facts.contacts
    personnel = resource(page, "Henkilöstötietovaranto")
    assert Contact("email", "maija.hanhiala@kaarina.fi") in personnel.facts.contacts
    for parsed in page.all_resources():
        decider = parsed.facts.decider
        assert decider is not None
        assert (decider.title, decider.name, decider.email, decider.phone) == (
            "Hallintojohtaja",
            "Päivi Antola",
            "paivi.antola@kaarina.fi",
            "02 588 4105, 050 541 5160",
        )


def test_kaarina_interface_statements_are_classified_with_their_sentences() -> None:
    page = parse_page(kaarina_page())
    facts = {r.name: {(f.aspect, f.status) for f in r.facts.interface} for r in page.all_resources()}
    assert facts["Asiakastietovaranto"] == {("open", "yes")}
    assert facts["Viestinnän tietovaranto"] == {("open", "unknown"), ("authorities", "no")}
    assert facts["Tiedonhallinnan tietovaranto"] == {("authorities", "no")}
    assert facts["Henkilöstötietovaranto"] == {("authorities", "yes")}
    assert facts["Taloushallinnon tietovarannot"] == set()
    sentence = resource(page, "Henkilöstötietovaranto").facts.interface[0].text
    assert sentence == "Tilikunnan järjestelmistä tietoa luovutetaan verohallinnon tuloverorekisteriin."


def test_page_with_organisation_and_area_wide_statements() -> None:
    page = parse_page(ESIMERKKILA_TEXT)
    assert page.title == "Tietovarannot ja asiarekisteri"
    assert page.facts.criteria == ["diaarinumero", "asian nimi"]
    assert page.facts.contacts[1] == Contact("postal", "Kunnantalontie 1, 12345 Esimerkkilä")
    social = page.areas[0]
    assert social.facts.decider is not None
    assert social.facts.decider.email == "liisa.esimerkki@esimerkkila.fi"  # [at] pattern resolved
    register = resource(page, "Sosiaalihuollon asiakasrekisteri")
    assert register.description == ["Sosiaalihuollon asiakkuuksien hoitaminen ja toimeentulotuen päätökset."]
    assert register.facts.criteria == ["asiakkaan nimi", "hetu", "asiakasnumero"]
    assert {(f.aspect, f.status) for f in register.facts.interface} == {
        ("authorities", "yes"),
        ("open", "no"),
    }
    environment = resource(page, "Ympäristöpalvelut")
    assert environment.implicit
    assert ("Lupapiste", "system") in [(i.name, i.kind) for i in environment.items]
    assert page.unplaced == []
    assert page.ignored == [(58, "Sivu päivitetty 1.9.2026")]


def test_saved_html_page_uses_heading_levels_and_skips_navigation() -> None:
    page = parse_page(ESIMERKKILA_HTML)
    assert page.title == "Asiakirjajulkisuuskuvaus"
    assert [(a.name, [r.name for r in a.resources]) for a in page.areas] == [
        ("Sivistyspalvelut", ["Opetuksen tietovaranto", "Kirjaston tietovaranto"]),
        ("Tekniset palvelut", ["Tekniset palvelut"]),
    ]
    teaching = resource(page, "Opetuksen tietovaranto")
    assert [(i.name, i.kind) for i in teaching.items] == [
        ("Oppilasrekisteri", "register"),
        ("Todistusarkisto", "collection"),
        ("Oppilashallintojärjestelmä", "system"),
    ]
    assert teaching.facts.decider is not None
    assert teaching.facts.decider.name == "Olli Opettaja"
    assert teaching.facts.interface[0].status == "no"
    assert page.unplaced == []


def test_unplaceable_lines_are_reported_with_line_numbers() -> None:
    page = parse_page(
        "Palvelut\n\nAsiakasrekisteri\n\nKeskeiset rekisterit\n • A-rekisteri\nTämä rivi on outo lause.\n"
    )
    assert page.unplaced == [(7, "Tämä rivi on outo lause.")]


def test_titles_are_told_from_names() -> None:
    assert split_title_and_name("Hallintojohtaja Päivi Antola") == ("Hallintojohtaja", "Päivi Antola")
    assert split_title_and_name("Maija Hanhiala") == ("", "Maija Hanhiala")
    assert split_title_and_name("Tietohallintojohtaja Kari Hölsö") == ("Tietohallintojohtaja", "Kari Hölsö")


def test_item_names_and_notes() -> None:
    assert parse_item("Puhelinliittymien käyttäjähakemisto; Telia VIP").note == "Telia VIP"
    assert parse_item("Palkanlaskenta- ja hr-järjestelmän rekisteri").kind == "register"
    assert parse_item("Kaupunginarkiston arkistokokoelmat").kind == "collection"


def test_the_packaged_demo_page_is_the_published_kaarina_page() -> None:
    from tests.pages import PACKAGED_SEED, SHARED_SEED

    if SHARED_SEED.exists():
        assert PACKAGED_SEED.read_bytes() == SHARED_SEED.read_bytes()
    assert parse_page(PACKAGED_SEED.read_text(encoding="utf-8")).all_resources()
