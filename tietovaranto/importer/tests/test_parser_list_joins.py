"""Where one item's name holds a 'ja', a comma or parentheses, and interface sentences that were misread.

The inputs are sentences of real pages the importer was measured on (not its fixtures)."""

from tietovaranto.importer.fields import (
    classify_interface_sentence,
    parse_criteria,
    parse_item,
    split_list,
)
from tietovaranto.importer.parser import is_interface_statement, parse_page


def test_two_genitives_share_the_head_noun_after_them() -> None:
    # Utajärvi: "X ja Y tiedot" is one data set, the head noun comes after both
    assert split_list("Rakentamisen ohjauksen ja neuvonnan tiedot, rakentamisen lupa-asioiden tiedot.") == [
        "Rakentamisen ohjauksen ja neuvonnan tiedot",
        "rakentamisen lupa-asioiden tiedot",
    ]
    assert split_list("rakennuskieltojen määräämisen ja pidentämisen tiedot, asemakaavoituksen tiedot") == [
        "rakennuskieltojen määräämisen ja pidentämisen tiedot",
        "asemakaavoituksen tiedot",
    ]


def test_an_elided_compound_before_a_comma_is_not_split() -> None:
    # Utajärvi: "tutkimus-, selvitys- ja kehittämishanketoiminnan tiedot" is one compound list
    entries = split_list(
        "Yleiskaavasuunnittelun tiedot, maankäytön suunnittelu ja tutkimus-, selvitys- ja "
        "kehittämishanketoiminnan tiedot, kulttuuriympäristön suojelun tiedot."
    )
    assert "tutkimus-" not in entries
    assert not any(entry.startswith("selvitys-") for entry in entries)
    assert any("tutkimus-, selvitys- ja kehittämishanketoiminnan tiedot" in entry for entry in entries)
    assert entries[0] == "Yleiskaavasuunnittelun tiedot"
    assert entries[-1] == "kulttuuriympäristön suojelun tiedot"


def test_a_right_side_that_refers_back_is_no_item_of_its_own() -> None:
    # Päijät-Häme: "siinä" points to the case, "siinä tehdyt päätökset" is no criterion alone
    assert parse_criteria("asian käsittelyvaiheet ja siinä tehdyt päätökset") == [
        "asian käsittelyvaiheet ja siinä tehdyt päätökset"
    ]


def test_a_mis_spaced_compound_list_stays_one_item() -> None:
    # Vehmaa: "henkilö, maatila ja sopimus tiedot" share "tiedot"; the comma starts no note
    item = parse_item("Maatalousyrittäjien henkilö, maatila ja sopimus tiedot")
    assert (item.name, item.note) == ("Maatalousyrittäjien henkilö, maatila ja sopimus tiedot", "")
    # a note after a name still is one
    assert parse_item("Lomitusnetti, lomituksen suunnittelu").note == "lomituksen suunnittelu"


def test_trailing_punctuation_is_not_part_of_a_name() -> None:
    # Pohjanmaan hyvinvointialue: every bullet of a list ends in a comma
    assert parse_item("Asiakirjahallinnon aineistot,").name == "Asiakirjahallinnon aineistot"
    assert split_list("Henkilöstöhallinnon aineistot,") == ["Henkilöstöhallinnon aineistot"]


def test_a_comma_inside_parentheses_separates_no_note() -> None:
    # Tulli: the examples in parentheses belong to the name, the clause after them is its note
    examples = "esim. tuoja, viejä, huolintayritys, myyjä, ostaja, vastaanottaja, välittäjä tai yhteyshenkilö"
    item = parse_item(f"eri osapuolet ({examples}), jotka voivat olla organisaatioita tai yksityishenkilöitä")
    assert (item.name, item.note) == (
        f"eri osapuolet ({examples})",
        "jotka voivat olla organisaatioita tai yksityishenkilöitä",
    )


def test_not_openly_available_is_an_open_interface_statement() -> None:
    # Tulli: no interface word, but data that is not openly available is not so through an interface
    sentence = "Hallinnon tietoja ei ole saatavilla avoimesti."
    assert is_interface_statement(sentence)
    fact = classify_interface_sentence(sentence)
    assert (fact.aspect, fact.status) == ("open", "no")
    # the general guidance that some data is open and some by request states nothing about this one
    assert not is_interface_statement("Osa tiedoista on saatavilla avoimesti ja osa tietopyynnöllä.")


def test_an_open_interface_of_the_authoritys_own_system_is_open_availability() -> None:
    # Helsinki: "viranomaisen tietojärjestelmästä" is where the data comes from, not who gets it
    sentence = (
        "Osa tiedoista on saatavissa suoraan viranomaisen tietojärjestelmästä avoimen rajapinnan avulla."
    )
    fact = classify_interface_sentence(sentence)
    assert (fact.aspect, fact.status) == ("open", "yes")
    # disclosure to other authorities stays that
    disclosure = "Tietoja luovutetaan muille viranomaisille teknisen rajapinnan kautta."
    fact = classify_interface_sentence(disclosure)
    assert (fact.aspect, fact.status) == ("authorities", "yes")


def test_the_interface_statement_of_an_introduction_is_its_own_sentence() -> None:
    page = parse_page(
        "Tietovarantojen kuvaus\n\n"
        "Pyyntö saada tieto viranomaisen asiakirjan sisällöstä on yksilöitävä riittävästi siten, että "
        "viranomainen voi selvittää, mitä asiakirjaa pyyntö koskee. Viranomaisen velvollisuus on avustaa "
        "tiedon pyytäjää asiakirjan yksilöinnissä. Osa tiedoista on saatavissa suoraan viranomaisen "
        "tietojärjestelmästä avoimen rajapinnan avulla.\n"
    )
    facts = page.facts.interface or [f for r in page.all_resources() for f in r.facts.interface]
    assert [(f.aspect, f.status, f.text) for f in facts] == [
        (
            "open",
            "yes",
            "Osa tiedoista on saatavissa suoraan viranomaisen tietojärjestelmästä avoimen rajapinnan avulla.",
        )
    ]


def test_an_elided_compound_is_not_a_name_and_a_note() -> None:
    item = parse_item("tutkimus-, selvitys- ja kehittämishanketoiminnan tiedot")
    assert (item.name, item.note) == ("tutkimus-, selvitys- ja kehittämishanketoiminnan tiedot", "")
