"""The demo page and pages in other shapes, written by us, for importer and search tests."""

from pathlib import Path

import tietovaranto

PACKAGED_SEED = Path(tietovaranto.__file__).parent / "importer" / "demo" / "kaarina-tietovarannot.txt"
SHARED_SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seed" / "kaarina-tietovarannot.txt"
KAARINA = "Kaarinan kaupunki"


def kaarina_page() -> str:
    return (SHARED_SEED if SHARED_SEED.exists() else PACKAGED_SEED).read_text(encoding="utf-8")


# Organisation-wide registry office and criteria first, an area-wide decider, "Käyttötarkoitus:"
# labels, dash bullets, criteria as a bullet list, Swedish names, and an area with no resource heading.
ESIMERKKILA_TEXT = """\
Tietovarannot ja asiarekisteri

Tietopyynnöt:
 - kirjaamo@esimerkkila.fi
 - Kunnantalontie 1, 12345 Esimerkkilä
 - p. 040 123 4567

Hakutekijät: diaarinumero, asian nimi

Sosiaali- ja terveyspalvelut

Tiedon antamisesta päättää: Sosiaalijohtaja Liisa Esimerkki, etunimi.sukunimi[at]esimerkkila.fi

Sosiaalihuollon asiakasrekisteri

Käyttötarkoitus: Sosiaalihuollon asiakkuuksien hoitaminen ja toimeentulotuen päätökset.

Rekisterit
 - Sosiaalihuollon asiakasrekisteri (tietokanta)
 - Toimeentulotukiaineisto

Tietojärjestelmät
 - Asiakastietojärjestelmä Pro

Hakutekijät:
 - asiakkaan nimi
 - hetu
 - asiakasnumero

Saatavuus teknisen rajapinnan kautta: Tietoja luovutetaan Kelalle teknisen rajapinnan kautta. Tiedot eivät ole saatavissa avoimesti.

Varhaiskasvatuksen tietovaranto

Varhaiskasvatuksen hakemukset, sijoitukset ja asiakasmaksut.

Keskeiset rekisterit ja tietoaineistot
 - Varhaiskasvatusrekisteri
 - Asiakasmaksupäätökset

Ympäristöpalvelut

 - Rakennusvalvonnan lupa-arkisto
 - Ympäristönsuojelun valvontarekisteri

Tietojärjestelmät
 - Lupapiste (kansallinen järjestelmä)

Hakutekijät: kiinteistötunnus, osoite, luvan numero

Tietopyynnön yhteystiedot: Ympäristöjohtaja Pekka Puro, pekka.puro(at)esimerkkila.fi, puh. 040 765 4321

Tiedon antamisesta päättävä viranomainen: Ympäristöjohtaja Pekka Puro

Avoin rajapinta

Rakennuslupien tiedot ovat saatavilla avoimena datana rajapinnan kautta.

Sivu päivitetty 1.9.2026
"""

ESIMERKKILA_HTML = """\
<!DOCTYPE html>
<html lang="fi"><head><title>Tietovarannot</title></head>
<body>
<nav><ul><li>Etusivu</li><li>Asukkaalle</li></ul></nav>
<main>
<h1>Asiakirjajulkisuuskuvaus</h1>
<h2>Sivistyspalvelut</h2>
<h3>Opetuksen tietovaranto</h3>
<p>Perusopetuksen oppilaiden tiedot ja opetuksen järjestäminen.</p>
<h4>Keskeiset rekisterit</h4>
<ul><li>Oppilasrekisteri (tietokanta)</li><li>Todistusarkisto</li></ul>
<h4>Tietojärjestelmät</h4>
<ul><li>Oppilashallintojärjestelmä</li></ul>
<p><strong>Hakutekijät:</strong> oppilaan nimi, syntymäaika, koulu</p>
<p><strong>Tietopyynnöt:</strong> kirjaamo@esimerkkila.fi, PL 1, 12345 Esimerkkilä</p>
<p><strong>Tiedon antamisesta päättävä viranomainen:</strong> Opetusjohtaja Olli Opettaja, olli.opettaja(at)esimerkkila.fi</p>
<h4>Tietoaineistojen saatavuus rajapinnan kautta</h4>
<p>Tietoja ei ole saatavissa teknisen rajapinnan kautta.</p>
<h3>Kirjaston tietovaranto</h3>
<p>Kirjaston asiakkaat ja lainat.</p>
<ul><li>Kirjaston asiakasrekisteri</li></ul>
<p>Hakutekijät: kirjastokortin numero</p>
<h2>Tekniset palvelut</h2>
<ul><li>Katuvalorekisteri</li></ul>
<p>Hakutekijät: katuosoite</p>
</main>
<footer><p>Jaa</p></footer>
</body></html>
"""
