"""Shapes found on pages of the held-out check set (/work/hC/pages), each with a short excerpt of the
page's own text: what a records manager would keep of the draft, not one page's wording."""

from tietovaranto.importer.parser import ParsedPage, ParsedResource, parse_page


def names(page: ParsedPage) -> list[str]:
    return [resource.name for resource in page.all_resources()]


def items(resource: ParsedResource) -> list[tuple[str, str]]:
    return [(item.name, item.kind) for item in resource.items]


def test_bullets_naming_a_resource_before_its_purpose_are_resources_of_the_area_above() -> None:
    # Parainen: "• X:n tietovaranto: what it is for. Tietojärjestelmät: A, B" under an area heading
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietovarannot ja niiden käyttötarkoitukset\n\n"
        "Paraisten kaupungin tietovarannot ovat sen tehtävien hoidon myötä muodostuneita laajempia "
        "tietokokonaisuuksia.\n\n"
        "Konsernipalvelut\n\n"
        " • Hallintopalveluiden tietovaranto: lakisääteisten tehtävien hoitamiseen liittyvä asiankäsittely. "
        "Tietojärjestelmät: asianhallintajärjestelmä, tietohallinnon järjestelmät\n"
        " • Talouspalveluiden tietovaranto: taloushallintoon liittyvä asiankäsittely. Tietojärjestelmät: "
        "kaupungin talousasioiden hoitoon liittyvät tietojärjestelmät\n\n"
        "Tekniset tukipalvelut\n\n"
        " • Palvelutoimintojen tietovaranto: ruoka- ja siivouspalveluiden tuottamisessa tarvittavat "
        "tietoaineistot.\n"
    )
    assert [area.name for area in page.areas] == ["Konsernipalvelut", "Tekniset tukipalvelut"]
    assert [[r.name for r in area.resources] for area in page.areas] == [
        ["Hallintopalveluiden tietovaranto", "Talouspalveluiden tietovaranto"],
        ["Palvelutoimintojen tietovaranto"],
    ]
    first, second, third = page.all_resources()
    assert first.description == ["lakisääteisten tehtävien hoitamiseen liittyvä asiankäsittely."]
    assert items(first) == [("asianhallintajärjestelmä", "system"), ("tietohallinnon järjestelmät", "system")]
    assert items(second) == [("kaupungin talousasioiden hoitoon liittyvät tietojärjestelmät", "system")]
    assert third.description
    assert not third.items


def test_swedish_resource_bullets_with_their_systems_on_the_next_line() -> None:
    # Parainen in Swedish: the systems follow each bullet as a labelled line; the page is cut off
    # after the last bullet's name
    page = parse_page(
        "Beskrivning av handlingars offentlighet\n\n"
        "Informationslager och deras användningsändamål\n\n"
        "Pargas stads informationslager är stora informationshelheter som bildats i och med skötseln av "
        "stadens uppgifter.\n\n"
        "Koncerntjänster\n\n"
        "- Informationslager inom förvaltningstjänster: ärendehantering som hänför sig till skötseln av "
        "lagstadgade uppgifter\n\n"
        "Informationssystem: ärendehanteringssystem, informationsförvaltningens system\n\n"
        "-  Informationslager inom ekonomitjänster: ärendehantering som hänför sig till "
        "ekonomiförvaltning\n\n"
        "Informationssystem: informationssystem som hänför sig till skötseln av stadens ekonomi\n\n"
        "-  Informationslager inom näringslivstjänst\n"
    )
    assert [area.name for area in page.areas] == ["Koncerntjänster"]
    assert names(page) == [
        "Informationslager inom förvaltningstjänster",
        "Informationslager inom ekonomitjänster",
        "Informationslager inom näringslivstjänst",
    ]
    first, second, last = page.all_resources()
    assert first.description == ["ärendehantering som hänför sig till skötseln av lagstadgade uppgifter"]
    assert items(first) == [
        ("ärendehanteringssystem", "system"),
        ("informationsförvaltningens system", "system"),
    ]
    assert items(second) == [("informationssystem som hänför sig till skötseln av stadens ekonomi", "system")]
    assert not last.description
    assert not last.items


def test_headings_over_parts_of_a_resource_stay_in_the_resource() -> None:
    # Helsinki: "Asiakastietovarannon kuvaus, ylläpito ja rekisterit" is a part of "Asiakastietovaranto"
    page = parse_page(
        "Kaupunkiyhteiset tietovarannot\n\n"
        "Kaupunkiyhteisillä tietovarannoilla tarkoitetaan loogisia tietovarantoja, joiden muodostamiseen "
        "osallistuvat tyypillisesti kaikki kaupungin toimijat.\n\n"
        "Asiakastietovaranto\n\n"
        "Asiakastietoa käytetään yhteydenpidossa ja palvelujen järjestämisessä asiakkaille.\n\n"
        "Asiakastietovarannon kuvaus, ylläpito ja rekisterit\n\n"
        "Asiakastietovarantoon muodostuu tietoa lukuisista eri palveluprosesseista.\n\n"
        "Asiakastietovarannon tietoaineistot\n\n"
        "Asiakastietovaranto koostuu tietoaineistoista, jotka on kerätty tietojärjestelmittäin.\n"
    )
    assert [area.name for area in page.areas] == ["Kaupunkiyhteiset tietovarannot"]
    (resource,) = page.all_resources()
    assert resource.name == "Asiakastietovaranto"
    assert len(resource.description) == 3


