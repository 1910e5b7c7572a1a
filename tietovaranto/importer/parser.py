"""Recognise the structure of a 28 § description page.

Such pages, whoever publishes them, are built from the same parts: service areas, resource headings,
bullet lists of registers, data sets and systems, and labelled lines ("Hakutekijät …:",
"Tietopyynnöt:", "Tiedon antamisesta päättävä viranomainen:", "… rajapinnan kautta"). The parser
knows those parts, not one city's page. It works on blocks (lines, bullets, HTML headings) and
keeps each block's line number so the report can point at anything it could not place.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from tietovaranto.importer.blocks import Block, page_blocks
from tietovaranto.importer.fields import (
    CONTACT_KIND_LABEL_RE,
    PHONE_PREFIX_RE,
    POSTCODE_RE,
    STREET_RE,
    Contact,
    InterfaceFact,
    ParsedDecider,
    ParsedItem,
    _word_classes,
    addresses_in_sentence,
    case_register_systems,
    classify_interface_sentence,
    criteria_in_sentence,
    decider_in_sentence,
    has_finite_verb,
    merge_interface_facts,
    parse_bullet_contact,
    parse_contacts,
    parse_criteria,
    parse_decider,
    parse_item,
    resolve_contact_patterns,
    split_list,
    split_sentences,
    systems_named_in_sentence,
)
from tietovaranto.importer.privacy_notice import Notice, notice_resource, read_notice

_CHROME_WORDS = (
    r"hyppää sisältöön|siirry sisältöön|siirry suoraan sisältöön|suoraan sisältöön|ohita valikko|"
    r"hoppa till (?:huvud)?innehåll(?:et)?|gå till innehållet|skip to (?:main )?content|tekstikoko|"
    r"textstorlek|"
    r"pienennä tekstin kokoa|suurenna tekstin kokoa|sivukartta|webbplatskarta|sitemap|suosikit|"
    r"palaute|respons|feedback|på svenska|suomeksi|in english|saavutettavuusseloste|"
    r"tillgänglighetsutlåtande|evästeasetukset|evästeet|kakinställningar|hyväksy kaikki evästeet|"
    r"hyväksy evästeet|vain välttämättömät|jaa sivu|dela sidan|jaa|tulosta|sivun alkuun|takaisin ylös|"
    r"share|dela|skriv ut|print|facebook|twitter|linkedin|x|whatsapp|sähköposti|instagram|youtube|"
    r"kirjaudu|logga in|haku|sök|search|valikko|meny|menu|sulje|stäng"
)
NOISE_RE = re.compile(
    rf"^(?:(?:{_CHROME_WORDS})(?:\s*[|/·•]\s*(?:{_CHROME_WORDS}))*\s*»?|sivua päivitetään\.?|"
    r"(sivu )?päivitetty.*|uppdaterad.*|updated.*|©.*|\(c\) .*|"
    # breadcrumbs: "Etusivu / Kunta ja hallinto / Tietovarannot", "Etusivu › …"
    r"(?:etusivu|koti|hem|home|startsida)\s*[/›>»|].*|[^.:]{1,60}(?:\s[›»>]\s[^.:]{1,60}){1,6}"
    r")$",
    re.IGNORECASE,
)
# A lead-in that advertises a service to the reader: "Oma Opintopolku-palvelussa voit:"
ADVERT_RE = re.compile(
    r"\bvoit\b|\bvoitte\b|palvelussa\b|\bkan du\b|\bi tjänsten\b|\byou can\b", re.IGNORECASE
)
COOKIE_RE = re.compile(r"\b(?:evästei|evästeet|evästeit|cookie|kakor)", re.IGNORECASE)


@lru_cache(maxsize=16384)
def is_noise(text: str) -> bool:
    """Site chrome and page furniture: skip links, tools, share links, breadcrumbs, cookie banners,
    a row of links."""
    return (
        bool(NOISE_RE.match(text)) or (len(text) < 300 and bool(COOKIE_RE.search(text))) or is_link_row(text)
    )


def is_link_row(text: str) -> bool:
    """'Esityslistat Pöytäkirjat Viranhaltijapäätökset Sidonnaisuusrekisteri': links side by side that
    lost their separators, not a heading (which capitalises its first word and proper names only)."""
    words = text.split()
    return (
        3 <= len(words) <= 10
        and all(word[:1].isupper() and word[1:].islower() and word.isalpha() for word in words)
        and all(_word_classes(word) == {"nimisana"} for word in words)
    )


TITLE_RE = re.compile(
    r"^(palvelujen ja toimintojen )?tietovarannot$|asiakirjajulkisuus|julkisuuskuvaus|tiedonhallintalain|"
    r"28 §|handlingsoffentlighet|handlingar(?:na)?s offentlighet|informationsresurser$|"
    r"information resources$|"
    r"tietovarannot ja asiarekister|"
    r"asiarekisteri ja tietovarann|^tietovarannot\b|"
    # "Informationslager och deras användningsändamål": the heading over all resources, as in Finnish
    r"^(?:informationslager|informationsresurser|information resources) (?:och deras|and their)\b|"
    r"^kuvaus\b.*\b(?:tiedoista|asiakirjoista|tietovarann)",
    re.IGNORECASE,
)

# Labels: the part before ":" (or a whole short heading line).
CRITERIA_LABEL_RE = re.compile(
    r"hakutekij|hakuehdo|hakuperust|sökfaktor|sökkriteri|sökbegrepp|sökterm|search criteri|"
    # "Asiarekisteristä voidaan hakea asioita … seuraavien metatietojen perusteella:" (Luke)
    r"\bha(?:kea|etaan|ettavissa)\b.*\bperusteella\b|\bkan sökas\b.*\bpå\b",
    re.IGNORECASE,
)
CONTACT_LABEL_RE = re.compile(
    r"tietopyyn|tietopyyntöjen|yhteystiedot|yhteydenot|kirjaamo|begäran om|informationsbegär|begäran|"
    r"kontaktuppgifter|registratur|information request|requests? for information",
    re.IGNORECASE,
)
# A bare heading that opens the organisation's request section (not one resource's contacts)
CONTACT_HEADING_RE = re.compile(
    r"^(?:tietopyynnöt|tietopyyntö|tietopyynnön (?:tekeminen|toimittaminen|lähettäminen|esittäminen)|"
    r"tietopyyntöjen (?:tekeminen|toimittaminen|lähettäminen)|yhteystiedot|kirjaamo|kirjaamon yhteystiedot|"
    r"tietopalvelu ja tietopyynnöt|begäran om (?:uppgifter|information|handlingar)|kontaktuppgifter|"
    # "Tietopalvelu ja tietojen luovutus", "Informationstjänst och utlämnande av uppgifter": how the
    # organisation gives out information, not a service area
    r"tietopalvelu(?: ja tietojen (?:luovutus|luovuttaminen|antaminen))?|tietojen (?:luovutus|luovuttaminen)|"
    r"informationstjänst(?: och utlämnande av (?:uppgifter|handlingar))?|"
    r"utlämnande av (?:uppgifter|handlingar)|"
    r"registratur|registraturens kontaktuppgifter|contact information|information requests)$",
    re.IGNORECASE,
)
DECIDER_LABEL_RE = re.compile(
    r"päättävä|päättää|päätöksen tekee|ratkaisuvalta|beslutar|beslutande|beslut om utlämnande|fattas av|"
    r"decides|deciding",
    re.IGNORECASE,
)
INTERFACE_LABEL_RE = re.compile(r"rajapin|gränssnitt|interface", re.IGNORECASE)
DESCRIPTION_LABEL_RE = re.compile(
    r"^(?:(?:tietovarannon|rekisterin|tietoaineiston|tietojen|informationsresursens|registrets)\s+)?"
    r"(käyttötarkoitus|tarkoitus|kuvaus|sisältö|tietosisältö|ändamål|ändamålet|beskrivning|innehåll|purpose)$",
    re.IGNORECASE,
)
KEYWORDS_LABEL_RE = re.compile(r"^(asiasanat|avainsanat|nyckelord|ämnesord|keywords)$", re.IGNORECASE)
# "Tietovarannot: A, B." introduces the resources described below; it is not a list of items
# "Tietovarannot: A, B." introduces the resources described below; it is not a list of items
INDEX_LABEL_RE = re.compile(
    r"^(?:(?:[\wåäöÅÄÖ-]+n\s+)?(?:kunnan|kaupungin)\s+)?"
    r"(tietovarannot|informationsresurser|informationslager|information resources)$|"
    # "Hausjärven kunnan tietoaineistot": the owner's whole list, not one data set or register
    r"^(?:[\wåäöÅÄÖ-]+n\s+)?(?:kunnan|kaupungin|kuntayhtymän|liiton|viraston)\s+(?:tietoaineistot|rekisterit)$",
    re.I,
)
RESOURCE_LABEL_RE = re.compile(
    r"^(tietovaranto|tietovarannon nimi|informationsresurs|informationsresursens namn|information resource)$",
    re.IGNORECASE,
)
SWEDISH_LABEL_RE = re.compile(
    r"ändamål|beskrivning|innehåll|sökfaktor|sökkriteri|sökbegrepp|beslut|fattas av|begäran|kontaktuppgift|"
    r"registratur|informationsresurs|informationssystem|datasystem|registren|datamaterial|gränssnitt|"
    r"nyckelord|ämnesord",
    re.IGNORECASE,
)
# Interface statements written as a plain sentence, e.g. "Tietoaineistot eivät ole saatavissa …"
AVAILABILITY_RE = re.compile(r"saatavi|saatavissa|luovut|tillgänglig|utlämn|available", re.IGNORECASE)
STATEMENT_VERB_RE = re.compile(r"\b(ei|eivät|ole|ovat|on|är|inte|finns|is|are|not)\b", re.IGNORECASE)
# "Hallinnon tietoja ei ole saatavilla avoimesti.": not openly available, so through no interface either
NOT_OPENLY_RE = re.compile(r"\b(?:ei|eivät|inte)\b.*\b(?:avoimesti|öppet)\b", re.IGNORECASE)
NOT_A_STATEMENT_RE = re.compile(r"\bonko\b|ilmenee|tarkoitetaan|kerrotaan|framgår|avses|\bom\b.*\bär\b", re.I)

_CATEGORY = (
    r"(?:rekisterit|rekisteri|henkilörekisterit|tietojärjestelmät|järjestelmät|tietoaineistot|aineistot|"
    r"asiakirjat|tietokannat|register|registren|informationssystem|system|datasystem|datamaterial|material|"
    r"registers|information systems|systems|data sets|datasets)"
)
ITEM_SECTION_RE = re.compile(
    rf"^(?:keskeiset|tärkeimmät|muut|centrala|viktigaste|övriga|main|key|other)?\s*"
    rf"{_CATEGORY}(?:\s*(?:,|ja|sekä|och|and)\s*{_CATEGORY})*:?$",
    re.IGNORECASE,
)
SYSTEM_SECTION_RE = re.compile(
    r"^(?:keskeiset |tärkeimmät |muut |centrala |övriga |main |key |other )?"
    r"(tietojärjestelmät|järjestelmät|informationssystem|system|datasystem|information systems|systems):?$",
    re.IGNORECASE,
)
# "Keskeiset tietojärjestelmät: A, B", "Tietovarannon toteuttavat tietojärjestelmät: A": an inline item list
ITEM_LABEL_RE = re.compile(
    rf"^(?:[\wåäöÅÄÖ-]+\s+){{0,3}}?{_CATEGORY}(?:\s*(?:,|ja|sekä|och|and)\s*{_CATEGORY})*$", re.IGNORECASE
)
ITEM_KIND_OF_LABEL = [
    (re.compile(r"järjestelm|system", re.IGNORECASE), "system"),
    (re.compile(r"aineist|datamaterial|material|data ?sets", re.IGNORECASE), "dataset"),
    (re.compile(r"rekister|register", re.IGNORECASE), "register"),
]

AREA_NAME_RE = re.compile(
    r"(palvelut|palvelualue|toimiala|hallinto|tulosalue|vastuualue|yksikkö|keskus|virasto|osasto|toimi|"
    r"tehtävät|lautakunta|tjänster|förvaltning|avdelning|enhet|services|department|administration)$",
    re.IGNORECASE,
)
CASE_REGISTER_RE = re.compile(r"asiarekister|ärenderegist|case register", re.IGNORECASE)
# "Asiarekisterinä toimii VAHVA-asianhallintajärjestelmä, …", "Som ärenderegister används …": a page's
# case register stated in one sentence, with no heading over it
CASE_REGISTER_SENTENCE_RE = re.compile(
    r"^(?:[\wåäöÅÄÖ-]+\s+){0,3}?(?P<fi>asiarekisterinä)\b|^som (?P<sv>ärenderegister)\b", re.IGNORECASE
)
# "Viraston salattu nettilomake", "e-blankett": a form to fill in, not a recipient
FORM_RE = re.compile(r"lomake\b|blankett\b|\bweb ?form\b|\bform\b", re.IGNORECASE)
# "… tulee osoittaa kanslian kirjaamoon kirjaamo@x.fi": a sentence that gives the registry office
REGISTRY_OFFICE_RE = re.compile(r"kirjaamo|registrator|registratur|registry office", re.IGNORECASE)
# Words that make a lead-in sentence introduce items: "Keskeisiä tietojärjestelmiä ovat:"
ITEM_WORD_RE = re.compile(r"järjestelm|rekister|aineist|system|register|material", re.IGNORECASE)
# A name whose head noun makes it a register or a system ("Alueellinen yhteisrekisteri")
ITEM_HEAD_RE = re.compile(r"(?:rekisteri|järjestelmä|register|registret|system|systemet)$", re.IGNORECASE)
RESOURCE_NAME_RE = re.compile(
    r"tietovarant|tietovaranno|rekister|aineist|järjestelm|arkisto|informationsresurs|register|dataset|"
    r"information resource|informationslager",
    re.IGNORECASE,
)
# "Pohjanmaan liiton tietovarannot ja niiden käyttötarkoitus", "Fyysiset tietovarannot (arkistot)":
# a plural heading over a list of resources
GROUP_HEADING_RE = re.compile(
    r"^(?:[\wåäöÅÄÖ-]+\s+){0,3}?(tietovarannot|informationsresurser|informationslager|information resources)"
    r"(?:\s*\([^)]*\))?(?:\s+(?:ja|sekä|och|and)\s+(?:niiden|deras|their)\s+[\wåäö]+)?$",
    re.I,
)
# "Asiakastietovarannon kuvaus, ylläpito ja rekisterit", "Asiakastietovarannon tietoaineistot": a
# heading over one part of the resource described above it (what it holds, how it is kept)
ASPECT_HEADING_RE = re.compile(
    r"^[\wåäöÅÄÖ-]*(?:tietovarannon|tietovarantojen|informationsresursens|informationslagrets)\s+"
    r"(?!.*(?:tietovaranto|tietovarannot|informationsresurs|informationslager)$)\S",
    re.IGNORECASE,
)
# "Hallintoasioiden tietovaranto. Käyttötarkoitus: Hallintoasioiden ohjaus …": a resource in one bullet
RESOURCE_BULLET_RE = re.compile(r"^(?P<name>[^.:]{3,100}?)\.\s+(?P<label>[^.:]{2,60}):\s*(?P<value>.*)$")
# "Asianhallinnan tietovaranto/rekisteri, tiedonohjausjärjestelmä": a resource's name, then after a
# comma the system it is kept in
SYSTEM_AFTER_NAME_RE = re.compile(
    r"^(?P<name>[^,]{3,}),\s+(?P<system>(?:[\wåäöÅÄÖ-]+\s+){0,3}[\wåäöÅÄÖ-]*(?:järjestelmä|system|systemet))$",
    re.IGNORECASE,
)
# "Rekisterin nimi" over "Rekisterin nimi on Helsingin kaupungin henkilöstörekisteri, johon …": a label
NAME_LABEL_HEADING_RE = re.compile(
    r"^(?:rekisterin|tietovarannon|järjestelmän|tietojärjestelmän) nimi$|^(?:registrets|systemets) namn$",
    re.IGNORECASE,
)
NAME_IN_SENTENCE_RE = re.compile(
    r"^\S+ (?:nimi on|namn är) (?P<name>[^,.;:]{3,100})(?:[,.;:]|$)", re.IGNORECASE
)


def name_and_system(name: str) -> tuple[str, ParsedItem | None]:
    """'Taloushallinnon tietovaranto, taloushallinnon tietojärjestelmä' → the name, and the system."""
    match = SYSTEM_AFTER_NAME_RE.match(name)
    if match is None or not RESOURCE_NAME_RE.search(match.group("name")) or has_finite_verb(name):
        return name, None
    return match.group("name").strip(), ParsedItem(match.group("system").strip(), "system")


# "Talouspalveluiden tietovaranto", "Informationslager inom ekonomitjänster": a name whose head noun
# is one resource (not the plural over a list of them, not a register or a system)
ONE_RESOURCE_NAME_RE = re.compile(
    r"(?:tietovaranto|informationsresurs|information resource)$|"
    r"^(?:informationslager|informationsresurs(?:en)?|information resource)\s+(?:inom|för|for|of)\b",
    re.IGNORECASE,
)


@dataclass
class Facts:
    """What a page can state for a resource, an area or the whole organisation."""

    criteria: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    decider: ParsedDecider | None = None
    interface: list[InterfaceFact] = field(default_factory=list)
    # a bilingual page states some facts twice; the Swedish wording is kept apart
    criteria_sv: list[str] = field(default_factory=list)
    decider_sv: ParsedDecider | None = None

    def is_empty(self) -> bool:
        return not (self.criteria or self.contacts or self.decider or self.interface)

    def add_contacts(self, contacts: list[Contact]) -> None:
        """Add the contacts not stated already (a page may give one address twice)."""
        self.contacts.extend(c for c in contacts if c not in self.contacts)


@dataclass
class ParsedResource:
    name: str
    line: int
    description: list[str] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    implicit: bool = False  # an area's registers with no resource heading become one resource
    name_sv: str = ""
    description_sv: list[str] = field(default_factory=list)
    # the English beside the Finnish or Swedish (a DCAT catalog's @en title and description)
    name_en: str = ""
    description_en: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    # the language of its texts where it differs from the page's (a catalog file's resource described
    # in Swedish only among Finnish ones); "" for the page's
    language: str = ""

    def add_item(self, item: ParsedItem) -> None:
        """A sub-resource listed first and described later ("Talouden tietovaranto (…)") is one item."""
        for index, existing in enumerate(self.items):
            if (existing.name, existing.kind) == (item.name, item.kind):
                if item.note and not existing.note:
                    self.items[index] = item
                return
        self.items.append(item)


@dataclass
class ParsedArea:
    name: str
    line: int
    description: list[str] = field(default_factory=list)
    resources: list[ParsedResource] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    name_sv: str = ""


@dataclass
class ParsedPage:
    title: str = ""
    # the language the page is written in (page_language): its names and texts are in that language;
    # a bilingual page is Finnish, with the Swedish it states beside the Finnish in the `_sv` slots
    language: str = "fi"
    facts: Facts = field(default_factory=Facts)
    areas: list[ParsedArea] = field(default_factory=list)
    resources_without_area: list[ParsedResource] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # the organisation's registry office (kirjaamo): where requests go when no resource names a contact
    registry: list[Contact] = field(default_factory=list)
    # tables whose columns were lost when the page was copied: (header line, header text, row count);
    # their rows are left unplaced (flattened_table_header)
    flattened_tables: list[tuple[int, str, int]] = field(default_factory=list)
    # the lines of the resources read from privacy notices (tietosuojaseloste), one register each
    privacy_notices: list[int] = field(default_factory=list)

    def all_resources(self) -> list[ParsedResource]:
        return self.resources_without_area + [r for area in self.areas for r in area.resources]


# The column headings of a table of resources, in Finnish and Swedish
TABLE_COLUMN_RE = re.compile(
    r"^(?:rekisteri|rekisterit|tietovaranto|tietovarannot|tietojärjestelmä|tietojärjestelmät|järjestelmä|"
    r"tietoaineisto|tietoaineistot|käyttötarkoitus|tarkoitus|kuvaus|rekisterinpitäjä|vastuuhenkilö|"
    r"vastuutaho|vastuuyksikkö|hakutekijät|yhteystiedot|säilytysaika|nimi|register|informationsresurs|"
    r"informationssystem|ändamål|beskrivning|registeransvarig|namn)$",
    re.IGNORECASE,
)


def flattened_table_header(text: str) -> bool:
    """'Rekisteri / Tietovaranto Käyttötarkoitus Rekisterinpitäjä': a table's header row whose cells
    were joined with spaces when the page was copied as text, so its rows cannot be split either."""
    if ":" in text or is_sentence(text):
        return False
    words = [word for word in re.split(r"[\s/]+", text) if word]
    return (
        3 <= len(words) <= 8
        and len({word.lower() for word in words}) >= 3
        and all(word[:1].isupper() and TABLE_COLUMN_RE.match(word) for word in words)
    )


def is_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?")) or len(text.split()) > 12


@lru_cache(maxsize=16384)  # pure, and asked many times per line by the lookahead
def label_of(text: str) -> tuple[str, str] | None:
    """('label', 'value') for 'Label: value' lines; value may be empty."""
    # "THL:n asiarekisteri", "28 §:n mukainen": a colon before a case ending is no label separator
    match = re.match(r"^([^:]{2,80}):(?![\wåäöÅÄÖ])\s*(.*)$", text)
    if not match or "@" in match.group(1) or re.search(r"https?$", match.group(1)):
        return None
    return match.group(1).strip(), match.group(2).strip()


@lru_cache(maxsize=16384)  # pure, and asked many times per line by the lookahead
def label_kind(label: str) -> str | None:
    if CRITERIA_LABEL_RE.search(label):
        return "criteria"
    if DECIDER_LABEL_RE.search(label):
        return "decider"
    if INTERFACE_LABEL_RE.search(label):
        return "interface"
    if CONTACT_LABEL_RE.search(label):
        return "contacts"
    if DESCRIPTION_LABEL_RE.match(label):
        return "description"
    if KEYWORDS_LABEL_RE.match(label):
        return "keywords"
    if INDEX_LABEL_RE.match(label):
        return "index"
    if RESOURCE_LABEL_RE.match(label):
        return "resource"
    if ITEM_LABEL_RE.match(label):
        return "items"
    return None


def item_kind_of_label(label: str) -> str | None:
    """'Keskeiset tietojärjestelmät' → system; 'Rekisterit ja tietoaineistot' → None (by each name)."""
    kinds = {kind for pattern, kind in ITEM_KIND_OF_LABEL if pattern.search(label)}
    return kinds.pop() if len(kinds) == 1 else None


@lru_cache(maxsize=16384)  # pure, and asked many times per line by the lookahead
def section_of_heading(text: str) -> tuple[str, str | None] | None:
    """A short heading line that opens a section: ('items', kind) or ('criteria'|…, None)."""
    stripped = text.strip()
    if len(stripped.split()) > 12 and not stripped.endswith(":"):
        return None  # a sentence that mentions "hakutekijät" is not a heading
    if SYSTEM_SECTION_RE.match(stripped):
        return "items", "system"
    if ITEM_SECTION_RE.match(stripped):
        return "items", None
    bare = stripped.rstrip(":")
    if CONTACT_HEADING_RE.match(bare) and not stripped.endswith(":"):
        return "contacts_org", None
    kind = label_kind(bare)
    if kind in ("index", "resource") and not stripped.endswith(":"):
        return None
    if kind and stripped.endswith(":"):
        return kind, None
    # "Hakutekijät, joilla asiakirjoja on mahdollista hakea" as a heading over its values
    if kind in ("interface", "criteria", "decider", "description", "keywords") and ":" not in stripped:
        return kind, None
    return None


def is_interface_statement(sentence: str) -> bool:
    """'Tietoaineistot eivät ole saatavissa avoimesti teknisen rajapinnan avulla.' — not the
    introduction's 'kuvauksesta ilmenee, onko tietoaineisto saatavissa … rajapinnan kautta'."""
    return bool(
        (INTERFACE_LABEL_RE.search(sentence) or NOT_OPENLY_RE.search(sentence))
        and AVAILABILITY_RE.search(sentence)
        and STATEMENT_VERB_RE.search(sentence)
        and not NOT_A_STATEMENT_RE.search(sentence)
    )


