"""Shapes of description pages the importer had never seen (a small municipality, two Swedish-speaking
ones, a company that runs an education provider), each written with words of our own for its rule."""

from tietovaranto.importer.fields import (
    Contact,
    ParsedItem,
    case_register_systems,
    criteria_in_sentence,
    nominative_of_elative,
    parse_contacts,
)
from tietovaranto.importer.parser import parse_page


def test_the_swedish_title_with_the_definite_form_is_the_page_title_not_an_area() -> None:
    page = parse_page(
        "Beskrivning av handlingarnas offentlighet\n\n"
        "Beskrivningen hjälper invånarna att begära handlingar av kommunen.\n\n"
        "Ärenderegister\n\n"
        "Ärenderegistret innehåller uppgifter om inledda ärenden och deras behandling.\n"
    )
    assert page.title == "Beskrivning av handlingarnas offentlighet"
    assert not page.areas
    assert [r.name for r in page.all_resources()] == ["Ärenderegister"]


def test_the_request_heading_and_the_address_in_a_long_paragraph_are_the_registry_office() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietopyynnön toimittaminen\n\n"
        "Esimerkkilän kunnalle osoitetun tietopyynnön voi lähettää kunnan sähköpostiin "
        "kirjaamo@esimerkkila.fi. Kunnan hallinto kirjaa pyynnön ja vie sen viipymättä oikealle "
        "viranhaltijalle. Autamme tarvittaessa yksilöimään asiakirjan, ja toisen viranomaisen asiat "
        "siirretään sille hallintolain mukaan.\n\n"
        "Asiarekisteri\n\n"
        "Kunta pitää asiarekisteriä vireille tulleista asioista ja niiden asiakirjoista.\n"
    )
    assert not page.areas  # the heading opens the request section, not a service area
    assert Contact("email", "kirjaamo@esimerkkila.fi") in page.registry + page.facts.contacts
    assert [r.name for r in page.all_resources()] == ["Asiarekisteri"]


def test_a_paragraph_with_the_purpose_and_the_criteria_keeps_both() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Ympäristövalvonnan rekisteri\n\n"
        "Ympäristövalvonnan rekisteri sisältää ympäristölupien ja tarkastusten tiedot. "
        "Hakutekijöinä voidaan käyttää esimerkiksi kiinteistötunnusta ja luvan numeroa.\n"
    )
    (resource,) = page.all_resources()
    assert resource.description == [
        "Ympäristövalvonnan rekisteri sisältää ympäristölupien ja tarkastusten tiedot."
    ]
    assert resource.facts.criteria == ["kiinteistötunnus", "luvan numero"]


def test_criteria_said_with_the_verb_hakea_and_adessive_examples() -> None:
    assert criteria_in_sentence(
        "Tietoja voi hakea esim. päätöksen otsikolla, lautakunnan nimellä sekä kokouspäivillä."
    ) == ["päätöksen otsikko", "lautakunnan nimi", "kokouspäivä"]
    # a sentence that searches for nothing is no list of criteria
    assert criteria_in_sentence("Asukkaat voivat hakea avustusta esimerkiksi kesäleiriin.") == []


def test_an_address_label_names_the_kind_and_a_street_line_joins_its_postcode() -> None:
    assert parse_contacts("e-postadress: registratur@exempel.fi") == [
        Contact("email", "registratur@exempel.fi")
    ]
    page = parse_page(
        "Beskrivning av handlingarnas offentlighet\n\n"
        "Begäran om information\n\n"
        "e-postadress: registratur@exempel.fi\n\n"
        "Exempel kommun\n"
        "Storgatan 12\n"
        "65999 Exempel\n\n"
        "Ärenderegister\n\n"
        "Ärenderegistret innehåller uppgifter om ärenden.\n"
    )
    contacts = page.registry + page.facts.contacts
    assert Contact("email", "registratur@exempel.fi") in contacts
    assert Contact("postal", "Storgatan 12, 65999 Exempel") in contacts
    assert not [c for c in contacts if c.kind == "person" and c.value in ("e-postadress", "Storgatan 12")]


def test_a_piece_of_a_prose_sentence_is_not_a_named_recipient() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietopyynnöt\n\n"
        "Pyyntö kannattaa yksilöidä tarkasti. Esimerkiksi asiakirjan päivämäärä tai otsikko kannattaa "
        "kertoa, jos se on tiedossa.\n\n"
        "Opiskelijarekisteri\n\n"
        "Opiskelijarekisteri sisältää opiskelijoiden henkilötiedot ja suoritukset.\n"
    )
    persons = [c.value for c in page.registry + page.facts.contacts if c.kind == "person"]
    assert "jos se on tiedossa" not in persons
    assert [r.name for r in page.all_resources()] == ["Opiskelijarekisteri"]


def test_an_images_alternative_text_above_the_title_is_neither_title_nor_content() -> None:
    page = parse_page(
        "piirroskuva arkistohyllystä ja kansioista\n\n"
        "Asiakirjajulkisuuskuvaus\n\n"
        "Opiskelijarekisteri\n\n"
        "Opiskelijarekisteri sisältää opiskelijoiden henkilötiedot ja suoritukset.\n"
    )
    assert page.title == "Asiakirjajulkisuuskuvaus"
    assert (1, "piirroskuva arkistohyllystä ja kansioista") in page.ignored
    assert not page.unplaced
    assert [r.name for r in page.all_resources()] == ["Opiskelijarekisteri"]


def test_a_systems_product_name_parted_from_its_kind_by_a_space_stays_in_the_name() -> None:
    assert case_register_systems(["Asiarekisteriä pidetään Arkki- asianhallintajärjestelmässä."]) == [
        ParsedItem("Arkki-asianhallintajärjestelmä", "system")
    ]
    # an elided pair is still two systems
    assert case_register_systems(
        ["Asiat kirjataan Virta-asianhallinta- ja Arkki-prosessinhallintajärjestelmiin."]
    ) == [
        ParsedItem("Virta-asianhallintajärjestelmä", "system"),
        ParsedItem("Arkki-prosessinhallintajärjestelmä", "system"),
    ]


def test_items_listed_in_the_elative_after_koostuu_are_named_in_the_base_form() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Opintorekisteri\n\n"
        "Opintorekisteri koostuu:\n\n"
        " • Opiskelijahallinnon järjestelmästä\n"
        " • Arvosanojen ja todistusten rekistereistä\n"
        " • Paperiaineistosta\n"
    )
    (resource,) = page.all_resources()
    assert [item.name for item in resource.items] == [
        "Opiskelijahallinnon järjestelmä",
        "Arvosanojen ja todistusten rekisteri",
        "Paperiaineisto",
    ]
    assert resource.items[0].kind == "system"
    # a name with its own head first keeps its elative: "Tiedot asiakkaista" is named as written; so
    # does a word with two readings ("tietokannoista": tietokanta or tietokanto)
    assert nominative_of_elative("Tiedot asiakkaista") == "Tiedot asiakkaista"
    assert nominative_of_elative("Tietokannoista") == "Tietokannoista"
