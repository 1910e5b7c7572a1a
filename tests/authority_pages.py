"""Small description pages of other kinds of authority, for searching a national catalog in tests.

Written for these tests in the shape real pages have (service area, resource, registers, systems,
contacts, hakutekijät); the content is typical of each kind of authority, not copied from one.
import_fixture_pages() imports the real pages of tests/import_fixtures instead.
"""

import json
from pathlib import Path

IMPORT_FIXTURES = Path(__file__).resolve().parent / "import_fixtures"


def import_fixture_pages() -> list[str]:
    """Import and publish every page of tests/import_fixtures that describes resources, as
    `tietovaranto import-page --publish` does, under the organisation its truth.json names.
    Returns the organisations' names."""
    from tietovaranto.importer.fidelity import fixture_dirs, page_files
    from tietovaranto.importer.preview import DescriptionRefused, describe, import_description
    from tietovaranto.importer.sources import collect

    names = []
    for directory in fixture_dirs(IMPORT_FIXTURES):
        truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
        collected = collect([str(path) for path in page_files(directory)])
        try:
            import_description(describe(collected), truth["organisation"], publish=True)
        except DescriptionRefused:
            continue  # a beginning of a page with no resource described on it, refused as by the command
        names.append(truth["organisation"])
    return names


ESPOO = "Espoon kaupunki"
ESPOO_PAGE = """\
Espoon kaupungin tietovarannot

Konsernihallinto

Henkilöstötietovaranto

Henkilöstötietovarantoa käytetään kaupungin työntekijöiden palvelussuhteiden hoitamiseen, palkanmaksuun ja rekrytointiin.

Keskeiset rekisterit ja tietoaineistot

 • Palkkahallinnon rekisteri
 • Rekrytointirekisteri
 • Työterveyshuollon rekisteri

Tietojärjestelmät

 • Palkkajärjestelmä
 • Rekrytointijärjestelmä

Tietopyynnöt:

 • kirjaamo@espoo.fi
 • PL 12, 02070 Espoon kaupunki

Hakutekijät tiedonhakua varten: nimi, henkilönumero, palkka, tehtävänimike

Päätöksenteon tietovaranto

Valtuuston, kaupunginhallituksen ja lautakuntien kokousten esityslistat, pöytäkirjat ja viranhaltijapäätökset.

Keskeiset rekisterit ja tietoaineistot

 • Kokousasiakirjat
 • Luottamushenkilörekisteri

Hakutekijät tiedonhakua varten: kokouspäivä, toimielin, pykälä

Kasvun ja oppimisen toimiala

Varhaiskasvatuksen tietovaranto

Varhaiskasvatuksen hakemukset, päätökset ja asiakasmaksut.

Keskeiset rekisterit ja tietoaineistot

 • Varhaiskasvatuksen asiakasrekisteri

Hakutekijät tiedonhakua varten: lapsen nimi, hetu
"""

OULU = "Oulun kaupunki"
OULU_PAGE = """\
Oulun kaupungin tietovarannot

Konsernipalvelut

Henkilöstön tietovaranto

Henkilöstön tietovarannossa ovat kaupungin henkilöstön palvelussuhde-, palkka- ja työaikatiedot.

Keskeiset rekisterit ja tietoaineistot

 • Palkanlaskennan rekisteri
 • Työaikarekisteri

Tietojärjestelmät

 • Henkilöstöjärjestelmä

Tietopyynnöt:

 • kirjaamo@ouka.fi

Hakutekijät tiedonhakua varten: nimi, henkilönumero

Sivistys- ja kulttuuripalvelut

Kirjaston tietovaranto

Kirjaston asiakkaiden, lainojen ja kokoelmien tiedot.

Keskeiset rekisterit ja tietoaineistot

 • Kirjaston asiakasrekisteri
 • Kokoelmatietokanta

Hakutekijät tiedonhakua varten: kirjastokortin numero, nimi

Yhdyskunta- ja ympäristöpalvelut

Rakennusvalvonnan tietovaranto

Rakennuslupien hakemukset, päätökset ja piirustukset.

Keskeiset rekisterit ja tietoaineistot

 • Rakennuslupa-arkisto

Hakutekijät tiedonhakua varten: kiinteistötunnus, osoite
"""

VERO = "Verohallinto"
VERO_PAGE = """\
Verohallinnon tietovarannot

Verotus

Verotuksen tietovaranto

Henkilöasiakkaiden ja yritysten verotuksen tiedot: tulot, vähennykset, verotuspäätökset ja veronpalautukset.

Keskeiset rekisterit ja tietoaineistot

 • Verotusrekisteri
 • Tulorekisterin tiedot
 • Arvonlisäverorekisteri

Tietojärjestelmät

 • Verotusjärjestelmä

Tietopyynnöt:

 • kirjaamo@vero.fi

Hakutekijät tiedonhakua varten: henkilötunnus, y-tunnus, verovuosi

Henkilöstöhallinto

Henkilöstötietovaranto

Verohallinnon virkamiesten palvelussuhteet, palkat ja työajat.

Keskeiset rekisterit ja tietoaineistot

 • Henkilöstörekisteri
 • Palkkarekisteri

Hakutekijät tiedonhakua varten: nimi, henkilönumero
"""

LAPPI = "Lapin hyvinvointialue"
LAPPI_PAGE = """\
Lapin hyvinvointialueen tietovarannot

Terveyspalvelut

Potilastietovaranto

Potilaiden hoidon ja tutkimusten tiedot terveyskeskuksissa, sairaalassa ja suun terveydenhuollossa.

Keskeiset rekisterit ja tietoaineistot

 • Potilasrekisteri
 • Suun terveydenhuollon potilasrekisteri

Tietojärjestelmät

 • Potilastietojärjestelmä

Tietopyynnöt:

 • kirjaamo@lapha.fi

Hakutekijät tiedonhakua varten: henkilötunnus, nimi, hoitopäivä

Sosiaalipalvelut

Sosiaalihuollon tietovaranto

Sosiaalihuollon asiakkaiden tiedot: lastensuojelu, toimeentulotuki, vammaispalvelut ja ikääntyneiden palvelut.

Keskeiset rekisterit ja tietoaineistot

 • Sosiaalihuollon asiakasrekisteri
 • Lastensuojelurekisteri

Hakutekijät tiedonhakua varten: henkilötunnus, nimi

Hallinto

Henkilöstötietovaranto

Hyvinvointialueen työntekijöiden palvelussuhteet, palkat ja työvuorot.

Keskeiset rekisterit ja tietoaineistot

 • Henkilöstörekisteri
 • Työvuorosuunnittelun rekisteri

Hakutekijät tiedonhakua varten: nimi, henkilönumero
"""

AUTHORITY_PAGES = [(ESPOO, ESPOO_PAGE), (OULU, OULU_PAGE), (VERO, VERO_PAGE), (LAPPI, LAPPI_PAGE)]
