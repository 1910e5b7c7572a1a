"""The shapes real description pages have, one rule per test (pages written by us for the rule)."""

from tietovaranto.importer.blocks import page_blocks
from tietovaranto.importer.fields import Contact, criteria_in_sentence, parse_contacts, parse_item, split_list
from tietovaranto.importer.parser import ParsedPage, ParsedResource, parse_page, parse_pages


def only(page: ParsedPage) -> ParsedResource:
    (resource,) = page.all_resources()
    return resource


def items(resource: ParsedResource) -> list[tuple[str, str, str]]:
    return [(i.name, i.kind, i.note) for i in resource.items]


def test_labelled_inline_lists_are_split_into_items_of_the_labels_kind() -> None:
    page = parse_page(
        "Varhaiskasvatus\n"
        "Käyttötarkoitus: varhaiskasvatuksen järjestäminen.\n"
        "Keskeiset tietoaineistot: hakemukset, hoito- ja kasvatussuunnitelmat; päätökset.\n"
        "Keskeiset tietojärjestelmät: Effica, Varda-järjestelmä (kansallinen) ja Edlevo.\n"
    )
    assert items(only(page)) == [
        ("hakemukset", "dataset", ""),
        ("hoito- ja kasvatussuunnitelmat", "dataset", ""),  # an elided compound is one entry
        ("päätökset", "dataset", ""),
        ("Effica", "system", ""),
        ("Varda-järjestelmä", "system", "kansallinen"),
        ("Edlevo", "system", ""),
    ]


def test_split_list_keeps_parentheses_whole_and_splits_sentences() -> None:
    assert split_list("A (x, y ja z), B. C; D sekä E.") == ["A (x, y ja z)", "B", "C", "D", "E"]


def test_other_label_wordings_for_purpose_criteria_and_keywords() -> None:
    resource = only(
        parse_page(
            "Vesihuolto\n"
            "Tietovarannon käyttötarkoitus: vesihuollon asiakkuudet.\n"
            "Asiasanat: vesi, viemäri\n"
            "Hakutekijät, joilla tietoja voidaan hakea järjestelmästä: asiakasnumero, osoite.\n"
        )
    )
    assert resource.description == ["vesihuollon asiakkuudet."]
    assert resource.keywords == ["vesi", "viemäri"]  # keywords are neither criteria nor items
    assert resource.facts.criteria == ["asiakasnumero", "osoite"]
    assert resource.items == []


def test_criteria_in_a_partitive_sentence_get_their_base_forms() -> None:
    assert criteria_in_sentence(
        "Tietopyynnöissä voidaan käyttää hakutekijöinä esimerkiksi henkilön nimeä, henkilötunnusta."
    ) == ["henkilön nimi", "henkilötunnus"]
    assert criteria_in_sentence(
        "Hakutekijöinä voi käyttää kiinteistön nimeä tai asianumeroa (diaarinumeroa)."
    ) == [
        "kiinteistön nimi",
        "asianumero",
    ]
    # the introduction of a page talks about criteria without listing any
    assert criteria_in_sentence("Kuvauksessa mainitaan hakutekijöitä, joilla tietoja voidaan hakea.") == []


def test_criteria_heading_without_colon_over_a_sentence() -> None:
    resource = only(
        parse_page(
            "Perusopetuksen tietovarannot\n\nOppilaiden tiedot.\n\n"
            "Hakutekijät, joilla asiakirjoja on mahdollista hakea\n\n"
            "Tietopyynnöissä voidaan käyttää hakutekijöinä esimerkiksi henkilön nimeä, henkilötunnusta.\n"
        )
    )
    assert resource.facts.criteria == ["henkilön nimi", "henkilötunnus"]


def test_a_list_introduced_as_what_can_be_searched_by_is_search_criteria() -> None:
    # Luonnonvarakeskus' page and its Swedish version
    for text, criteria in (
        (
            "Asiarekisteri\n\nLuken asiarekisteri sisältää tietoja käsitellyistä asioista.\n\n"
            "Asiarekisteristä voidaan hakea asioita muun muassa seuraavien metatietojen perusteella:\n\n"
            " • Asian nimeke\n • Asianumero\n",
            ["Asian nimeke", "Asianumero"],
        ),
        (
            "Ärenderegister\n\nRegistret innehåller ärenden och handlingar.\n\n"
            "Ärenden kan sökas i ärenderegistret på bland annat följande metadata:\n\n"
            " • Ärendets titel\n • Ärendenummer\n",
            ["Ärendets titel", "Ärendenummer"],
        ),
    ):
        resource = only(parse_page(text))
        assert resource.facts.criteria == criteria
        assert not resource.items