def is_finnish(text: str) -> bool:
    words = re.findall(r"[A-Za-zÅÄÖåäöÉé-]+", text)
    return bool(words) and sum(1 for word in words if _word_classes(word)) * 2 >= len(words)


def is_swedish(text: str) -> bool:
    """Swedish (or at least not Finnish): Voikko knows none of its words."""
    words = re.findall(r"[A-Za-zÅÄÖåäöÉé-]+", text)
    return bool(words) and not any(_word_classes(word) for word in words if len(word) > 2)


@lru_cache(maxsize=16384)  # pure, and asked many times per line by the lookahead
def split_bilingual(text: str) -> tuple[str, str]:
    """'Perusopetus / Grundläggande utbildning' → ('Perusopetus', 'Grundläggande utbildning')."""
    if "@" in text or re.search(r"\d", text):
        return text, ""  # addresses and numbers are not translations of each other
    parts = [part.strip() for part in re.split(r"\s+[/|–]\s+", text)]
    if len(parts) == 2 and all(parts) and is_finnish(parts[0]) and is_swedish(parts[1]):
        return parts[0], parts[1]
    return text, ""


def contact_bullet(text: str) -> list[Contact]:
    """'Sähköposti: kirjaamo@x.fi', 'per post till adressen PB 512, 00101 Helsingfors': a bullet that
    gives an address or a number (its non-person contacts), never an item."""
    if len(text.split()) > 10:
        return []
    return [c for c in resolve_contact_patterns(parse_bullet_contact(text)) if c.kind != "person"]


