"""Import fidelity on real and written description pages (tests/import_fixtures), and its scoring."""

from pathlib import Path

from tietovaranto.importer.fidelity import effective_resources, score_all, score_page, total_share
from tietovaranto.importer.parser import parse_page

FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "import_fixtures"

PAGE = """\
Tietovarannot

Tietopyynnöt:
 - kirjaamo@x.fi

Hakutekijät: diaarinumero

Tekniset palvelut

Hakutekijät: osoite

Tiedon antamisesta päättää: Tekninen johtaja

Katurekisteri

Käyttötarkoitus: Katujen tiedot.

Rekisterit
 - Katurekisteri (tietokanta)

Hakutekijät: kadun nimi

Tiedon antamisesta päättää: Kaupungininsinööri
"""


def test_effective_facts_add_criteria_and_take_the_narrowest_decider_and_contacts() -> None:
    (resource,) = effective_resources(parse_page(PAGE))
    assert resource.criteria == ["diaarinumero", "osoite", "kadun nimi"]
    assert resource.decider == ("Kaupungininsinööri", "")
    assert resource.contacts == [("email", "kirjaamo@x.fi")]
    assert resource.area == "Tekniset palvelut"


def test_score_counts_missing_and_invented_facts() -> None:
    truth = {
        "resources": [
            {
                "name": "KATUREKISTERI",  # names match whatever their case and punctuation
                "area": "Tekniset palvelut",
                "items": [
                    {"name": "Katurekisteri", "kind": "register"},
                    {"name": "Katukartta", "kind": "dataset"},
                ],
                "criteria": ["diaarinumero", "osoite"],
                "contacts": [{"kind": "email", "value": "kirjaamo@x.fi"}],
                "decider": {"title": "kaupungininsinööri", "name": ""},
                "interface": [],
            }
        ]
    }
    score = score_page("t", parse_page(PAGE), truth)
    assert (score.tallies["resources"].correct, score.tallies["resources"].invented) == (1, 0)
    assert (score.tallies["items"].correct, score.tallies["items"].expected) == (1, 2)
    assert (score.tallies["criteria"].correct, score.tallies["criteria"].invented) == (2, 1)  # "kadun nimi"
    assert score.tallies["deciders"].correct == 1
    total = score.total()
    assert total_share(score) == total.correct / (total.expected + total.invented)


def test_fixture_pages_are_read_faithfully() -> None:
    """The parser reads at least 90 % of what the fixture pages state, counting invented facts against it."""
    scores, total = score_all(FIXTURES)
    assert len(scores) >= 12
    share = total_share(total)
    worst = sorted(scores, key=total_share)[:3]
    assert share >= 0.90, f"total {share:.1%}; weakest: " + ", ".join(
        f"{s.name} {total_share(s):.0%}" for s in worst
    )