def test_the_swedish_title_beskrivning_av_handlingars_offentlighet_is_the_page_title() -> None:
    page = parse_page(
        "Beskrivning av handlingars offentlighet\n\nÄrenderegister\n\n"
        "Naturresursinstitutet upprätthåller ett ärenderegister över de ärenden som det behandlar.\n"
    )
    assert page.title == "Beskrivning av handlingars offentlighet"
    assert not page.areas  # was read as a service area, holding the register
    assert [r.name for r in page.all_resources()] == ["Ärenderegister"]


def test_swedish_labels_on_a_swedish_page() -> None:
    resource = only(
        parse_page(
            "Grundläggande utbildning\n"
            "Ändamål: ordnande av grundläggande utbildning.\n"
            "Datasystem: Primus, Wilma\n"
            "Sökfaktorer: elevens namn, personbeteckning\n"
            "Beslut om utlämnande fattas av: bildningsdirektören\n"
        )
    )
    assert resource.description == ["ordnande av grundläggande utbildning."]
    assert [(i.name, i.kind) for i in resource.items] == [("Primus", "system"), ("Wilma", "system")]
    assert resource.facts.criteria == ["elevens namn", "personbeteckning"]
    assert resource.facts.decider is not None
    assert resource.facts.decider.title == "bildningsdirektören"


def test_bilingual_page_keeps_swedish_wording_apart() -> None:
    page = parse_page(
        "<h1>Kuvaus</h1><h2>Sivistystoimi / Bildningsväsendet</h2>"
        "<h3>Perusopetus / Grundläggande utbildning</h3>"
        "<p>Käyttötarkoitus: perusopetus.</p><p>Ändamål: grundläggande utbildning.</p>"
        "<p>Hakutekijät: oppilaan nimi</p><p>Sökfaktorer: elevens namn</p>"
        "<p>Tiedon antamisesta päättää: sivistysjohtaja</p>"
        "<p>Beslut om utlämnande fattas av: bildningsdirektören</p>"
    )
    area = page.areas[0]
    assert (area.name, area.name_sv) == ("Sivistystoimi", "Bildningsväsendet")
    resource = only(page)
    assert (resource.name, resource.name_sv) == ("Perusopetus", "Grundläggande utbildning")
    assert resource.description == ["perusopetus."]
    assert resource.description_sv == ["grundläggande utbildning."]
    assert resource.facts.criteria == ["oppilaan nimi"]
    assert resource.facts.criteria_sv == ["elevens namn"]
    assert resource.facts.decider is not None
    assert resource.facts.decider.title == "sivistysjohtaja"
    assert resource.facts.decider_sv is not None
    assert resource.facts.decider_sv.title == "bildningsdirektören"


def test_task_name_headings_are_resources_by_what_follows_and_guidance_is_not() -> None:
    page = parse_page(
        "Asiakirjajulkisuuskuvaus\n\n"
        "Tietopyynnön tekeminen\n\nTietopyyntö kannattaa yksilöidä mahdollisimman tarkasti.\n\n"
        "Perusopetus\n\nKeskeiset tietojärjestelmät: Primus.\n\n"
        "Hallinnon tiedot\n\nHakutekijät: diaarinumero\n"
    )
    assert [r.name for r in page.all_resources()] == ["Perusopetus", "Hallinnon tiedot"]
    assert (5, "Tietopyyntö kannattaa yksilöidä mahdollisimman tarkasti.") in page.unplaced


def test_heading_with_a_resource_word_and_a_description_is_a_resource() -> None:
    page = parse_page("Kuvaus\n\nKunnan asiarekisteri\n\nAsiarekisteriin kuuluvat vireille tulleet asiat.\n")
    assert [r.name for r in page.all_resources()] == ["Kunnan asiarekisteri"]