# Words every text of a language has many of, and the others (nearly) none of
_WORDS = {
    "fi": "ja on ovat että sekä tai ei eikä myös joka jotka jonka joiden joita jossa sen niiden tämä tässä "
    "kuin mukaan osalta kautta voidaan tiedot tietoja",
    "sv": "och är som av för om på med till den det de ett att inom eller inte finns samt från hos enligt "
    "kan ska i",
    "en": "the and of is are to for which with by from this be or its in",
}
FUNCTION_WORDS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
# a page with this share of Finnish (against its main language) is Finnish, with translations beside
FINNISH_SHARE = 0.25


def page_language(blocks: list[Block]) -> str:
    """fi, sv or en: the language most of the page's words are in, by the small words every sentence
    has. Finnish unless another language clearly dominates: a bilingual page is read as Finnish, with
    its Swedish beside (split_bilingual, Swedish labels)."""
    counts = dict.fromkeys(FUNCTION_WORDS, 0)
    for block in blocks:
        if block.kind in ("footer", "break") or is_noise(block.text):
            continue
        for word in re.findall(r"[a-zåäö]+", block.text.lower()):
            for language, words in FUNCTION_WORDS.items():
                counts[language] += word in words
    main = max(counts, key=lambda language: counts[language])
    if main == "fi" or counts[main] == 0 or counts["fi"] >= FINNISH_SHARE * counts[main]:
        return "fi"
    return main


