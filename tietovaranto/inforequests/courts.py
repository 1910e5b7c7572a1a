"""The administrative courts (hallinto-oikeudet) that hear appeals against refusals (JulkL 33 §,
laki oikeudenkäynnistä hallintoasioissa 808/2019), with their names in Finnish and Swedish and the
address an appeal is sent to. A pure module: catalog.models uses it for Organisation.default_court.

Addresses as published by the courts (oikeus.fi, domstol.ax); check them when a court moves.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Court:
    key: str
    name_fi: str
    name_sv: str
    address_fi: str
    address_sv: str
    email: str

    def name(self, language: str) -> str:
        return self.name_sv if language == "sv" else self.name_fi

    def address(self, language: str) -> str:
        return self.address_sv if language == "sv" else self.address_fi


COURTS = [
    Court(
        "helsinki",
        "Helsingin hallinto-oikeus",
        "Helsingfors förvaltningsdomstol",
        "Radanrakentajantie 5, 00520 Helsinki",
        "Banbyggarvägen 5, 00520 Helsingfors",
        "helsinki.hao@oikeus.fi",
    ),
    Court(
        "hameenlinna",
        "Hämeenlinnan hallinto-oikeus",
        "Tavastehus förvaltningsdomstol",
        "Raatihuoneenkatu 1, 13100 Hämeenlinna",
        "Rådhusgatan 1, 13100 Tavastehus",
        "hameenlinna.hao@oikeus.fi",
    ),
    Court(
        "ita-suomi",
        "Itä-Suomen hallinto-oikeus",
        "Östra Finlands förvaltningsdomstol",
        "PL 1744, 70101 Kuopio (käyntiosoite Minna Canthin katu 64)",
        "PB 1744, 70101 Kuopio (besöksadress Minna Canths gata 64)",
        "ita-suomi.hao@oikeus.fi",
    ),
    Court(
        "pohjois-suomi",
        "Pohjois-Suomen hallinto-oikeus",
        "Norra Finlands förvaltningsdomstol",
        "PL 189, 90101 Oulu (käyntiosoite Isokatu 4)",
        "PB 189, 90101 Uleåborg (besöksadress Storgatan 4)",
        "pohjois-suomi.hao@oikeus.fi",
    ),
    Court(
        "turku",
        "Turun hallinto-oikeus",
        "Åbo förvaltningsdomstol",
        "PL 32, 20101 Turku (käyntiosoite Sairashuoneenkatu 2–4)",
        "PB 32, 20101 Åbo (besöksadress Lasarettsgatan 2–4)",
        "turku.hao@oikeus.fi",
    ),
    Court(
        "vaasa",
        "Vaasan hallinto-oikeus",
        "Vasa förvaltningsdomstol",
        "PL 204, 65101 Vaasa (käyntiosoite Korsholmanpuistikko 43)",
        "PB 204, 65101 Vasa (besöksadress Korsholmsesplanaden 43)",
        "vaasa.hao@oikeus.fi",
    ),
    Court(
        "aland",
        "Ahvenanmaan hallintotuomioistuin",
        "Ålands förvaltningsdomstol",
        "PL 121, AX-22101 Maarianhamina (käyntiosoite Torggatan 16)",
        "PB 121, AX-22101 Mariehamn (besöksadress Torggatan 16)",
        "forvaltningsdomstolen@domstol.ax",
    ),
]
COURTS_BY_KEY = {court.key: court for court in COURTS}
COURT_CHOICES = [(court.key, court.name_fi) for court in COURTS]


def court_get(key: str) -> Court | None:
    return COURTS_BY_KEY.get(key)