def test_numbered_headings_give_areas_and_resources_and_numbered_lists_stay_lists() -> None:
    page = parse_page(
        "Kuvaus\n\n1. Perusturva\n\n1.1 Vanhuspalvelut\nKäyttötarkoitus: kotihoito.\n"
        "Tietojärjestelmät:\n1. Lifecare\n2. Kotitori\n\n2) Tekniset palvelut\n\nKatujen kunnossapito\n"
        "Hakutekijät: katuosoite\n"
    )
    assert [(a.name, [r.name for r in a.resources]) for a in page.areas] == [
        ("Perusturva", ["Vanhuspalvelut"]),
        ("Tekniset palvelut", ["Katujen kunnossapito"]),
    ]
    assert [i.name for i in page.areas[0].resources[0].items] == ["Lifecare", "Kotitori"]


def test_html_table_with_a_row_per_resource() -> None:
    page = parse_page(
        "<h1>Tietovarannot</h1><table><tr><th>Tietovaranto</th><th>Tietojärjestelmät</th>"
        "<th>Hakutekijät</th></tr><tr><td>Perusopetus</td><td>Primus, Wilma</td><td>nimi</td></tr>"
        "<tr><td>Kirjasto</td><td>Koha</td><td>kortin numero</td></tr></table>"
        "<p>Tietoaineistot eivät ole saatavissa avoimesti teknisen rajapinnan avulla.</p>"
    )
    assert [(r.name, [i.name for i in r.items], r.facts.criteria) for r in page.all_resources()] == [
        ("Perusopetus", ["Primus", "Wilma"], ["nimi"]),
        ("Kirjasto", ["Koha"], ["kortin numero"]),
    ]
    # the statement under the table is the organisation's, not the last row's
    assert [(f.aspect, f.status) for f in page.facts.interface] == [("open", "no")]


def test_html_table_with_a_row_per_item() -> None:
    page = parse_page(
        "<h2>Rakennusvalvonta</h2><p>Rakennuslupien tiedot.</p>"
        "<table><tr><td>Facta</td><td>lupien käsittely</td></tr>"
        "<tr><td>Rakennuslupa-arkisto</td></tr></table>"
    )
    assert items(only(page)) == [
        ("Facta", "system", "lupien käsittely"),
        ("Rakennuslupa-arkisto", "collection", ""),
    ]


def test_definition_list_gives_labelled_lines() -> None:
    page = parse_page(
        "<h2>Hallinnon tiedot</h2><dl><dt>Keskeiset tietojärjestelmät</dt><dd>Dynasty</dd>"
        "<dt>Tiedon antamisesta päättää</dt><dd>Hallintojohtaja Outi Harju</dd></dl>"
    )
    resource = only(page)
    assert [i.name for i in resource.items] == ["Dynasty"]
    assert resource.facts.decider is not None
    assert (resource.facts.decider.title, resource.facts.decider.name) == ("Hallintojohtaja", "Outi Harju")


def test_site_chrome_is_not_content() -> None:
    html = (
        '<body><a class="skip-link">Hyppää sisältöön</a>'
        '<div class="cookie-consent"><p>Käytämme evästeitä.</p></div>'
        '<div class="breadcrumbs">Etusivu › Hallinto</div><div id="main"><h1>Tietovarannot</h1>'
        "<h2>Perusopetus</h2><p>Hakutekijät: nimi</p>"
        '<div class="share-buttons"><p>Jaa</p><p>Facebook</p></div></div></body>'
    )
    assert [b.text for b in page_blocks(html)] == ["Tietovarannot", "Perusopetus", "Hakutekijät: nimi"]
    text_page = parse_page(
        "Siirry sisältöön\nTekstikoko | Sivukartta\nEtusivu / Hallinto / Tietovarannot\nTietovarannot\n\n"
        "Perusopetus\nHakutekijät: nimi\nJaa sivu\n"
    )
    assert [r.name for r in text_page.all_resources()] == ["Perusopetus"]
    assert text_page.unplaced == []


def test_registry_office_from_the_request_section_or_the_footer() -> None:
    page = parse_page(
        "Tietovarannot\n\nPerusopetus\nHakutekijät: nimi\n\nYhteystiedot\nKunta, kirjaamo\n"
        "Kirkkotie 5, 77770 Kunta\nkirjaamo@kunta.fi\npuh. 017 777 7000\n"
    )
    assert page.registry == [
        Contact("postal", "Kirkkotie 5, 77770 Kunta"),
        Contact("email", "kirjaamo@kunta.fi"),
        Contact("phone", "017 777 7000"),
    ]
    assert only(page).facts.contacts == []  # the organisation's section, not the last resource's
    footer = parse_page(
        "<main><h1>Tietovarannot</h1><h2>Perusopetus</h2><p>Hakutekijät: nimi</p></main>"
        "<footer><p>Kirjaamo: kirjaamo@kunta.fi</p><p>PL 10, 99990 Kunta</p><p>© Kunta</p></footer>"
    )
    assert footer.registry == [Contact("email", "kirjaamo@kunta.fi"), Contact("postal", "PL 10, 99990 Kunta")]


