"""What kind of authority an organisation is and where it is: the national view lists and filters by these."""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    WELLBEING_COUNTY = "wellbeing_county", _("Wellbeing services county")
    JOINT_AUTHORITY = "joint_authority", _("Joint municipal authority")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    STATE_AGENCY = "state_agency", _("State agency")
    UNIVERSITY = "university", _("University")
    OTHER = "other", _("Other authority")


# Finland's regions (maakunnat) and Åland; an empty region means the authority serves the whole country.
class Region(models.TextChoices):
    UUSIMAA = "uusimaa", _("Uusimaa")
    VARSINAIS_SUOMI = "varsinais-suomi", _("Southwest Finland")
    SATAKUNTA = "satakunta", _("Satakunta")
    KANTA_HAME = "kanta-hame", _("Kanta-Häme")
    PIRKANMAA = "pirkanmaa", _("Pirkanmaa")
    PAIJAT_HAME = "paijat-hame", _("Päijät-Häme")
    KYMENLAAKSO = "kymenlaakso", _("Kymenlaakso")
    ETELA_KARJALA = "etela-karjala", _("South Karelia")
    ETELA_SAVO = "etela-savo", _("South Savo")
    POHJOIS_SAVO = "pohjois-savo", _("North Savo")
    POHJOIS_KARJALA = "pohjois-karjala", _("North Karelia")
    KESKI_SUOMI = "keski-suomi", _("Central Finland")
    ETELA_POHJANMAA = "etela-pohjanmaa", _("South Ostrobothnia")
    POHJANMAA = "pohjanmaa", _("Ostrobothnia")
    KESKI_POHJANMAA = "keski-pohjanmaa", _("Central Ostrobothnia")
    POHJOIS_POHJANMAA = "pohjois-pohjanmaa", _("North Ostrobothnia")
    KAINUU = "kainuu", _("Kainuu")
    LAPPI = "lappi", _("Lapland")
    AHVENANMAA = "ahvenanmaa", _("Åland")


# Checked in order: "Pirkanmaan sairaanhoitopiirin kuntayhtymä" is a joint authority, not a region.
_KIND_PATTERNS = [
    (OrganisationKind.WELLBEING_COUNTY, r"hyvinvointialue|välfärdsområde"),
    (OrganisationKind.JOINT_AUTHORITY, r"kuntayhtymä|sairaanhoitopiiri|samkommun"),
    (OrganisationKind.REGIONAL_COUNCIL, r"\bliitto\b|landskapsförbund"),
    (OrganisationKind.UNIVERSITY, r"yliopisto|korkeakoulu|universitet|högskola"),
    (OrganisationKind.MUNICIPALITY, r"\b(kaupunki|kunta|stad|kommun)\b|kaupunki$|kunta$"),
    (
        OrganisationKind.STATE_AGENCY,
        r"ministeriö|virasto|laitos|hallinto|keskus|arkisto|\btulli\b|poliisi|ministeriet|verket|förvaltning",
    ),
]


def guess_kind(name: str) -> str:
    """The kind an organisation's name suggests, or "" when it does not say (the records manager sets it)."""
    lowered = name.lower()
    for kind, pattern in _KIND_PATTERNS:
        if re.search(pattern, lowered):
            return str(kind)
    return ""
