"""A third batch of page shapes seen on real description pages (a numbered list of resources with a
dash line under each, a register notice with a lettered list of its systems, criteria after a colon),
each rule written with words of our own."""

from tietovaranto.importer.fields import ParsedItem, criteria_in_sentence
from tietovaranto.importer.parser import parse_page

NUMBERED_PAGE = (
    "Asiakirjajulkisuuskuvaus\n\n"
    "Esimerkkilän kunnan tietoaineistot\n\n"
    "Tekninen lautakunta\n\n"
    " 1. Rakennusvalvonnan tietovaranto, lupapalvelujärjestelmä\n"
    "  – rakennuslupien hakemukset, päätökset ja katselmusten pöytäkirjat\n"
    " 2. Liikuntapaikkojen tietovaranto/rekisteri\n"
    "  – vuorojen varaajien yhteystiedot ja laskutus\n"
)


def test_a_system_named_after_a_comma_in_the_resource_name_is_its_item() -> None:
    page = parse_page(NUMBERED_PAGE)
    names = [r.name for r in page.all_resources()]
    assert names == ["Rakennusvalvonnan tietovaranto", "Liikuntapaikkojen tietovaranto/rekisteri"]
    building = page.all_resources()[0]
    assert building.items == [ParsedItem("lupapalvelujärjestelmä", "system")]


def test_one_dash_line_under_a_numbered_resource_says_what_it_holds() -> None:
    page = parse_page(NUMBERED_PAGE)
    sports = page.all_resources()[1]
    assert sports.description == ["vuorojen varaajien yhteystiedot ja laskutus"]
    assert sports.items == []


def test_the_owners_heading_over_its_data_sets_is_no_resource() -> None:
    page = parse_page(NUMBERED_PAGE)
    assert "Esimerkkilän kunnan tietoaineistot" not in [r.name for r in page.all_resources()]
    assert [a.name for a in page.areas] == ["Tekninen lautakunta"]


def test_lettered_lines_are_a_list_of_items() -> None:
    page = parse_page(
        "Rekisteriseloste\n\n"
        "Opiskelijarekisteri\n\n"
        "Rekisteriin kuuluvat seuraavat järjestelmät:\n"
        "a. Opintohallinnon järjestelmä\n"
        "b. Hakijarekisteri\n"
        "c. Todistusten tulostusohjelma\n"
    )
    (resource,) = page.all_resources()
    assert [(i.name, i.kind) for i in resource.items] == [
        ("Opintohallinnon järjestelmä", "system"),
        ("Hakijarekisteri", "register"),
        ("Todistusten tulostusohjelma", "system"),
    ]


def test_a_name_label_heading_is_named_by_the_sentence_under_it() -> None:
    page = parse_page(
        "Rekisteriseloste\n\n"
        "1. Rekisterin nimi\n\n"
        "Rekisterin nimi on Esimerkkilän kaupungin vuokralaisrekisteri, johon kuuluu asuntojen jonotiedot.\n"
    )
    assert [r.name for r in page.all_resources()] == ["Esimerkkilän kaupungin vuokralaisrekisteri"]


def test_search_words_listed_after_a_colon_are_criteria() -> None:
    assert criteria_in_sentence(
        "Rekisteristä löytää tietoa näillä hakusanoilla: hakijan nimi, lupanumero ja kiinteistötunnus."
    ) == ["hakijan nimi", "lupanumero", "kiinteistötunnus"]


def test_an_adessive_compound_the_dictionary_lacks_is_read_by_its_last_part() -> None:
    assert criteria_in_sentence(
        "Tietoja voi hakea esimerkiksi hankkeen nimellä tai aineiston edelleenluovutuspäivällä."
    ) == ["hankkeen nimi", "aineiston edelleenluovutuspäivä"]
