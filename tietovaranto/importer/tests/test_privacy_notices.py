"""Privacy notices (tietosuojaseloste) are read as one register each, not as a description whose
section headings ("Rekisterinpitäjä", "Rekisterin nimi") are resources.

The files in privacy_notices/ are real notices of Finnish authorities as the search tool's stored
pages hold them (their beginnings; see privacy_notices/README.md)."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.pages import ESIMERKKILA_TEXT, kaarina_page
from tietovaranto.catalog.models import InformationResource, Organisation, RequestContact
from tietovaranto.importer.blocks import page_blocks
from tietovaranto.importer.fields import Contact, ParsedItem, email_from_pattern
from tietovaranto.importer.parser import parse_page, parse_pages
from tietovaranto.importer.privacy_notice import UNNAMED, is_privacy_notice
from tietovaranto.importer.sanity import assess

NOTICES = Path(__file__).parent / "privacy_notices"
SECTION_HEADINGS = {"rekisterinpitäjä", "rekisterin nimi", "rekisterin vastuuhenkilö", "tietosuojavastaava"}


def notice(name: str) -> str:
    return (NOTICES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "name", "contacts", "registry"),
    [
        (
            "savonlinna-nuorisovaltuusto.txt",
            "Nuorisovaltuusto",
            [Contact("email", "tietosuojavastaava@savonlinna.fi"), Contact("phone", "050 401 7788")],
            [Contact("postal", "Olavinkatu 27, 57130 Savonlinna")],
        ),
        (
            "kuopio-kansalaistoiminta.txt",
            "Kansalaistoiminnan palveluiden asiakasrekisteri",
            [
                Contact("person", "Hyvinvointikoordinaattori Tanja Tilles-Tirkkonen"),
                Contact("phone", "044 718 2506"),
            ],
            [Contact("postal", "Kirjaamo, PL 228, 70101 Kuopio"), Contact("email", "kirjaamo@kuopio.fi")],
        ),
        (
            "vrk-yhteinentieto.txt",
            "yhteinentieto.fi-käyttäjärekisteri",
            [Contact("person", "Projektipäällikkö Pekka Niemi"), Contact("email", "pekka.niemi@vrk.fi")],
            [Contact("email", "kirjaamo@vrk.fi")],
        ),
        (
            "espoo-digikehitys-tapahtumat.txt",
            "Espoon kaupunki digikehitysyksikkö tapahtumarekisteri",
            [
                Contact("person", "Harri Luttinen, digikehittämispäällikkö"),
                Contact("email", "harri.luttinen@espoo.fi"),
            ],
            [],
        ),
        (
            # the stored copy lost the page's title: the register is named in review
            "porvoo-tiedotejakelu.txt",
            UNNAMED,
            [Contact("person", "Aino-Marja Kontio, Yhteys- ja viestintäjohtaja")],
            [Contact("postal", "Raatihuoneenkatu 9, 06100 Porvoo"), Contact("email", "kirjaamo@porvoo.fi")],
        ),
    ],
)
def test_a_real_privacy_notice_is_one_register_with_its_purpose_and_contacts(
    file: str, name: str, contacts: list[Contact], registry: list[Contact]
) -> None:
    page = parse_page(notice(file))
    [resource] = page.all_resources()
    assert resource.name == name
    assert resource.items[0] == ParsedItem(resource.items[0].name, "register", resource.items[0].note)
    assert resource.items[0].name == name
    assert resource.description, "the purpose of the processing is the resource's description"
    assert all(c in resource.facts.contacts for c in contacts), resource.facts.contacts
    assert all(c in page.registry for c in registry), page.registry
    assert page.privacy_notices == [resource.line]
    assert not page.unplaced
    with translation.override("en"):
        assessment = assess(page)
    assert assessment.refusal is None
    assert any("was read from a privacy notice" in finding.message for finding in assessment.warnings)


def test_what_the_register_holds_is_in_the_description_and_boilerplate_is_left_out() -> None:
    page = parse_page(notice("savonlinna-nuorisovaltuusto.txt"))
    [resource] = page.all_resources()
    text = " ".join(resource.description)
    assert "Nuorisovaltuuston toiminnan ja jäsenyyden hoitaminen" in text  # the purpose
    assert "syntymävuosi" in text  # the data it holds ("Rekisterin tietosisältö")
    assert "suoramainontaan" not in text  # disclosures: not part of a 28 § description
    ignored = [text for _line, text in page.ignored]
    assert "Tietojen siirto EU:n tai Euroopan talousalueen (ETA) ulkopuolelle" in ignored
    assert not {r.name.lower() for r in page.all_resources()} & SECTION_HEADINGS


def test_a_saved_html_notice_is_named_by_its_title_and_its_pattern_address_made_the_persons() -> None:
    page = parse_page(notice("espoo-tietosivu.html"))
    [resource] = page.all_resources()
    assert resource.name == "Tietosivu Espoo.fi"
    # "etunimi.sukunimi@espoo.fi" beside "viestintäjohtaja Johanna Pajakoski"
    assert Contact("email", "johanna.pajakoski@espoo.fi") in resource.facts.contacts
    assert page.registry == [Contact("email", "kirjaamo@espoo.fi")]  # from the footer's text
    assert "Drupal-käyttäjätunnuksia" in " ".join(resource.description)


def test_a_register_name_that_says_what_it_covers_keeps_that_as_the_registers_note() -> None:
    [resource] = parse_page(notice("kuopio-kansalaistoiminta.txt")).all_resources()
    assert resource.items[0].note.startswith("tilaisuudet, uutiskirjeet, verkostot")


def test_a_swedish_notice_is_read_by_its_swedish_headings() -> None:
    text = "\n\n".join(
        [
            "Dataskyddsbeskrivning",
            "1. Registrets namn",
            "Kundregistret för fritidstjänster",
            "2. Personuppgiftsansvarig",
            "Esimerkkilä stad, Registratur, PB 10, 00100 Esimerkkilä, registratur@esimerkkila.fi",
            "3. Kontaktperson",
            "Fritidschef Anna Berg, anna.berg@esimerkkila.fi",
            "4. Dataskyddsombud",
            "dataskydd@esimerkkila.fi",
            "5. Ändamålet med behandlingen av personuppgifter",
            "Bokning av lokaler och deltagande i kurser.",
            "6. Registrets datainnehåll",
            "Namn, adress och telefonnummer.",
            "7. Lagringstid",
            "Uppgifterna sparas i fem år.",
        ]
    )
    page = parse_page(text)
    [resource] = page.all_resources()
    assert resource.name == "Kundregistret för fritidstjänster"
    assert "Bokning av lokaler och deltagande i kurser." in resource.description
    assert Contact("email", "anna.berg@esimerkkila.fi") in resource.facts.contacts
    assert Contact("email", "registratur@esimerkkila.fi") in page.registry
    assert any("fem år" in text for _line, text in page.ignored)  # retention: left out


def test_several_notices_are_one_register_each_and_a_description_beside_them_is_read_as_one() -> None:
    two = parse_pages([notice("savonlinna-nuorisovaltuusto.txt"), notice("vrk-yhteinentieto.txt")])
    assert [r.name for r in two.all_resources()] == ["Nuorisovaltuusto", "yhteinentieto.fi-käyttäjärekisteri"]
    # line numbers go on from page to page: the second notice's name is after the first page's lines
    assert two.all_resources()[1].line > notice("savonlinna-nuorisovaltuusto.txt").count("\n")

    mixed = parse_pages([kaarina_page(), notice("vrk-yhteinentieto.txt")])
    alone = parse_page(kaarina_page())
    assert [r.name for r in mixed.resources_without_area] == ["yhteinentieto.fi-käyttäjärekisteri"]
    # a description that names its registry office keeps it; the notice's controller is another's
    with_office = parse_pages([ESIMERKKILA_TEXT, notice("vrk-yhteinentieto.txt")])
    assert with_office.registry == parse_page(ESIMERKKILA_TEXT).registry
    assert Contact("email", "kirjaamo@vrk.fi") in mixed.registry  # Kaarina's page names none
    assert [(a.name, [r.name for r in a.resources]) for a in mixed.areas] == [
        (a.name, [r.name for r in a.resources]) for a in alone.areas
    ]


def test_a_description_or_a_page_about_privacy_is_no_notice() -> None:
    assert not is_privacy_notice(page_blocks(kaarina_page()))
    about_privacy = "\n".join(
        [
            "Registerbeskrivningar",
            "",
            "En registerbeskrivning görs upp över alla personregister.",
            "",
            "Av registerbeskrivningen framgår",
            "  • vem är den registeransvarige som svarar för behandlingen av personuppgifter",
            "  • vilka personuppgifter som ingår i registret",
            "  • för vilket ändamål personuppgifterna används",
            "  • principerna för skydd av personuppgifterna.",
            "",
            "Patientregistrets dataskyddsbeskrivning",
            "Socialarbetets dataskyddsbeskrivning",
        ]
    )
    assert not is_privacy_notice(page_blocks(about_privacy))
    two_registers = "\n\n".join(
        [
            "Henkilörekisterit",
            "Asiakasrekisteri",
            "Rekisterinpitäjä: Esimerkkilän kunta",
            "Käyttötarkoitus: Asiakkuuksien hoito.",
            "Tietosisältö: Nimi ja osoite.",
            "Tietosuojavastaava: tietosuoja@esimerkkila.fi",
            "Laskutusrekisteri",
            "Rekisterinpitäjä: Esimerkkilän kunta",
            "Käyttötarkoitus: Laskutus.",
            "Tietosisältö: Nimi ja tilinumero.",
        ]
    )
    assert not is_privacy_notice(page_blocks(two_registers))


@pytest.mark.django_db
def test_importing_a_notice_publishes_one_register_with_its_request_contact(tmp_path: Path) -> None:
    page = tmp_path / "tietosuojaseloste.txt"
    page.write_text(notice("espoo-digikehitys-tapahtumat.txt"), encoding="utf-8")
    out = StringIO()
    call_command("import-page", str(page), "--organisation", "Espoon kaupunki", "--publish", stdout=out)
    organisation = Organisation.objects.get(name="Espoon kaupunki")
    [resource] = InformationResource.objects.filter(organisation=organisation)
    assert resource.name == "Espoon kaupunki digikehitysyksikkö tapahtumarekisteri"
    assert "tapahtumien käytännön järjestelyjen tukeminen" in resource.description
    assert [item.name for item in resource.items.all()] == [resource.name]
    assert RequestContact.objects.filter(
        resource=resource, kind="email", value="harri.luttinen@espoo.fi"
    ).exists()
    assert "luettiin tietosuojaselosteesta yhtenä rekisterinä" in out.getvalue()


@pytest.mark.parametrize(
    ("person", "address"),
    [
        ("Päivi Antola", "paivi.antola@kaarina.fi"),
        ("Anna Maija Virtanen", "anna.maija-virtanen@kaarina.fi"),
        ("Espoon kaupungin viestintäjohtaja Johanna Pajakoski", "johanna.pajakoski@kaarina.fi"),
        ("Helsingin kaupungin kaupunginkanslian tietosuojavastaava", ""),  # no name at the end
    ],
)
def test_a_pattern_address_is_made_of_the_name_at_the_end_of_a_title_and_name(
    person: str, address: str
) -> None:
    assert email_from_pattern("etunimi.sukunimi@kaarina.fi", person) == address