NUMBERING_RE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]?|[IVX]{1,4}\.)\s+(?=\S)")


def _is_alternative_text(block: Block) -> bool:
    """An image's alternative text above the title, copied with the page ("kuvituskuva digitaalisesta
    tiedosta"): a lower-case line that is no sentence and no title."""
    text = block.text
    if block.kind == "heading" or not text[:1].islower():
        return False
    return not is_sentence(text) and not TITLE_RE.search(text)


class _PageParser:
    def __init__(self, blocks: list[Block]) -> None:
        self.page = ParsedPage()
        # a flattened table (its header and rows) is one break, whose lines stay unplaced
        self._flattened: list[tuple[Block, list[Block]]] = []
        self.blocks = self._cut_flattened_tables(blocks)
        self.area: ParsedArea | None = None
        self.resource: ParsedResource | None = None
        self.section: str | None = None
        self.section_kind: str | None = None
        self.area_level: int | None = None
        self._named_recipient_allowed = False
        self._footer_contacts: list[Contact] = []
        # a description with a page per resource: the resource the current page is about
        self._after_break = False
        self._page_resource: ParsedResource | None = None
        # the resource the last bullet written as a whole resource opened (_resource_bullet)
        self._bullet_resource: ParsedResource | None = None
        # the area description whose last line lists the area's services (one bullet each)
        self._services_listed: list[str] | None = None

    def _cut_flattened_tables(self, blocks: list[Block]) -> list[Block]:
        """Replace each flattened table (a header row, then the lines right below it) by a break, so
        that no heading above it takes its rows and no row becomes a resource."""
        result: list[Block] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            end = index + 1
            if block.kind == "line" and flattened_table_header(block.text):
                while (
                    end < len(blocks)
                    and blocks[end].kind == "line"
                    and blocks[end].line == blocks[end - 1].line + 1
                ):
                    end += 1
            if end > index + 1:
                rows = blocks[index:end]
                cut = Block("break", "", block.line)
                self._flattened.append((cut, rows))
                self.page.flattened_tables.append((block.line, block.text, len(rows) - 1))
                result.append(cut)
            else:
                result.append(block)
            index = end
        return result

    # -- where facts go -----------------------------------------------------------------------------

    def _facts(self) -> Facts:
        if self.resource is not None:
            return self.resource.facts
        if self.area is not None:
            return self.area.facts
        return self.page.facts

    def _resource_for_content(self, block: Block) -> ParsedResource | None:
        """Items need a resource; directly under an area they form one resource of the area's name."""
        if self.resource is None and self.area is not None:
            self._open_resource(self.area.name, block.line, implicit=True)
        return self.resource

    def _open_area(self, name: str, line: int, name_sv: str = "") -> None:
        existing = next((area for area in self.page.areas if area.name == name), None)
        if existing is not None:
            # a multi-page description repeats an area heading on each page of the area: one area
            first = existing.line
            self.page.warnings.append((line, f"the heading '{name}' repeats (first on line {first}); merged"))
            self.area = existing
        else:
            self.area = ParsedArea(name, line, name_sv=name_sv)
            self.page.areas.append(self.area)
        self.resource = None
        self._set_section(None)

    def _open_resource(self, name: str, line: int, implicit: bool = False, name_sv: str = "") -> None:
        system = None
        if not implicit:
            name, system = name_and_system(name)
        self._open_named_resource(name, line, implicit, name_sv)
        if system is not None and self.resource is not None:
            self.resource.add_item(system)

    def _open_named_resource(self, name: str, line: int, implicit: bool, name_sv: str) -> None:
        # the same heading again in the same area is one resource (a page per resource repeats it);
        # the same name in another area is left for the importer to refuse, with both lines
        siblings = self.area.resources if self.area is not None else self.page.resources_without_area
        existing = next((r for r in siblings if r.name == name), None)
        if existing is not None and not implicit:
            first = existing.line
            self.page.warnings.append((line, f"the heading '{name}' repeats (first on line {first}); merged"))
            self.resource = existing
        else:
            self.resource = ParsedResource(name, line, implicit=implicit, name_sv=name_sv)
            if self.area is not None:
                self.area.resources.append(self.resource)
            else:
                self.page.resources_without_area.append(self.resource)
        self._set_section(None)

    def _set_section(self, section: str | None, kind: str | None = None) -> None:
        self.section, self.section_kind = section, kind
        self._named_recipient_allowed = section == "contacts"

    # -- lookahead ------------------------------------------------------------------------------------

    def _next(self, index: int, offset: int = 1) -> Block | None:
        seen = 0
        for block in self.blocks[index + 1 :]:
            if is_noise(block.text) or block.kind in ("footer", "break"):
                continue
            seen += 1
            if seen == offset:
                return block
        return None

    def _next_index(self, index: int) -> int | None:
        for position in range(index + 1, len(self.blocks)):
            block = self.blocks[position]
            if not (is_noise(block.text) or block.kind in ("footer", "break")):
                return position
        return None

    def _is_plain_heading(self, block: Block | None) -> bool:
        """A heading that is neither a label nor a section: an area or a resource name."""
        if block is None or block.kind in ("bullet", "footer", "break"):
            return False
        if block.kind == "line" and (is_sentence(block.text) or label_of(block.text)):
            return False
        if self._is_aspect_heading(block):
            return False
        return section_of_heading(split_bilingual(block.text)[0]) is None

    @staticmethod
    def _is_aspect_heading(block: Block) -> bool:
        """'Tietovarantojen kuvaus, ylläpito ja rekisterit': a heading over a part of the resource above
        it, which only a resource has (so the heading over them names a resource)."""
        if block.kind not in ("line", "heading") or is_sentence(block.text) or label_of(block.text):
            return False
        name = NUMBERING_RE.sub("", block.text).strip()
        return bool(ASPECT_HEADING_RE.match(name)) and section_of_heading(name) is None

    def _is_content(self, block: Block) -> bool:
        """What only a resource has under it: lists, items, criteria, deciders, interface statements,
        headings over a part of it."""
        if self._is_aspect_heading(block):
            return True
        if block.kind == "bullet":
            if contact_bullet(block.text):
                return False  # contacts alone do not make a resource: request guidance has them too
            return not has_finite_verb(re.split(r"[,(:]", block.text, maxsplit=1)[0])
        text = split_bilingual(block.text)[0]
        # contacts alone do not make a resource: request guidance has them too
        labelled = label_of(text)
        if labelled is not None and label_kind(labelled[0]) not in (None, "index", "contacts"):
            return True
        if is_sentence(text):
            return False
        section = section_of_heading(text)
        return section is not None and section[0] not in ("contacts_org", "contacts")

    def _run(self, index: int) -> tuple[bool, bool, int | None]:
        """After a heading: (has resource content, has prose, index of the next plain heading)."""
        content = prose = False
        for position in range(index + 1, len(self.blocks)):
            block = self.blocks[position]
            if is_noise(block.text) or block.kind in ("footer", "break"):
                if block.kind == "break":
                    return content, prose, None
                continue
            if self._is_plain_heading(block):
                return content, prose, position
            if section_of_heading(split_bilingual(block.text)[0]) == ("contacts_org", None):
                return content, prose, None
            if self._is_content(block):
                content = True
            else:
                prose = True
        return content, prose, None

    def _deeper(self, index: int | None, block: Block) -> bool:
        """Is the heading at index below the given one (an area's first resource, not a sibling)?"""
        if index is None or block.level is None:
            return False
        level = self.blocks[index].level
        return level is None or level > block.level

    def _labelled_content(self, index: int) -> bool:
        """Labelled resource facts (not merely a list) before the next plain heading."""
        for position in range(index + 1, len(self.blocks)):
            block = self.blocks[position]
            if block.kind == "bullet" or is_noise(block.text) or block.kind in ("footer", "break"):
                continue
            if self._is_plain_heading(block):
                return False
            if self._is_content(block):
                return True
        return False

    def _describes_resource(self, index: int | None) -> bool:
        """Is the heading at index a resource heading: followed by resource content, or so named?"""
        if index is None:
            return False
        name = split_bilingual(self.blocks[index].text)[0]
        has_content, has_prose, _next = self._run(index)
        named = bool(RESOURCE_NAME_RE.search(name)) and not GROUP_HEADING_RE.match(name)
        return has_content or (named and has_prose)

    # -- the walk -------------------------------------------------------------------------------------

    def parse(self) -> ParsedPage:
        for index, block in enumerate(self.blocks):
            if block.kind == "footer":
                self._footer(block)
                continue
            if block.kind == "break":  # the end of a table: what follows is not the last row's
                for cut, rows in self._flattened:
                    if cut is block:
                        self.page.unplaced += [(row.line, row.text) for row in rows]
                self._after_break, self._page_resource = True, None
                self.resource = None
                self.area = None if self.area is not None and self.area_level is None else self.area
                self._set_section(None)
                continue
            if is_noise(block.text):
                self.page.ignored.append((block.line, block.text))
                continue
            if block.kind == "bullet":
                self._bullet(block, index)
            else:
                self._line(index, block)
        self._registry()
        self._case_register_systems()
        bilingual = any(r.name_sv or r.description_sv for r in self.page.all_resources()) or any(
            area.name_sv for area in self.page.areas
        )
        self.page.language = "fi" if bilingual else page_language(self.blocks)
        return self.page

    def _case_register_systems(self) -> None:
        """A case register described in prose names its system by kind ('asianhallintajärjestelmä')."""
        for resource in self.page.all_resources():
            if resource.items or not CASE_REGISTER_RE.search(resource.name):
                continue
            sentences = [s for text in resource.description for s in split_sentences(text)]
            for item in case_register_systems(sentences):
                resource.add_item(item)

    def _footer(self, block: Block) -> None:
        """Footers are site chrome, but the registry office's address is often only there."""
        self.page.ignored.append((block.line, block.text))
        if is_noise(block.text):
            return
        labelled = label_of(block.text)
        value = labelled[1] if labelled and CONTACT_LABEL_RE.search(labelled[0]) else block.text
        self._footer_contacts += [c for c in parse_contacts(value) if c.kind != "person"]

    def _registry(self) -> None:
        contacts = [c for c in self.page.facts.contacts if c.kind != "person"] or self._footer_contacts
        seen: set[Contact] = set()
        for contact in contacts:
            if contact not in seen:
                seen.add(contact)
                self.page.registry.append(contact)

    def _line(self, index: int, block: Block) -> None:
        if self.section == "prose_list":  # the list a sentence introduced ends with the list
            self._set_section(None)
        text, text_sv = block.text, ""
        if block.kind == "heading" or not is_sentence(text):
            text, text_sv = split_bilingual(text)
        page_started = (
            self.page.title or self.page.areas or self.page.resources_without_area or self.page.unplaced
        )
        if not page_started and _is_alternative_text(block):
            self.page.ignored.append((block.line, block.text))
            return
        if not page_started and self._is_title(index, block):
            self.page.title = block.text
            return

        if self.section == "contacts" and not label_of(text) and self._contact_line(index, block, text):
            return

        section = section_of_heading(text) if not is_sentence(text) or text.endswith(":") else None
        if section is not None and not (
            block.kind == "heading"
            and section[0] not in ("items", "interface", "criteria", "decider", "description", "contacts_org")
            and not text.endswith(":")
        ):
            if section[0] == "contacts_org":
                # the organisation's request section: its contacts are the organisation's, not a resource's
                self.resource = None
                self.area = None
                self._set_section("contacts")
                return
            self._set_section(*section)
            return

        if text.endswith(":") and has_finite_verb(text) and not ITEM_WORD_RE.search(text):
            # "Tietovaranto koostuu potilastiedon käsittelystä seuraavissa tarkoituksissa:": the list
            # that follows continues the sentence; it names purposes or examples, not items
            self._sentence(block)
            self._set_section("prose_list")
            return

        labelled = label_of(text)
        if labelled is not None:
            kind = label_kind(labelled[0])
            if kind == "index" and labelled[1] and self.resource is None and self._facts_follow(index):
                # "Tietovarannot: asiakasrekisterit, …" under an area, with the systems and keywords on
                # the next lines: what the area holds, not an index of resources described below
                kind = "items" if self.area is not None else kind
            if kind is not None:
                swedish = bool(SWEDISH_LABEL_RE.search(labelled[0])) and not is_finnish(labelled[0])
                self._labelled(kind, labelled[0], labelled[1], block, swedish)
                return
            if CONTACT_KIND_LABEL_RE.match(text) or PHONE_PREFIX_RE.match(text):
                # "Sähköposti: x@y.fi", "Osoite: …, 21100 Kaupunki" after a request sentence that opened
                # no section: an address wherever it stands, as its bullet would be
                contacts = contact_bullet(text)
                if contacts:
                    self._named_recipient_allowed = False
                    self._facts().add_contacts(contacts)
                    return
            head = labelled[0].split(",")[0]
            if not labelled[1] and head != labelled[0] and label_kind(head) == "items":
                # "Henkilörekisterit, joista lisätietoja on tietosuojaselosteissa:" over its list
                self._labelled("items", head, "", block, False)
                return
            if not labelled[1] and self.resource is not None and ITEM_HEAD_RE.search(labelled[0]):
                # "Alueellinen yhteisrekisteri:" over a paragraph about it: an item of the resource
                self.resource.add_item(parse_item(labelled[0]))
                self._set_section(None)
                return
            if not labelled[1] and ADVERT_RE.search(labelled[0]):
                # "Oma Opintopolku-palvelussa voit:" — a service advertisement; its list is not items
                self.page.unplaced.append((block.line, text))
                self._set_section("guidance")
                return

        if is_sentence(text):
            criteria = criteria_in_sentence(text)
            if criteria:
                # "X sisältää … Hakutekijöinä esimerkiksi nimi.": the criteria sentence gives criteria,
                # the others stay the purpose (not dropped with them)
                by_sentence = [(s, criteria_in_sentence(s)) for s in split_sentences(text)]
                found = [c for _s, listed in by_sentence for c in listed]
                rest = [s for s, listed in by_sentence if not listed]
                self._facts().criteria.extend(found or criteria)
                if found and rest:
                    self._sentence(Block(block.kind, " ".join(rest), block.line, block.level))
                return
            decider = decider_in_sentence(text)
            if decider is not None and (self.resource is not None or self.area is not None):
                self._facts().decider = decider
                return
            if is_interface_statement(text) and self.section != "interface":
                # "… ei ole saatavilla … rajapinnan kautta. Tietopyynnöt … kirjaamoon x@y.fi.": the
                # request sentence gives a contact; it is not part of the statement
                sentences = split_sentences(text)
                requests = [
                    s for s in sentences if self._request_contacts(s) and not is_interface_statement(s)
                ]
                # an introduction's sentences before the statement ("Pyyntö saada tieto … on
                # yksilöitävä") are not part of it: they stay unplaced for the reviewer
                first = next((i for i, s in enumerate(sentences) if is_interface_statement(s)), 0)
                if first:
                    self.page.unplaced.append((block.line, " ".join(sentences[:first])))
                kept = [s for s in sentences[first:] if s not in requests]
                statement = " ".join(kept) if requests or first else text
                facts = self._facts()
                facts.interface = merge_interface_facts(
                    facts.interface + [classify_interface_sentence(statement)]
                )
                for request in requests:
                    self._request_sentence(request)
                return
            if self._request_sentence(text):
                return
            case_register = CASE_REGISTER_SENTENCE_RE.match(text)
            if case_register is not None and self.resource is None and self.area is None:
                # the page's case register, stated in prose: named as a case register heading would be
                name = "Asiarekisteri" if case_register.group("fi") else "Ärenderegister"
                self._open_resource(name, block.line)
                self._sentence(block)
                return

        if self._is_aspect_heading(block):
            if self.resource is not None and not self.resource.implicit:
                # "Asiakastietovarannon tietoaineistot" under "Asiakastietovaranto": a part of it; over
                # a list ("Tietovarannon toteuttavat tietojärjestelmät" • Kursor), it says what they are
                self.page.ignored.append((block.line, block.text))
                following = self._next(index)
                if label_kind(text) == "items" and following is not None and following.kind == "bullet":
                    self._set_section("items", item_kind_of_label(text))
                else:
                    self._set_section(None)
                return
            self._heading(index, block, text, text_sv)
            return

        if self._is_plain_heading(block):
            if (
                self.section == "contacts"
                and self._named_recipient_allowed
                and self._introduces_contacts(index)
            ):
                self._facts().contacts.append(Contact("person", text))
                return
            if (
                self.section == "contacts"
                and self.resource is None
                and not RESOURCE_NAME_RE.search(text)
                and not self._labelled_content(index)
                and not self._prose_names_resource(index)
            ):
                # a line of the organisation's request guidance ("Viranomaisen asiakirjana ei pidetä")
                self.page.unplaced.append((block.line, text))
                return
            self._heading(index, block, text, text_sv)
            return

        self._sentence(block)

    @staticmethod
    def _request_contacts(text: str) -> list[Contact]:
        """The e-mail and postal addresses of a sentence about requests: 'Tietopyynnöt … kirjaamoon
        x@y.fi.'"""
        if not CONTACT_LABEL_RE.search(text):
            return []
        if len(text.split()) > 30:
            # a paragraph: its one request sentence ("Tietopyynnön voi toimittaa … x@y.fi.") gives it
            sentences = [s for s in split_sentences(text) if len(s.split()) <= 30]
            return [c for s in sentences for c in _PageParser._request_contacts(s)]
        emails = [c for c in resolve_contact_patterns(parse_contacts(text)) if c.kind == "email"]
        # "… tai kirjallisesti osoitteeseen Kunta, Kirjaamo PL 42 69101 Kunta": a box or a street with
        # its postcode and town in the sentence is the office's address, as its e-mail is
        postal = [Contact("postal", address) for address in addresses_in_sentence(text)]
        return emails + postal

    def _request_sentence(self, text: str) -> bool:
        """'Tietopyynnöt tulee osoittaa kanslian kirjaamoon kirjaamo@x.fi.': the organisation's registry
        office (or, naming no registry office, the current resource's request contact)."""
        contacts = self._request_contacts(text)
        if not contacts:
            return False
        facts = self.page.facts if REGISTRY_OFFICE_RE.search(text) else self._facts()
        facts.add_contacts(contacts)
        return True

    def _contact_line(self, index: int, block: Block, text: str) -> bool:
        """A line inside a request section: an address, a phone number, or the name of a recipient."""
        if is_sentence(text) and len(text.split()) > 6:
            return False
        contacts = resolve_contact_patterns(parse_contacts(text))
        if any(c.kind != "person" for c in contacts):
            self._named_recipient_allowed = False
            known = self._facts().contacts
            if (
                len(contacts) == 1
                and contacts[0].kind == "postal"
                and POSTCODE_RE.match(contacts[0].value)
                and known
                and known[-1].kind == "postal"
                and STREET_RE.match(known[-1].value)
            ):
                # "Centrumvägen 4" + "65610 Korsholm" on two lines: one address
                known[-1] = Contact("postal", f"{known[-1].value}, {contacts[0].value}")
                return True
            known.extend(contacts)
            return True
        if contacts and self._introduces_contacts(index):
            self._facts().contacts.extend(contacts)
            return True
        return False

    def _labelled(self, kind: str, label: str, value: str, block: Block, swedish: bool) -> None:
        if kind == "index" and not (value and self.resource is not None and self.resource.items):
            self.page.ignored.append((block.line, block.text))  # the resources it names follow below
            self._set_section(None)
            return
        if kind == "index":
            # under a resource that already lists its systems ("Tietojärjestelmät: …" beside
            # "Tietovarannot: asiakasrekisterit, …"): the registers it holds, not an index
            kind = "items"
        if kind == "resource":
            if value and not is_sentence(value):
                name, name_sv = split_bilingual(value)
                self._open_resource(name, block.line, name_sv=name_sv)
            return
        if kind == "items":
            self._set_section("items", item_kind_of_label(label))
            if value:
                resource = self._resource_for_content(block)
                if resource is None:
                    self.page.unplaced.append((block.line, block.text))
                    return
                for entry in split_list(value):
                    resource.add_item(parse_item(entry, self.section_kind))
            return
        self._set_section(kind)
        if value:
            self._value(kind, value, block, swedish)

    def _facts_follow(self, index: int) -> bool:
        """Is the next line a labelled fact of a resource ('Tietojärjestelmät: …'), not a heading?"""
        following = self._next(index)
        if following is None or following.kind != "line":
            return False
        labelled = label_of(following.text)
        return labelled is not None and label_kind(labelled[0]) not in (None, "index", "resource")

    def _introduces_contacts(self, index: int) -> bool:
        following = self._next(index)
        if following is None or following.kind not in ("bullet", "line"):
            return False
        if following.kind == "line" and (label_of(following.text) or len(following.text.split()) > 8):
            return False
        return any(c.kind != "person" for c in parse_bullet_contact(following.text))

    def _is_title(self, index: int, block: Block) -> bool:
        if block.kind == "heading":
            return block.level == 1
        if is_sentence(block.text) or label_of(block.text) or section_of_heading(block.text):
            return False
        if TITLE_RE.search(block.text):
            return True
        following = self._next(index)
        if following is None or following.kind == "bullet" or AREA_NAME_RE.search(block.text):
            return False
        if self._is_plain_heading(following):  # title, area and resource headings in a row
            return self._is_plain_heading(self._next(index, 2))
        # a title followed by organisation-wide labelled facts, not by a description or items
        labelled = label_of(following.text) if following.kind == "line" else None
        if labelled is not None:
            return label_kind(labelled[0]) in ("contacts", "criteria", "decider", "interface", None)
        return following.kind != "line" or not is_sentence(following.text)

    def _heading(self, index: int, block: Block, text: str, text_sv: str) -> None:
        first_on_page, self._after_break = self._after_break, False
        name = NUMBERING_RE.sub("", text).strip() or text
        prose_like = len(name.split()) > 8 or "@" in name
        if self._page_resource is not None and (prose_like or not RESOURCE_NAME_RE.search(name)):
            # on a page about one resource, "Tietopyynnöt ja tietojen saatavuus" is a part of it
            self.page.ignored.append((block.line, block.text))
            self.resource = self._page_resource
            self._set_section(None)
            return
        self._heading_kind(index, block, name, text_sv)
        if first_on_page and self.resource is not None and not self.resource.implicit:
            self._page_resource = self.resource

    def _heading_kind(self, index: int, block: Block, name: str, text_sv: str) -> None:
        if INDEX_LABEL_RE.match(name):  # "Tietovarannot" over the list of resources that follows
            self._guidance(block)
            return
        following = self._next(index)
        named = NAME_IN_SENTENCE_RE.match(following.text) if following is not None else None
        if NAME_LABEL_HEADING_RE.match(name) and named is not None:
            # the label heading is no name: the sentence under it gives the name
            self.page.ignored.append((block.line, block.text))
            self._open_resource(named.group("name").strip(), block.line, name_sv=text_sv)
            return
        if following is not None and following.kind == "bullet" and self._resource_bullet(following.text):
            # a heading over resources written one per bullet: an area, or a plain group heading
            if GROUP_HEADING_RE.match(name):
                self._guidance(block)
                self.section = None
            else:
                self._open_area(name, block.line, text_sv)
            return
        if TITLE_RE.search(name) or has_finite_verb(name):
            # "Asiakirjajulkisuuskuvauksen sisältö", "Asiakirjajulkisuuskuvauksessa kerrotaan", "Katso
            # tietovarannon kohdalta": about the description itself, or the lead-in to a sentence
            self._guidance(block)
            return
        has_content, has_prose, next_heading = self._run(index)
        # "Fyysiset tietovarannot (arkistot)" with nothing under it is a group heading, not a resource
        named_resource = bool(RESOURCE_NAME_RE.search(name)) and (
            has_content or not GROUP_HEADING_RE.match(name)
        )
        if block.kind == "heading" and block.level is not None:
            following = self._next(index)
            nested = (
                following is not None
                and following.kind == "heading"
                and (following.level or 0) > block.level
                and self._is_plain_heading(following)
            )
            area_like = bool(AREA_NAME_RE.search(name)) and not named_resource
            if self.area_level is None:
                if nested or (area_like and has_content):
                    self.area_level = block.level
                    self._open_area(name, block.line, text_sv)
                elif has_content or named_resource:
                    self._open_resource(name, block.line, name_sv=text_sv)
                elif (
                    has_prose and self._describes_resource(next_heading) and self._deeper(next_heading, block)
                ):
                    self.area_level = block.level
                    self._open_area(name, block.line, text_sv)
                else:
                    self._guidance(block)
            elif block.level <= self.area_level:
                if nested or has_content or self._describes_resource(next_heading):
                    self._open_area(name, block.line, text_sv)
                elif named_resource:
                    self.area = None
                    self._open_resource(name, block.line, name_sv=text_sv)
                else:
                    self._guidance(block)
            elif has_content or has_prose or named_resource:
                self._open_resource(name, block.line, name_sv=text_sv)
            else:
                self._guidance(block)
            return

        following = self._next(index)
        if self._is_plain_heading(following) and self._describes_resource(self._next_index(index)):
            self._open_area(name, block.line, text_sv)
        elif has_content:
            if named_resource:
                self._open_resource(name, block.line, name_sv=text_sv)
            elif AREA_NAME_RE.search(name) or (following is not None and following.kind == "bullet"):
                self._open_area(name, block.line, text_sv)
            else:
                self._open_resource(name, block.line, name_sv=text_sv)
        elif named_resource:
            self._open_resource(name, block.line, name_sv=text_sv)
        elif has_prose and self._describes_resource(next_heading):
            self._open_area(name, block.line, text_sv)
        elif has_prose and self._prose_names_resource(index):
            self._open_resource(name, block.line, name_sv=text_sv)
        else:
            self._guidance(block)

    def _prose_names_resource(self, index: int) -> bool:
        """'Asiakas- ja potilastiedot' over 'Asiakas- ja potilastietojen tietovaranto sisältää …': a task
        name is a resource heading when the text under it opens by calling its subject a resource."""
        following = self._next(index)
        if following is None or following.kind != "line" or not is_sentence(following.text):
            return False
        words = re.findall(r"[\wåäöÅÄÖ-]+", following.text)
        subject: list[str] = []
        for word in words[:8]:
            if has_finite_verb(word):
                return bool(subject) and bool(RESOURCE_NAME_RE.search(" ".join(subject)))
            subject.append(word)
        return False

    def _guidance(self, block: Block) -> None:
        """A heading over guidance for the reader ("Tietopyynnön tekeminen"), not over catalog content."""
        self.page.unplaced.append((block.line, block.text))
        self.resource = None
        self._set_section("guidance")

    def _sentence(self, block: Block) -> None:
        text = block.text
        if self.section == "criteria" and is_sentence(text) and len(text.split()) > 6:
            self.page.unplaced.append((block.line, text))  # prose under a criteria heading, not criteria
            return
        if self.section in ("criteria", "contacts", "decider", "interface"):
            self._value(self.section, text, block)
            return
        if self.section in ("items", "guidance", "keywords"):
            self.page.unplaced.append((block.line, text))
            return
        if self.resource is not None:
            self.resource.description.append(text)
            for item in systems_named_in_sentence(text):
                self.resource.add_item(item)
        elif self.area is not None:
            self.area.description.append(text)
        else:
            self.page.unplaced.append((block.line, text))

    def _bullet(self, block: Block, index: int) -> None:
        text = block.text
        if self.section in ("criteria", "contacts", "decider", "interface"):
            if self.section == "contacts":
                self._named_recipient_allowed = False
                contacts = resolve_contact_patterns(parse_bullet_contact(text))
                guidance = len(text.split()) > 4 or text[:1].islower()
                if all(c.kind == "person" for c in contacts) and guidance:
                    self.page.unplaced.append((block.line, text))  # a list in the request guidance
                    return
                self._facts().contacts.extend(contacts)
            else:
                self._value(self.section, text, block)
            return
        contacts = contact_bullet(text)
        # "- Sähköposti: kirjaamo@x.fi" is a contact wherever it stands, never an item; outside a
        # resource, "Arkiston yhteystiedot: …" is another office's address, not the registry office
        other_office = label_of(text) is not None and not CONTACT_KIND_LABEL_RE.match(text)
        other_office = other_office and not PHONE_PREFIX_RE.match(text)
        if contacts and not (other_office and self.resource is None):
            self._facts().add_contacts(contacts)
            return
        resource_bullet = self._resource_bullet(text)
        if resource_bullet is not None:
            name, parts = resource_bullet
            self._open_resource(name, block.line)
            self._bullet_resource = self.resource
            for kind, label, value in parts:
                self._labelled(kind, label, value, block, False)
            return
        if self._bare_resource_bullet(text):
            self._open_resource(text.rstrip("."), block.line)
            self._bullet_resource = self.resource
            return
        if self.section == "guidance":
            self.page.unplaced.append((block.line, text))
            return
        # a nested list follows its parent bullet directly
        following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
        parent = (
            following is not None
            and following.kind == "bullet"
            and (following.level or 0) > (block.level or 0)
        )
        if self.section == "prose_list" or parent:
            # a list a sentence introduced ("… seuraavissa tarkoituksissa:"), or a bullet over a nested
            # list (a task whose systems are listed under it): prose, not items
            if self.resource is not None:
                self.resource.description.append(text)
            else:
                self.page.unplaced.append((block.line, text))
            return
        section = section_of_heading(text)
        if section is not None and section[0] == "items":  # "• Tietojärjestelmät" inside a list
            self._set_section(*section)
            return
        labelled = label_of(text)
        if labelled is not None and label_kind(labelled[0]) not in (None, "contacts"):
            # "• Keskeiset tietoaineistot: a, b" — a labelled line written as a bullet
            kind = label_kind(labelled[0]) or ""
            self._labelled(kind, labelled[0], labelled[1], block, False)
            if kind == "items":
                self._set_section(None)
            return
        if has_finite_verb(re.split(r"[,(:]", text, maxsplit=1)[0]):
            # "Asiakaspalautteen lähettämisestä löydät tietoa täältä": a clause, not the name of an item
            if self.resource is not None:
                self.resource.description.append(text)
            else:
                self.page.unplaced.append((block.line, text))
            return
        if (
            self.resource is None
            and self.area is not None
            and self.section is None
            and AREA_NAME_RE.search(text)
            and len(text.split()) <= 4
        ):
            # "Elinvoima" over "• Lomituspalvelut • Maaseutupalvelut": the services the area is made
            # of, not systems; one line of the area's description
            description = self.area.description
            if self._services_listed is description and description:
                description[-1] += f", {text}"
            else:
                description.append(text)
            self._services_listed = description
            return
        resource = self._resource_for_content(block)
        if resource is None:
            self.page.unplaced.append((block.line, text))
            return
        bare = re.sub(r"\([^)]*\)", "", text)  # an item's note in parentheses may be long
        if is_sentence(bare) and len(bare.split()) > 8:
            resource.description.append(text)  # a bullet that explains, not one that names an item
            return
        several = text[:1].isupper() and ";" not in text and ("," in text or " ja " in text)
        names = split_list(text) if several else []
        if len(names) > 1 and all(len(n.split()) <= 3 and n[:1].isupper() for n in names):
            # "Tweb, KuntaToimisto (aiempi järjestelmä) ja WebArkki.": several names in one bullet
            for name in names:
                resource.add_item(parse_item(name, self.section_kind))
            return
        previous = self.blocks[index - 1] if index > 0 else None
        lone = (following is None or following.kind != "bullet") and (
            previous is not None and previous.kind != "bullet" and previous.line == resource.line
        )
        if self.section is None and lone and text[:1].islower() and len(text.split()) >= 3:
            # "1. Vaalien tietovaranto" over "– kunnallisten, valtiollisten ja EU-vaalien tiedot": one
            # dash line under the name says what the resource holds; no list of items
            resource.description.append(text)
            return
        if self.section == "description" or self.section is None:
            # a list right under a resource heading names its sub-resources
            item = parse_item(text)
            if item.kind == "dataset" and self.section is None:
                item = ParsedItem(item.name, "collection", item.note)
            resource.add_item(item)
            return
        resource.add_item(parse_item(text, self.section_kind))

    @staticmethod
    def _resource_bullet(text: str) -> tuple[str, list[tuple[str, str, str]]] | None:
        """(name, [(kind, label, value), …]) for a bullet that is a whole resource: 'Name.
        Käyttötarkoitus: …', or 'Talouspalveluiden tietovaranto: taloushallintoon liittyvä
        asiankäsittely. Tietojärjestelmät: A, B' (a resource's name, its purpose after the colon)."""
        match = RESOURCE_BULLET_RE.match(text)
        if match is not None and not has_finite_verb(match.group("name")):
            label = match.group("label").strip()
            kind = label_kind(label)
            if kind in ("description", "criteria", "decider", "interface", "keywords"):
                return match.group("name").strip(), [(kind, label, match.group("value"))]
        labelled = label_of(text)
        if labelled is None or not labelled[1] or label_kind(labelled[0]) is not None:
            return None
        name = labelled[0]
        if not ONE_RESOURCE_NAME_RE.search(name) or has_finite_verb(name):
            return None
        parts: list[tuple[str, str, str]] = []
        purpose: list[str] = []
        for sentence in split_sentences(labelled[1]):
            inner = label_of(sentence)
            kind = label_kind(inner[0]) if inner is not None else None
            if inner is not None and kind not in (None, "index", "resource", "description"):
                parts.append((kind or "", inner[0], inner[1]))
            else:
                purpose.append(sentence)
        if purpose:
            parts.insert(0, ("description", "", " ".join(purpose)))
        return name, parts

    def _bare_resource_bullet(self, text: str) -> bool:
        """'Informationslager inom näringslivstjänst' among resources written one per bullet: the next
        resource, named only (its description cut off, or not given)."""
        return (
            self.resource is not None
            and self.resource is self._bullet_resource
            and label_of(text) is None
            and len(text.split()) <= 8
            and bool(ONE_RESOURCE_NAME_RE.search(text.rstrip(".")))
            and not has_finite_verb(text)
        )

    def _value(self, kind: str, value: str, block: Block, swedish: bool = False) -> None:
        facts = self._facts()
        if kind == "criteria":
            criteria = criteria_in_sentence(value) if is_sentence(value) else []
            criteria = criteria or parse_criteria(value)
            # two lists (cases, documents) may share a criterion: each once
            into = facts.criteria_sv if swedish and facts.criteria else facts.criteria
            into.extend(dict.fromkeys(c for c in criteria if c not in into))
        elif kind == "contacts":
            self._named_recipient_allowed = False
            contacts = resolve_contact_patterns(parse_contacts(value))
            # "Tietopyynnöt lähetetään kirjaamoon." names no recipient; "Hallintojohtaja N N" does
            # nor is a comma piece of a prose sentence ("…, jos se on tiedossa.")
            prose = is_sentence(value) and len(value.split()) > 6
            # and a sentence that says something ("Julkisuuslain mukaan henkilöllä, jolla …, on oikeus")
            # names nobody in its first piece either; nor is a web form a recipient
            clause = prose and has_finite_verb(value)
            contacts = [
                c
                for c in contacts
                if c.kind != "person"
                or (
                    len(c.value.split()) <= 4
                    and not (prose and c.value[:1].islower())
                    and not clause
                    and not FORM_RE.search(c.value)
                )
            ]
            if not contacts:
                self.page.unplaced.append((block.line, value))  # request guidance, not a contact
            facts.contacts.extend(contacts)
        elif kind == "decider":
            decider = parse_decider(value)
            if decider.email_pattern and not decider.email:
                self.page.warnings.append(
                    (block.line, f"could not resolve the address {decider.email_pattern}")
                )
            if swedish and facts.decider:
                facts.decider_sv = decider
            else:
                facts.decider = decider
        elif kind == "interface":
            facts.interface = merge_interface_facts(
                facts.interface + [classify_interface_sentence(s) for s in split_sentences(value)]
            )
        elif kind == "description":
            target = self.resource if self.resource is not None else None
            if target is not None:
                if swedish and target.description:
                    target.description_sv.append(value)
                else:
                    target.description.append(value)
            elif self.area is not None:
                self.area.description.append(value)
        elif kind == "keywords":
            resource = self.resource
            if resource is not None:
                resource.keywords.extend(split_list(value))
            else:
                self.page.ignored.append((block.line, value))