def test_a_units_resources_heading_over_parts_of_a_resource_is_one_resource() -> None:
    # Helsinki: "Sisäisen tarkastuksen tietovarannot" has the parts only a resource has; the sentence
    # a link broke over two lines is one line, not an area heading
    page = parse_page(
        "Kaupunginkanslian tietovarannot\n\n"
        "Kaupunginkanslia huolehtii kaupungin keskushallinnosta.\n\n"
        "Sisäisen tarkastuksen tietovarannot\n\n"
        "Sisäinen tarkastus on osa sisäistä valvontaa.\n\n"
        "Tietovarantojen kuvaus, ylläpito ja rekisterit\n\n\n"
        "Sisäisen tarkastuksen tietovarantoon kuuluvat tarkastusraportit ja tarkastukseen liittyvä "
        "henkilörekisteri.\n\n"
        "Lisätietoja tietoaineistojen käsittelystä ja säilytysajoista\n"
        "on tiedonohjaussuunnitelmassa (TOS)\n\n"
        " • 00 03 03 Sisäinen tarkastus\n\n"
        "Elinkeino-osaston tietovarannot\n\n"
        "Elinkeino-osasto huolehtii kaupungin elinkeinopolitiikasta.\n\n"
        "Henkilörekisterit, joista lisätietoja on tietosuojaselosteissa:\n\n"
        " • Etäneuvonta- ja ryhmäajanvarauspalvelut kansainvälisille osaajille\n"
        " • Kaupunkiakatemian viestinnän yhteystietorekisteri\n"
        " • Ohjaamotoiminta\n"
    )
    assert [area.name for area in page.areas] == ["Kaupunginkanslian tietovarannot"]
    assert names(page) == ["Sisäisen tarkastuksen tietovarannot", "Elinkeino-osaston tietovarannot"]
    internal_audit, business = page.all_resources()
    assert len(internal_audit.description) == 2
    assert not internal_audit.items
    # the list's label says what they are, whatever their names sound like
    assert {kind for _name, kind in items(business)} == {"register"}
    assert len(business.items) == 3
    assert any(text.startswith("Lisätietoja tietoaineistojen") for _line, text in page.unplaced)


def test_a_link_row_the_whole_index_heading_and_an_areas_services_are_not_catalog_content() -> None:
    # Kurikka: four links side by side, "2. Kurikan kaupungin tietovarannot" over all areas, and an
    # area's services listed as bullets above the resources it holds
    page = parse_page(
        "Asiakirjajulkisuuskuvaus (vahvistamaton)\n\n"
        "Esityslistat Pöytäkirjat Viranhaltijapäätökset Sidonnaisuusrekisteri\n\n"
        "2. Kurikan kaupungin tietovarannot\n\n"
        "Tietovarannolla tarkoitetaan kaupungille kuuluvien tehtävien hoidossa käytettäviä "
        "tietoaineistoja sisältävää kokonaisuutta.\n\n"
        "Elinvoima\n\n"
        " • Elinvoimapalvelut\n"
        " • Lomituspalvelut\n"
        " • Maaseutupalvelut\n\n"
        "Tietovarannot: asiakasrekisterit, avustushakemusten asiakasrekisteri.\n"
        "Tietojärjestelmät: väestötietokanta, asia- ja asiakirjahallintaohjelmisto.\n"
        "Asiasanat: asiakkaan nimi, asiatunnus.\n"
    )
    assert [area.name for area in page.areas] == ["Elinvoima"]
    (area,) = page.areas
    assert area.description == ["Elinvoimapalvelut, Lomituspalvelut, Maaseutupalvelut"]
    (resource,) = page.all_resources()
    assert items(resource) == [
        ("asiakasrekisterit", "register"),
        ("avustushakemusten asiakasrekisteri", "register"),
        ("väestötietokanta", "system"),
        ("asia- ja asiakirjahallintaohjelmisto", "system"),
    ]
    assert resource.keywords == ["asiakkaan nimi", "asiatunnus"]
    assert not resource.facts.criteria
    assert (3, "Esityslistat Pöytäkirjat Viranhaltijapäätökset Sidonnaisuusrekisteri") in page.ignored
    assert any(text == "Kurikan kaupungin tietovarannot" for _line, text in page.unplaced)


def test_the_rows_of_a_table_that_lost_its_columns_stay_unplaced() -> None:
    # Savukoski: the table's cells were joined with spaces; no row can be split into its columns
    page = parse_page(
        "SAVUKOSKEN KUNNAN TIETOVARANNOT\n\n"
        " • Hallinto\n\n"
        "  Rekisteri / Tietovaranto Käyttötarkoitus Rekisterinpitäjä\n"
        "  Asianhallinnan rekisteri ja tietovaranto Kuntaan vireille tulleet asiat ja asiakirjat, diaari "
        "Kunnanhallitus /\n"
        "  Sidonnaisuusrekisteri Kunnan luottamushenkilöiden ja viranhaltijoiden sidonnaisuustietojen "
        "ylläpito Tarkastuslautakunta\n"
    )
    assert not page.all_resources()
    assert not page.areas
    assert page.flattened_tables == [(5, "Rekisteri / Tietovaranto Käyttötarkoitus Rekisterinpitäjä", 2)]
    assert [line for line, _text in page.unplaced][-3:] == [5, 6, 7]


def test_a_heading_over_a_resources_list_of_systems_makes_them_systems() -> None:
    # Vantaa 2021: the label over the list written as a heading, with no colon
    page = parse_page(
        "Tietovarannot\n\n"
        "Aikuisopiston tietovaranto\n\n"
        "Aikuisopiston tietovaranto sisältää opiskelijoiden tiedot.\n\n"
        "Tietovarannon toteuttavat tietojärjestelmät\n\n"
        " • Kursor\n"
        " • Opintorekisteri\n"
    )
    (resource,) = page.all_resources()
    assert items(resource) == [("Kursor", "system"), ("Opintorekisteri", "system")]
