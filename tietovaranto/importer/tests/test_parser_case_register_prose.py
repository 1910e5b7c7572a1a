"""A case register stated in one sentence with no heading over it, and request-instruction pages
with no resource at all (measured on real pages the importer was not tuned on)."""

from collections.abc import Iterator

import pytest
from django.utils import translation

from tietovaranto.importer.fields import Contact
from tietovaranto.importer.parser import ParsedPage, parse_page
from tietovaranto.importer.sanity import assess

# a minimal version of a real page: the case register is named only in prose, no heading over it
CASE_REGISTER_IN_PROSE = (
    "Asiakirjajulkisuuskuvaus\n\n"
    "Asiarekisterinä toimii VAHVA-asianhallintajärjestelmä, johon tallennetaan kanslian asiakirjoja.\n\n"
    "Asioiden keskeiset hakutekijät VAHVA-asianhallintajärjestelmässä ovat seuraavat:\n\n"
    " • Asian otsikko\n"
    " • Asian numero\n\n"
    "Asiakirjojen keskeiset hakutekijät VAHVA-asianhallintajärjestelmässä ovat seuraavat:\n\n"
    " • Asiakirjan otsikko\n"
    " • Asian numero\n\n"
    "VAHVA-asianhallintajärjestelmän sisältämä tieto ei ole saatavilla avoimesti teknisen rajapinnan "
    "kautta. Julkisuuslain mukaiset tietopyynnöt tulee osoittaa kanslian kirjaamoon kirjaamo@tpk.fi.\n"
)

CASE_REGISTER_IN_PROSE_SV = (
    "Som ärenderegister används ärendehanteringssystemet Diaari och i det lagras verkets handlingar.\n\n"
    "De viktigaste söktermerna för ärenden i Diaari är följande:\n\n"
    " • Ärendets rubrik\n"
    " • Ärendets nummer\n\n"
    "Uppgifterna i Diaari är inte öppet tillgängliga via ett tekniskt gränssnitt. Begäran om att få ta "
    "del av handlingar ska riktas till verkets registratorskontor kirjaamo@verket.example.\n"
)

# the request instructions of a page whose resources are on other pages
REQUEST_INSTRUCTIONS = (
    "Muut tietopyynnöt \n\n"
    "Hallinnollisia asioita koskevat tietopyynnöt toimitetaan hyvinvointialueen kirjaamoon.\n\n"
    "- Postiosoite: PL 8041, 96101 Rovaniemi \n"
    "- Puhelin: 040 149 1137 \n"
    "- Sähköposti: kirjaamo@lapha.fi \n"
)

REQUEST_INSTRUCTIONS_SV = (
    "Anvisning för begärande av information\n\n"
    "Du kan skicka in en begäran om information i fritt format per e-post eller post.\n\n"
    "Skicka begäran om information till verkets registratorskontor, endera\n\n"
    "  • per e-post till adressen kirjaamo@verket.example\n\n"
    "eller\n\n"
    "  • per post till adressen PB 512, 00101 Helsingfors.\n\n"
    "Om handlingen är offentlig behöver du inte identifiera dig för begäran om information.\n"
)


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _contacts(page: ParsedPage) -> list[Contact]:
    resource_contacts = [c for r in page.all_resources() for c in r.facts.contacts]
    return page.registry + page.facts.contacts + resource_contacts


def test_a_case_register_stated_in_one_sentence_is_a_resource() -> None:
    page = parse_page(CASE_REGISTER_IN_PROSE)
    assert assess(page).refusal is None
    [resource] = page.all_resources()
    assert resource.name == "Asiarekisteri"
    assert [(i.name, i.kind) for i in resource.items] == [("VAHVA-asianhallintajärjestelmä", "system")]
    # each criterion once, though both lists name "Asian numero"
    assert resource.facts.criteria == ["Asian otsikko", "Asian numero", "Asiakirjan otsikko"]
    assert [(f.aspect, f.status) for f in resource.facts.interface] == [("open", "no")]
    # the request sentence after the interface statement names the registry office, not the interface
    assert all("kirjaamo" not in fact.text for fact in resource.facts.interface)
    assert Contact("email", "kirjaamo@tpk.fi") in page.registry
    assert page.unplaced == []


def test_a_case_register_stated_in_one_swedish_sentence_is_a_resource() -> None:
    page = parse_page(CASE_REGISTER_IN_PROSE_SV)
    assert assess(page).refusal is None
    [resource] = page.all_resources()
    assert resource.name == "Ärenderegister"
    assert resource.facts.criteria == ["Ärendets rubrik", "Ärendets nummer"]
    assert [(f.aspect, f.status) for f in resource.facts.interface] == [("open", "no")]
    assert Contact("email", "kirjaamo@verket.example") in page.registry


def test_a_page_of_request_instructions_is_refused_and_keeps_its_registry_office() -> None:
    page = parse_page(REQUEST_INSTRUCTIONS)
    assert page.all_resources() == []
    assessment = assess(page)
    assert assessment.refusal is not None
    assert "no information resource" in assessment.refusal
    assert page.registry == [
        Contact("postal", "PL 8041, 96101 Rovaniemi"),
        Contact("phone", "040 149 1137"),
        Contact("email", "kirjaamo@lapha.fi"),
    ]


def test_swedish_request_instructions_make_no_resource_or_area() -> None:
    page = parse_page(REQUEST_INSTRUCTIONS_SV)
    assert page.all_resources() == []
    assert page.areas == []
    assessment = assess(page)
    assert assessment.refusal is not None
    assert "no information resource" in assessment.refusal
    assert Contact("email", "kirjaamo@verket.example") in page.registry


def test_contact_lines_never_become_items() -> None:
    page = parse_page(
        "Rakennusvalvonnan tietovaranto\n\n"
        "Tietojärjestelmät:\n\n"
        " • Lupapiste\n\n"
        "Tietopyynnöt osoitetaan kirjaamoon:\n\n"
        "- Sähköposti: kirjaamo@kunta.example\n"
        "- Puhelin: 040 123 4567\n"
    )
    items = [item.name for r in page.all_resources() for item in r.items]
    assert items == ["Lupapiste"]
    assert Contact("email", "kirjaamo@kunta.example") in _contacts(page)
