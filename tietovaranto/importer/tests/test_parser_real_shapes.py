"""Shapes found on real description pages of state agencies, joint authorities and regional councils.

Each page is written for its rule with words of our own, so a rule keyed to one fixture's wording fails."""

from tietovaranto.importer.fields import Contact, has_finite_verb, split_list
from tietovaranto.importer.parser import ParsedPage, ParsedResource, parse_page, parse_pages


def names(page: ParsedPage) -> list[str]:
    return [resource.name for resource in page.all_resources()]


def items(resource: ParsedResource) -> list[tuple[str, str]]:
    return [(item.name, item.kind) for item in resource.items]


def test_a_finite_verb_makes_a_line_a_clause_not_a_name() -> None:
    assert has_finite_verb("Tässä kuvauksessa esitellään")
    assert has_finite_verb("Lue ohjeet tietopyynnön tekemiseen")
    assert not has_finite_verb("Rakennusvalvonnan tiedot")
    assert not has_finite_verb("Asiakas- ja potilastiedot")


def test_lead_in_headings_and_clause_bullets_are_not_resources_or_items() -> None:
    page = parse_page(
        "Tiedonhallinta\n\n"
        "Tässä kuvauksessa esitellään\n\n"
        " • mitä tietoja virastolla on\n"
        " • miten voit pyytää niitä.\n\n"
        "Asiakirjajulkisuuskuvaus ei kata arkistoituja aineistoja\n\n"
        "Kuvaus päivitetään vuosittain.\n\n"
        "Rakennusvalvonnan tietovaranto\n\n"
        "Käyttötarkoitus: rakennuslupien käsittely.\n\n"
        " • Cloudia\n"
        " • Lisätietoja löydät lupapalvelun sivuilta\n"
    )
    (resource,) = page.all_resources()
    assert resource.name == "Rakennusvalvonnan tietovaranto"
    assert items(resource) == [("Cloudia", "system")]


def test_resources_written_one_per_bullet_under_a_plural_heading() -> None:
    page = parse_page(
        "Kuvaus\n\n"
        "2.1 Viraston tietovarannot ja niiden käyttötarkoitus\n\n"
        " • Valvonnan tietovaranto. Käyttötarkoitus: Toimijoiden valvonta ja tarkastukset.\n"
        " • Lupien tietovaranto. Käyttötarkoitus: Lupahakemusten käsittely.\n"
    )
    assert names(page) == ["Valvonnan tietovaranto", "Lupien tietovaranto"]
    assert all(resource.description for resource in page.all_resources())
    assert not page.areas


def test_a_task_name_heading_is_a_resource_when_the_prose_under_it_calls_it_one() -> None:
    page = parse_page(
        "Kuvaus\n\n"
        "Tietopyynnöt\n\n"
        "Tietopyynnöt lähetetään kirjaamoon.\n\n"
        "Opiskelijatiedot\n\n"
        "Opiskelijatietojen tietovaranto sisältää opiskelijoiden henkilötiedot ja suoritukset.\n"
    )
    assert names(page) == ["Opiskelijatiedot"]


def test_a_list_a_sentence_introduces_is_prose_and_nested_bullets_name_systems() -> None:
    resource = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Talouden tietovaranto\n\n"
        "Tietoja käsitellään seuraaviin tarkoituksiin:\n\n"
        " • laskujen käsittely\n"
        " • budjetointi\n\n"
        "Missä tietoja käsitellään?\n\n"
        " • Ostolaskujen käsittely ja maksuliikenne\n"
        "  • Basware, ProE (vanha järjestelmä) ja Raindance.\n"
        " • Kirjanpito\n"
        "  • Kirjanpitojärjestelmä\n"
    ).all_resources()[0]
    assert items(resource) == [
        ("Basware", "system"),
        ("ProE", "system"),
        ("Raindance", "system"),
        ("Kirjanpitojärjestelmä", "system"),
    ]
    assert "laskujen käsittely" in resource.description