def parse_page(text: str) -> ParsedPage:
    return parse_pages([text])


def page_start_lines(texts: list[str]) -> list[int]:
    """The line number each page starts at when the pages are numbered as one file: a page's lines
    follow the previous page's, whose last line counts even when it is empty."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset + 1)
        offset += text.count("\n") + 1
    return starts


def _own_heading(blocks: list[Block]) -> Block | None:
    """A page's own heading, which stays even when the index names it too (an index and one resource
    page): its first heading, or on a plain-text page, which has none, its first line."""
    untitled = [block for block in blocks if not TITLE_RE.search(block.text)]
    heading = next((b for b in untitled if b.kind == "heading"), None)
    if heading is not None or any(b.kind == "heading" for b in blocks):
        return heading  # a page with headings: a title only is not its own heading
    return next((b for b in untitled if b.kind == "line"), None)


def parse_pages(texts: list[str]) -> ParsedPage:
    """Several pages of one description, in reading order, as one parsed page; a page that is a
    privacy notice is one resource (privacy_notice.py).

    What every page repeats (navigation, the site's title, the skip link) is read once, from the
    first page; the later copies are left out as page noise. Line numbers continue from page to
    page, as if the pages were one file (page_start_lines)."""
    starts = page_start_lines(texts)
    pages = [
        [replace(block, line=block.line + start - 1) for block in page_blocks(text)]
        for start, text in zip(starts, texts, strict=True)
    ]
    noise = [{b.line for b in blocks if is_noise(b.text)} for blocks in pages]
    notices = [
        read_notice([b for b in blocks if b.line not in noisy])
        for blocks, noisy in zip(pages, noise, strict=True)
    ]
    described = [
        (start, blocks)
        for start, blocks, notice in zip(starts, pages, notices, strict=True)
        if notice is None
    ]
    page = _parse_described(described) if described or not pages else ParsedPage()
    own_registry = bool(page.registry or page.facts.contacts)  # the office, or every request's channel
    for blocks, noisy, notice in zip(pages, noise, notices, strict=True):
        if notice is not None:
            if not described and not page.areas and not page.resources_without_area:
                page.language = page_language(blocks)
            _add_notice(page, notice, own_registry)
            page.ignored = sorted(page.ignored + [(b.line, b.text) for b in blocks if b.line in noisy])
    return page


def _parse_described(pages: list[tuple[int, list[Block]]]) -> ParsedPage:
    """Pages of a description (each with the line it starts at, its blocks numbered from there)."""
    if len(pages) <= 1:
        return _PageParser(pages[0][1] if pages else []).parse()
    repeated = set.intersection(*({block.text for block in blocks} for _start, blocks in pages))
    merged = list(pages[0][1])
    left_out: list[tuple[int, str]] = []
    for start, blocks in pages[1:]:
        merged.append(Block("break", "", start - 1))
        own = _own_heading(blocks)
        for block in blocks:
            if block is own or block.text not in repeated:
                merged.append(block)
            else:
                left_out.append((block.line, block.text))
    page = _PageParser(merged).parse()
    page.ignored = sorted(page.ignored + left_out)
    return page


def _add_notice(page: ParsedPage, notice: Notice, own_registry: bool) -> None:
    """A privacy notice's register as a resource of the page, its controller's addresses as the
    registry office's unless a description imported with it gave the office's (`own_registry`)."""
    read = notice_resource(notice)
    resource = ParsedResource(read.name, read.line, description=read.description, items=read.items)
    resource.facts.add_contacts(read.contacts)
    page.resources_without_area.append(resource)
    if not own_registry:
        page.registry.extend(c for c in read.registry if c not in page.registry)
    page.ignored = sorted(page.ignored + read.left_out)
    page.privacy_notices.append(read.line)
    if not page.title and notice.title:
        page.title = notice.title[1]
