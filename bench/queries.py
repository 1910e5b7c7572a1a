"""The synthetic catalog's domain words and the fixed query mix of the search benchmarks (no Django)."""

import random

DOMAINS = [
    "pysäköinti",
    "rakennusvalvonta",
    "liikunta",
    "kirjasto",
    "nuoriso",
    "vanhustyö",
    "koulu",
    "päiväkoti",
    "jätehuolto",
    "vesihuolto",
    "katu",
    "puisto",
    "satama",
    "museo",
    "teatteri",
    "musiikki",
    "kulttuuri",
    "ympäristö",
    "terveys",
    "hammashoito",
    "sosiaalityö",
    "toimeentulo",
    "lastensuojelu",
    "asunto",
    "vuokra",
    "maankäyttö",
    "kaavoitus",
    "kiinteistö",
    "laskutus",
    "palkka",
    "rekrytointi",
    "koulutus",
    "hankinta",
    "sopimus",
    "avustus",
    "lupa",
    "valvonta",
    "tarkastus",
    "pelastus",
    "liikenne",
    "joukkoliikenne",
    "silta",
    "energia",
    "lämpö",
    "sähkö",
    "ilmasto",
    "metsä",
    "kalastus",
    "eläin",
    "elintarvike",
    "ravintola",
    "yritys",
    "työllisyys",
    "kotoutus",
    "vaali",
    "arkisto",
    "viestintä",
    "tiedotus",
    "palaute",
    "asiakas",
    "henkilöstö",
    "talous",
    "kirjanpito",
    "perintä",
    "vakuutus",
    "vahinko",
    "korvaus",
    "kuljetus",
    "ruoka",
    "siivous",
    "tila",
    "kalusto",
    "ajoneuvo",
    "laite",
    "ohjelmisto",
    "verkko",
    "turvallisuus",
]


INFLECTED = [
    "kirjastosta",
    "kouluista",
    "päiväkodin",
    "jätehuollosta",
    "vesihuollon laskut",
    "pysäköinnistä",
    "rakennusvalvonnan luvat",
    "vuokra-asunnot",
    "avustuksista",
    "sopimuksista",
    "palkkatietoni",
    "rekrytointihakemukseni",
    "lastensuojelun asiakirjat",
    "hammashoidon ajat",
    "kaavoituksesta",
    "joukkoliikenteen liput",
    "museon kokoelmat",
    "teatterin",
    "ympäristön valvonta",
    "pelastuksen tarkastukset",
]
QUESTIONS = [
    "mistä löydän {} tiedot",
    "miten saan {} asiakirjat",
    "voinko saada tietoa {}",
    "kuka pitää {} rekisteriä",
]
FOREIGN = ["salary", "archive", "budget", "lön", "arkiv", "contract", "invoice", "procurement"]


def query_mix(count: int = 200, seed: int = 7) -> list[str]:
    """A fixed mix: plain words, compounds, inflected forms, questions, typos, foreign words."""
    rng = random.Random(seed)
    queries: list[str] = []
    while len(queries) < count:
        domain = rng.choice(DOMAINS)
        kind = len(queries) % 6
        if kind == 0:
            queries.append(domain)
        elif kind == 1:
            queries.append(domain + rng.choice(["rekisteri", "järjestelmä", "aineisto"]))
        elif kind == 2:
            queries.append(rng.choice(INFLECTED))
        elif kind == 3:
            queries.append(rng.choice(QUESTIONS).format(domain))
        elif kind == 4 and len(domain) >= 7:
            cut = rng.randrange(1, len(domain) - 1)
            queries.append(domain[:cut] + domain[cut + 1 :])  # one letter missing
        else:
            queries.append(rng.choice(FOREIGN))
    return queries