def test_request_guidance_lists_are_not_contacts() -> None:
    page = parse_page(
        "Kuvaus\n\nKunnan asiarekisteri\n\nAsiat ja asiakirjat.\n\nTietopyynnöt\n\n"
        "Viranomaisen asiakirjana ei pidetä\n • asiakirjoja, jotka eivät liity virkatehtäviin\n"
    )
    assert only(page).facts.contacts == []
    assert page.facts.contacts == []


def test_several_pages_are_one_description_without_repeated_navigation() -> None:
    chrome = "<div class='menu'><p>Etusivu</p></div><h1>Kuvaus</h1><p>Palveluhakemisto</p>"
    page = parse_pages(
        [
            f"<body>{chrome}<h2>Tietopyynnöt</h2><ul><li>kirjaamo@kunta.fi</li></ul></body>",
            f"<body>{chrome}<h2>Hallinto</h2><h3>Talous</h3><p>Tietojärjestelmät: Raindance</p></body>",
            f"<body>{chrome}<h2>Hallinto</h2><h3>Arkisto</h3><p>Tietojärjestelmät: Dynasty</p></body>",
        ]
    )
    assert page.title == "Kuvaus"
    assert [(a.name, [r.name for r in a.resources]) for a in page.areas] == [
        ("Hallinto", ["Talous", "Arkisto"])
    ]
    assert any("repeats" in text for _line, text in page.warnings)
    assert all("Palveluhakemisto" not in text for _line, text in page.unplaced[1:])
    assert page.registry == [Contact("email", "kirjaamo@kunta.fi")]


def test_product_names_in_a_list_are_systems() -> None:
    assert parse_item("Primus").kind == "system"
    assert parse_item("Tilastot ja raportit").kind == "dataset"
    # a national system that Voikko reads as a common noun (oma + kanta)
    assert parse_item("Omakanta").kind == "system"
    assert parse_item("Asiakaskanta").kind == "dataset"


def test_one_line_with_two_addresses() -> None:
    assert parse_contacts("kirjaamo@kunta.fi / registratur@kommun.fi") == [
        Contact("email", "kirjaamo@kunta.fi"),
        Contact("email", "registratur@kommun.fi"),
    ]
    assert parse_contacts("puh. / tfn 019 222 2000") == [Contact("phone", "019 222 2000")]


def test_service_advertisements_are_not_items() -> None:
    resource = only(
        parse_page(
            "Kuvaus\n\nVarhaiskasvatus\nKeskeiset tietojärjestelmät: Edlevo.\n"
            "Oma Opintopolku-palvelussa voit tarkastella tietoja (vaatii tunnistautumisen):\n"
            "– huollettavasi varhaiskasvatustietoja\n– omia asiakasmaksutietojasi\n"
        )
    )
    assert [i.name for i in resource.items] == ["Edlevo"]


def test_a_tietovarannot_line_under_a_resources_own_items_lists_its_registers() -> None:
    """A service area's bullets, then "Tietovarannot: …" beside the systems: the registers of that
    resource, not an index of resources described below (which it is where nothing came before)."""
    page = parse_page(
        "Kulttuuri\n\n"
        " • Kirjastopalvelut\n"
        " • Museopalvelut\n\n"
        "Tietovarannot: lainaajarekisteri, kokoelmarekisteri.\n"
        "Tietojärjestelmät: kirjastojärjestelmä.\n"
    )
    resource = only(page)
    assert ("lainaajarekisteri", "register", "") in items(resource)
    assert ("kokoelmarekisteri", "register", "") in items(resource)
    assert not page.ignored
    # with nothing before it, the line introduces the resources that follow
    index = parse_page(
        "Tekniset palvelut\n\nTietovarannot: Kadut, Puistot.\n\n"
        "Kadut\nKäyttötarkoitus: katujen kunnossapito.\n\n"
        "Puistot\nKäyttötarkoitus: puistojen hoito.\n"
    )
    assert [r.name for r in index.all_resources()] == ["Kadut", "Puistot"]
    assert all(not r.items for r in index.all_resources())
