"""Request sections of a second batch of description pages the importer had never seen (a small town, a
city, two wellbeing counties, an education joint authority, three parishes, a Swedish-speaking parish
union, a state ombudsman): where a citizen sends a request. Each rule in words of our own."""

from tietovaranto.importer.fields import Contact, addresses_in_sentence, parse_bullet_contact, parse_contacts
from tietovaranto.importer.parser import parse_page


def _people(page) -> list[str]:
    return [c.value for c in page.facts.contacts if c.kind == "person"]


def test_a_label_ending_in_a_colon_before_an_address_is_no_person() -> None:
    assert parse_contacts("Hallinnon sähköposti: hallinto@esimerkki.fi") == [
        Contact("email", "hallinto@esimerkki.fi")
    ]
    # a name without a colon still names the recipient
    assert parse_contacts("Hallintotoimisto hallinto@esimerkki.fi") == [
        Contact("person", "Hallintotoimisto"),
        Contact("email", "hallinto@esimerkki.fi"),
    ]


def test_how_to_send_is_a_label_not_part_of_the_address() -> None:
    assert parse_bullet_contact("postitse: Esimerkin seurakunta, PL 77, 99999 Esimerkki") == [
        Contact("postal", "Esimerkin seurakunta, PL 77, 99999 Esimerkki")
    ]
    assert parse_bullet_contact("per post till adressen: Exempel församling, PB 7, 99999 Exempel") == [
        Contact("postal", "Exempel församling, PB 7, 99999 Exempel")
    ]


def test_office_hours_in_parentheses_stay_with_their_phone_number() -> None:
    assert parse_contacts("puhelin: 012 345 6789 (ma–ti klo 9–12; to klo 12–15)") == [
        Contact("phone", "012 345 6789 (ma–ti klo 9–12; to klo 12–15)")
    ]
    # outside parentheses a semicolon still parts two numbers
    assert parse_contacts("puh. 012 345 6789; 040 123 4567") == [
        Contact("phone", "012 345 6789"),
        Contact("phone", "040 123 4567"),
    ]


def test_an_e_mail_label_without_an_address_names_nobody() -> None:
    assert parse_contacts("Sähköposti: [email protected]") == []  # an address the site hid
    assert parse_contacts("sähköpostiosoite: kirjaamo") == []  # an address cut off


def test_a_postal_label_makes_the_whole_value_one_address() -> None:
    assert parse_contacts("Postiosoite: Tasa-arvon virasto, PL 99, 00099 Esimerkki") == [
        Contact("postal", "Tasa-arvon virasto, PL 99, 00099 Esimerkki")
    ]


def test_labelled_address_lines_after_a_request_sentence_are_the_registry_office() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Kuvaus auttaa seurakuntalaisia yksilöimään pyyntönsä.\n\n"
        "Pyynnöt asiakirjoista lähetetään yhtymän toimistoon kirjeellä tai sähköpostilla.\n\n"
        "Osoite: Esimerkin seurakuntayhtymä, Toimisto, Kirkkotie 9, 99999 Esimerkki\n"
        "Sähköposti: toimisto.esimerkki@example.fi\n\n"
        "Asiarekisteri\n\n"
        "Yhtymä pitää asiarekisteriä vireille tulleista asioista.\n"
    )
    assert Contact("email", "toimisto.esimerkki@example.fi") in page.registry
    address = "Esimerkin seurakuntayhtymä, Toimisto, Kirkkotie 9, 99999 Esimerkki"
    assert Contact("postal", address) in page.registry
    assert [r.name for r in page.all_resources()] == ["Asiarekisteri"]


def test_a_clause_in_the_request_section_names_no_recipient() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietopyynnöt\n\n"
        "Lain nojalla asianosaisella, jota asia koskee, on oikeus saada tieto myös salaisesta asiakirjasta "
        "silloin, kun se on vaikuttanut hänen asiaansa.\n\n"
        "Pyynnöt ohjataan kirjaamoon, joka kirjaa ne ja lähettää ne eteenpäin.\n"
    )
    assert _people(page) == []


def test_a_web_form_is_no_recipient() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Kirjaamon yhteystiedot:\n\n"
        "Viraston suojattu verkkolomake.\n\n"
        "Postiosoite: Esimerkkivirasto, PL 5, 00099 Esimerkki\n"
    )
    assert _people(page) == []
    assert page.registry == [Contact("postal", "Esimerkkivirasto, PL 5, 00099 Esimerkki")]


def test_postal_addresses_in_a_request_sentence_are_found_with_its_e_mail() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietopyynnön toimittaminen\n\n"
        "Esimerkin kaupungissa pyynnöt voi lähettää sähköpostilla kirjaamo@esimerkki.fi tai kirjeellä "
        "osoitteeseen Esimerkin kaupunki, Kirjaamo PL 5 99990 Esimerkki tai viedä käyntiosoitteeseen "
        "Torikatu 3, 99999 Esimerkki.\n"
    )
    assert page.registry == [
        Contact("email", "kirjaamo@esimerkki.fi"),
        Contact("postal", "Esimerkin kaupunki, Kirjaamo, PL 5, 99990 Esimerkki"),  # as a letter is addressed
        Contact("postal", "Torikatu 3, 99999 Esimerkki"),
    ]


def test_a_sentences_recipient_before_its_address_is_kept_in_either_language() -> None:
    assert addresses_in_sentence(
        "Begäran kan skickas till adressen Korsholms kommun, Registratorn PB 9 65611 Korsholm."
    ) == ["Korsholms kommun, Registratorn, PB 9, 65611 Korsholm"]
    # a number before the address is no recipient's name ("Talo 2" is no addressee)
    assert addresses_in_sentence("Lähetä osoitteeseen Talo 2, PL 5 99990 Esimerkki.") == [
        "PL 5, 99990 Esimerkki"
    ]


def test_a_heading_over_the_information_service_opens_the_request_section_not_an_area() -> None:
    page = parse_page(
        "Exempel församlings beskrivning av handlingsoffentlighet\n\n"
        "Informationstjänst och utlämnande av uppgifter\n\n"
        "Den som vill ha handlingar skickar sin begäran helst per e-post till kansliet.\n\n"
        "e-postadress: kansliet.exempel@example.fi\n\n"
        "telefon: 012 345 6789\n\n"
        "Ärenderegister\n\n"
        "Församlingen för ett ärenderegister över inledda ärenden.\n"
    )
    assert not page.areas
    assert page.registry == [
        Contact("email", "kansliet.exempel@example.fi"),
        Contact("phone", "012 345 6789"),
    ]
    assert [r.name for r in page.all_resources()] == ["Ärenderegister"]
