"""The Finnish analyzer: what a query word and a catalog text have in common."""

import pytest

from tietovaranto.search.analyzer import analyze_text, analyze_word, query_words, tokenize, word_terms


def meets(query_word: str, text: str) -> bool:
    return bool(word_terms(query_word) & analyze_text(text))


@pytest.mark.parametrize(
    ("query_word", "text"),
    [
        ("luottamustoimista", "kaupungin luottamustoimien hoitamiseen liittyvää henkilötietoa"),
        ("luottamushenkilöiden", "Luottamushenkilörekisteri"),
        ("arkistokokoelmista", "Kaupunginarkiston arkistokokoelmat"),
        ("rekrytointihakemukseni", "työhakemusten käsittelyyn; rekrytointihakemus"),
        ("kuva-aineisto", "Viestinnän valokuva-aineistot"),
        ("yhdistysrekisteri", "Järjestö- ja yhdistysrekisteri"),
        ("järjestörekisteri", "Järjestö- ja yhdistysrekisteri"),
        ("hr-järjestelmä", "Palkanlaskenta- ja hr-järjestelmän rekisteri"),
        ("palkanlaskentajärjestelmä", "Palkanlaskenta- ja hr-järjestelmän rekisteri"),
        ("rekisteri", "Työajanseurantarekisteri"),  # a part finds the whole
        ("työajanseurantarekisteristä", "Työajanseuranta"),  # the whole finds its parts
    ],
)
def test_inflected_and_compound_words_meet_the_catalog_text(query_word: str, text: str) -> None:
    assert meets(query_word, text)


def test_unrelated_words_do_not_meet() -> None:
    assert not meets("palkka", "Viestinnän valokuva-aineistot")


def test_question_words_are_dropped_and_content_words_kept() -> None:
    words = [word for word, _terms in query_words("Mistä voinko saada kaupungin arkiston tiedot?")]
    assert words == ["arkiston"]


def test_swedish_and_english_words_are_stemmed() -> None:
    assert query_words("registers")[0][1] & analyze_text("Register of employees")
    assert query_words("anställdas")[0][1] & analyze_text("Personalregister för anställda")


def test_words_are_read_the_same_whatever_their_case() -> None:
    assert tokenize("Palkka- ja HENKILÖSTÖREKISTERI 2019") == ["palkka-", "ja", "henkilöstörekisteri", "2019"]
    # "İ" lower-cases to "i" and a combining dot, which is no word character: the word stays whole
    assert tokenize("İstanbulin ystävyyskaupunki") == ["i̇stanbulin", "ystävyyskaupunki"]


def test_a_number_is_its_own_only_term() -> None:
    # years, record and item numbers: no morphology, no stems
    assert analyze_text("Asiakirjat 2019 ja 621") == analyze_text("Asiakirjat") | {"2019", "621"}


def test_finnish_words_are_indexed_without_swedish_and_english_stems() -> None:
    # "palkat" was indexed as "palk" too (the Swedish stemmer's), a word of no language
    assert "palk" in analyze_word("palkat")
    assert analyze_text("Palkat ja palkkiot") == {"palkka", "palkkio"}
    # a Swedish or English text keeps them, also for a word Voikko reads as Finnish ("karttaa")
    assert "kart" in analyze_text("Karta", finnish=False)
    assert "kart" not in analyze_text("Karta")
    # a word Voikko does not know keeps them: Swedish text is found by a Swedish query's stems
    assert query_words("löneuppgifterna")[0][1] & analyze_text("Löneuppgifter")