def test_a_page_per_resource_keeps_its_sub_headings_and_reads_a_decider_sentence() -> None:
    index = "Kuvaus\n\n1) Opetuksen tietovaranto\n\n2) Talouden tietovaranto\n"
    first = (
        "1) Opetuksen tietovaranto\n\n"
        "Tietovaranto sisältää opetuksen tiedot.\n\n"
        "Tietopyynnöt ja saatavuus\n\n"
        "Oppilasrekisteri:\n\n"
        "Oppilaiden tiedot ovat yhteisessä rekisterissä.\n\n"
        "Tietojen luovuttamisesta päättää oppilaita koskevissa asioissa rehtori ja muissa asioissa "
        "sivistysjohtaja.\n"
    )
    page = parse_pages([index, first])
    assert names(page) == ["Opetuksen tietovaranto", "Talouden tietovaranto"]
    resource = page.all_resources()[0]
    assert items(resource) == [("Oppilasrekisteri", "register")]
    assert resource.facts.decider is not None
    assert resource.facts.decider.title == "sivistysjohtaja"


def test_criteria_introduced_by_hakuperusteilla_and_genitives_sharing_a_head() -> None:
    resource = parse_page(
        "VTV:n asiarekisteri\n\n"
        "Asiarekisteri sisältää viraston asiat.\n\n"
        "Tietoja voidaan hakea asiarekisteristä esimerkiksi seuraavilla hakuperusteilla:\n\n"
        " – hakemuksen tai päätöksen numero\n"
        " – päivämäärä (kirjaamispäivä)\n"
    ).all_resources()[0]
    assert resource.name == "VTV:n asiarekisteri"  # "VTV:n" is a genitive, not a label
    assert resource.facts.criteria == ["hakemuksen tai päätöksen numero", "päivämäärä"]
    assert split_list("asiakkaan ja omaisen nimi, osoite") == ["asiakkaan ja omaisen nimi", "osoite"]


def test_a_case_register_names_its_system_in_prose() -> None:
    named = parse_page(
        "Kuvaus\n\nAsiarekisteri\n\n"
        "Viraston asianhallintajärjestelmä on Dynasty Asianhallinta (Dynasty 10). Sitä käytetään diaarina.\n"
    ).all_resources()[0]
    assert items(named) == [("Dynasty Asianhallinta", "system")]
    by_kind = parse_page(
        "Kuvaus\n\nAsiarekisteri\n\nAsiakirjat tallennetaan sähköisesti asiakirjahallintajärjestelmään.\n"
    ).all_resources()[0]
    assert items(by_kind) == [("asiakirjahallintajärjestelmä", "system")]
    # Luonnonvarakeskus: two named systems sharing one head word
    two = parse_page(
        "Kuvaus\n\nAsiarekisteri\n\nAsiarekisterin tietoja käsitellään ja säilytetään "
        "Virta-asianhallinta- ja Prosessori-prosessinhallintajärjestelmissä.\n"
    ).all_resources()[0]
    assert items(two) == [
        ("Virta-asianhallintajärjestelmä", "system"),
        ("Prosessori-prosessinhallintajärjestelmä", "system"),
    ]
    spread = parse_page(
        "Kuvaus\n\nAsiarekisteri\n\n"
        "Tietoja on asianhallintajärjestelmässä, operatiivisissa järjestelmissä sekä paperilla.\n"
    ).all_resources()[0]
    assert spread.items == []


def test_hand_wrapped_paragraphs_and_labelled_contact_bullets() -> None:
    page = parse_page(
        "Kuvaus\n\n"
        "Virasto ylläpitää kuvausta sen hallinnoimista tietovarannoista ja\n"
        "asiarekisteristä lain mukaisesti.\n\n"
        "Lisätietoja saat viraston kirjaamosta:\n\n"
        " • Sähköposti: kirjaamo@virasto.example.\n"
        " • Postiosoite: Virasto, PL 10, 00100 Helsinki.\n"
    )
    assert page.all_resources() == []
    assert page.registry == [
        Contact("email", "kirjaamo@virasto.example"),
        Contact("postal", "Virasto, PL 10, 00100 Helsinki"),
    ]
