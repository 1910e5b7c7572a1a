"""Privacy notices (tietosuojaseloste, dataskyddsbeskrivning): one register, in the numbered sections
the GDPR's articles 13 and 14 ask for.

Many authorities publish these per register instead of, or beside, a 28 § description. Read as a
description, their section headings became resources ("Rekisterinpitäjä", "Rekisterin nimi") and the
register itself was lost. Here a notice becomes one resource: its name from "Rekisterin nimi" (else
the page's title), its purpose and the data it holds as the description, the register as an item,
systems named in the text as items, and the register's contact person as the request contact. The
controller's registry office (kirjaamo) becomes the organisation's. What a notice never states (search
criteria, who decides on disclosure) is left for the records manager to add in the draft; the sections
that do not belong in a 28 § description (rights, retention, security …) are left out as read.
"""

import re
from dataclasses import dataclass, field

from tietovaranto.importer.blocks import Block
from tietovaranto.importer.fields import (
    EMAIL_RE,
    Contact,
    ParsedItem,
    deobfuscate,
    parse_contacts,
    resolve_contact_patterns,
    systems_named_in_sentence,
)

# Each section of a notice by what its heading says, in Finnish, Swedish and English. First match
# wins: "Rekisterinpitäjän edustaja" is the responsible person, not the controller.
SECTION_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        "name",
        r"^(?:(?:henkilö)?rekisterin|käsittelytoimen|käsittelyn|registrets|behandlingens) (?:nimi|namn)\b"
        r"|^(?:name of the (?:register|processing)|register name)\b",
    ),
    (
        "responsible",
        r"vastuuhenkilö|rekisterinpitäjän edustaja|vastuutaho|ansvarsperson|ansvarig person"
        r"|företrädare|person in charge|representative",
    ),
    ("dpo", r"tietosuojavastaava|dataskyddsombud|data protection officer"),
    ("contact", r"yhteyshenkilö|kontaktperson|contact person"),
    (
        "controller",
        r"^rekisterinpitäjä|^yhteisrekisterinpitäj|^personuppgiftsansvarig|^registeransvarig"
        r"|^(?:the )?(?:data )?controller",
    ),
    ("purpose", r"tarkoitu|käyttötarkoitus|ändamål|purpose"),
    ("legal_basis", r"oikeusperuste|käsittelyperuste|rättslig grund|laglig grund|legal basis"),
    (
        "content",
        r"tietosisältö|mitä tietoja|henkilötietoryhm|henkilötietojen ryhm|rekisteröityjen ryhm"
        r"|käsiteltävät (?:henkilö)?tiedot|rekisteröidyt|datainnehåll|registrets innehåll|vilka uppgifter"
        r"|personuppgifter som behandlas|kategorier av (?:personuppgifter|registrerade)"
        r"|(?:categories of )?personal data (?:processed|categories)|data content|data subjects",
    ),
    ("sources", r"tietolähte|uppgiftskäll|sources? of (?:personal )?data|data sources"),
    ("transfers", r"siirto|siirretään|överför|transfer"),
    ("disclosures", r"luovutu|luovutetaan|vastaanottaj|utlämn|mottagare|disclos|recipients"),
    ("retention", r"säilytysai|säilyttä|säilytetään|lagringstid|hur länge|retention|storage period"),
    ("security", r"suojau|tietoturva|skydd|säkerhet|security|protection of"),
    ("rights", r"oikeude|rättighet|rights"),
    ("automated", r"automaattinen päätöksenteko|profilointi|automatiserat|automated"),
    ("processors", r"käsittelijä|henkilötietojen käsittely|biträd|processor"),
    ("general", r"^yleistä$|^allmänt$|^general$|julkaisupäivämäärä|laatimispäivämäärä|muutosajankohta"),
)
_SECTION_RES = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in SECTION_PATTERNS)
# the kinds read into the resource; the rest are left out as read
READ_KINDS = frozenset(
    {"name", "responsible", "dpo", "contact", "controller", "legal_basis", "purpose", "content"}
)
# "Tietosuojaseloste", "Rekisteri- ja tietosuojaseloste", "Dataskyddsbeskrivning", "Privacy notice"
NOTICE_WORD_RE = re.compile(
    r"tietosuojaselost|rekisteriselost|informointiasiakirja|dataskyddsbeskrivning|registerbeskrivning"
    r"|privacy (?:notice|statement|policy)|data protection notice",
    re.IGNORECASE,
)
LEADING_NUMBER_RE = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]?\s+")
# "Tietosuojaseloste – Asiakasrekisteri", "Tietosuojaseloste / X", "Dataskyddsbeskrivning: X"
TITLE_AROUND_NAME_RE = re.compile(
    rf"^(?:(?:{NOTICE_WORD_RE.pattern})\w*)\s*[-–—:/|]?\s*(?P<after>.*)$|^(?P<before>.*?)\s*[-–—:/|]?\s*"
    rf"(?:{NOTICE_WORD_RE.pattern})\w*$",
    re.IGNORECASE,
)
# a heading is short; "Mihin tarkoitukseen henkilötietoja käsitellään?" may end in a question mark
MAX_HEADING_WORDS = 12
# a notice has at least this many of its sections, the controller's or the data protection officer's
# among them (a 28 § description names none of these as headings)
MIN_SECTIONS = 4


def _heading_text(block: Block) -> str:
    return LEADING_NUMBER_RE.sub("", block.text).strip().rstrip(":").strip()


def section_kind(block: Block) -> str | None:
    """The notice section a block heads, if it is a heading of one."""
    if block.kind not in ("heading", "line", "bullet"):
        return None
    text = _heading_text(block)
    if not text or len(text.split()) > MAX_HEADING_WORDS or text.endswith((".", ",", ";")):
        return None
    if block.kind == "bullet" and not LEADING_NUMBER_RE.match(block.text):
        return None  # "• nimi": a list of data, not a heading
    return next((kind for kind, pattern in _SECTION_RES if pattern.search(text)), None)


def _label_and_value(block: Block) -> tuple[str, str] | None:
    """'Rekisterin nimi: X', '1. Rekisterin nimi | X' (a table copied as text): a section in one line."""
    match = re.match(
        r"^(?P<label>[^:|]{3,80}?)\s*[:|]\s*(?P<value>\S.*)$", LEADING_NUMBER_RE.sub("", block.text)
    )
    if match is None or EMAIL_RE.search(match.group("label")):
        return None
    label = Block("heading", match.group("label"), block.line)
    kind = section_kind(label)
    return (kind, match.group("value").strip(" |")) if kind else None


@dataclass
class Section:
    kind: str
    line: int
    heading: str
    texts: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Notice:
    """A privacy notice's blocks sorted into its sections; `before`: what precedes the first one."""

    title: tuple[int, str] | None
    before: list[tuple[int, str]]
    sections: list[Section]

    def texts(self, kind: str) -> list[tuple[int, str]]:
        return [text for section in self.sections if section.kind == kind for text in section.texts]


def read_notice(blocks: list[Block]) -> Notice | None:
    """The notice's sections, or None when the blocks are not a privacy notice.

    Where the notice marks its sections as headings (numbered, or HTML headings), only those start a
    section: a line inside one ("Savonlinnan kaupungin tietosuojavastaava" under the contact person)
    would otherwise start another."""
    headed = len({section_kind(b) for b in blocks if b.kind == "heading"} - {None, "general"})
    strict = headed >= MIN_SECTIONS - 1
    sections: list[Section] = []
    before: list[tuple[int, str]] = []
    for block in blocks:
        if block.kind == "break":
            continue
        text = block.text.strip(" |")
        if not text or text.isdigit():
            continue  # "2" over "Rekisterinpitäjä", a table's empty cell
        labelled = _label_and_value(block) if not strict or "|" in block.text else None
        if labelled is not None:
            kind, value = labelled
            sections.append(Section(kind, block.line, block.text, [(block.line, value)]))
            continue
        heads = section_kind(block) if block.kind == "heading" or not strict else None
        if heads is not None:
            sections.append(Section(heads, block.line, _heading_text(block)))
        elif sections:
            sections[-1].texts.append((block.line, text))
        else:
            before.append((block.line, text))
    kinds = {section.kind for section in sections} - {"general"}
    named = any(NOTICE_WORD_RE.search(text) for _line, text in before) or any(
        NOTICE_WORD_RE.search(block.text) for block in blocks[:3]
    )
    if len(kinds) < MIN_SECTIONS - (1 if named else 0) or not kinds & {"controller", "dpo"}:
        return None
    if not kinds & {"name", "purpose", "content"}:
        return None
    if any(sum(s.kind == kind for s in sections) > 1 for kind in ("name", "purpose", "controller")):
        return None  # several registers, each with its controller and purpose: a description of them
    title = next(((b.line, b.text) for b in blocks if b.kind == "heading" and section_kind(b) is None), None)
    if title is None and before:
        title = before[0]
    return Notice(title, before, sections)


def is_privacy_notice(blocks: list[Block]) -> bool:
    return read_notice(blocks) is not None


def _name_from_title(title: str) -> str:
    """'Tietosuojaseloste – Asiakasrekisteri' → 'Asiakasrekisteri'; a title that is only the word
    stays as it is (the records manager renames the draft's resource)."""
    match = TITLE_AROUND_NAME_RE.match(title.strip())
    if match is None:
        return title.strip()
    name = (match.group("after") or match.group("before") or "").strip(" -–—:/|")
    return name or title.strip()


# the name of a register whose notice names it nowhere
UNNAMED = "Nimeämätön rekisteri (tietosuojaseloste)"


@dataclass
class NoticeResource:
    """What a notice gives: its resource's parts, the controller's registry contacts, and the lines
    read (each with whether it was used)."""

    name: str
    line: int
    description: list[str]
    items: list[ParsedItem]
    contacts: list[Contact]
    registry: list[Contact]
    left_out: list[tuple[int, str]]


def _sentences(texts: list[tuple[int, str]]) -> list[str]:
    return [text for _line, text in texts]


# "Postiosoite: …", "Puhelinvaihde: …", "Sähköposti: …" inside one line (a table's cell copied as text)
INLINE_LABEL_RE = re.compile(
    r"\s+(?=(?:Postiosoite|Käyntiosoite|Osoite|Puhelin\w*|Puh\.|Sähköposti\w*|Asiointisähköposti|Y-tunnus"
    r"|Postadress|Besöksadress|Telefon\w*|E-post\w*|Phone|E-?mail|Address)\b)",
    re.IGNORECASE,
)
URL_RE = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
BUSINESS_ID_RE = re.compile(r"^(?:y-tunnus|fo-nummer|business id)\b", re.IGNORECASE)
# the labels of the data protection authority's old form ("Nimi", "Osoite", "Tehtävänimike")
FORM_LABEL_RE = re.compile(
    r"^(?:nimi|osoite|tehtävänimike|muut yhteystiedot\b.*|yhteystiedot|namn|adress|befattning|övriga "
    r"kontaktuppgifter\b.*|kontaktuppgifter|name|address|title|other contact details\b.*)$",
    re.IGNORECASE,
)
# a name or a title on a line of its own: no sentence, no number
PERSON_LINE_RE = re.compile(r"^[A-ZÅÄÖ][\w.'’ -]*(?:,\s*[\wåäö][\w'’ -]*)*$")


def _contacts(texts: list[tuple[int, str]]) -> list[Contact]:
    """The addresses, numbers and persons of a section; a person's name and title on two lines
    ("Aino-Marja Kontio", "Yhteys- ja viestintäjohtaja") are one person."""
    found: list[Contact] = []
    for _line, text in texts:
        text = URL_RE.sub("", text).strip()
        for piece in INLINE_LABEL_RE.split(text):
            if BUSINESS_ID_RE.match(piece) or FORM_LABEL_RE.match(piece.strip()) or not piece.strip():
                continue
            if EMAIL_RE.search(deobfuscate(piece)) or re.search(r"\d{3}", piece):
                contacts = parse_contacts(piece)
            elif len(piece.split()) <= 6 and PERSON_LINE_RE.match(piece):
                contacts = [Contact("person", piece.strip())]
            else:
                continue  # a sentence about the register
            for contact in contacts:
                if contact.kind == "person" and len(contact.value.split()) > 6:
                    continue  # a sentence, not a name
                if contact.kind == "person" and found and found[-1].kind == "person":
                    found[-1] = Contact("person", f"{found[-1].value}, {contact.value}")
                elif contact not in found:
                    found.append(contact)
    return found


REGISTRY_EMAIL_RE = re.compile(r"^(?:kirjaamo|registratur|registry|kirjaamo\.\w+)@", re.IGNORECASE)


def notice_resource(notice: Notice) -> NoticeResource:
    name_texts = notice.texts("name")
    items: list[ParsedItem] = []
    if name_texts:
        line, first = name_texts[0]
        # "Kansalaistoiminnan asiakasrekisteri; tilaisuudet, uutiskirjeet …": the name, then what it covers
        name, _sep, covers = first.partition(";")
        name = name.strip().rstrip(".")
        # "Tampereen seudun … rekisterit" over the registers it groups, one a line
        items += [
            ParsedItem(text.strip().rstrip("."), "register")
            for _l, text in name_texts[1:]
            if len(text) <= 120
        ]
    elif notice.title is not None:
        line, title = notice.title
        name, covers = _name_from_title(title), ""
    else:  # a copy without its title: the records manager names it in the draft (sanity says so)
        line, name, covers = notice.sections[0].line, UNNAMED, ""
    if not any(item.name == name for item in items):
        items.insert(0, ParsedItem(name, "register", covers.strip()))
    description = _sentences(notice.texts("purpose")) + _sentences(notice.texts("legal_basis"))
    content = _sentences(notice.texts("content"))
    if content:
        description.append(" ".join(content))
    for text in description:
        for system in systems_named_in_sentence(text):
            if system not in items:
                items.append(system)
    controller = _contacts(notice.texts("controller"))
    contacts = resolve_contact_patterns(
        _contacts(notice.texts("contact")) or _contacts(notice.texts("responsible")) or controller
    )
    registry = [c for c in controller if c.kind != "person"]
    # "… sähköpostilla kirjaamo@porvoo.fi" under the data subject's rights: the registry office too
    every_text = [text for section in notice.sections for _line, text in section.texts]
    for address in EMAIL_RE.findall(deobfuscate(" ".join(every_text))):
        contact = Contact("email", address.lower().rstrip("."))
        if REGISTRY_EMAIL_RE.match(address) and contact not in registry:
            registry.append(contact)
    read = {line for kind in READ_KINDS for line, _text in notice.texts(kind)}
    left_out = [
        (line, text) for line, text in notice.before if notice.title is None or line != notice.title[0]
    ]
    for section in notice.sections:
        if section.kind not in READ_KINDS:
            left_out.append((section.line, section.heading))
        left_out += [(line, text) for line, text in section.texts if line not in read]
    return NoticeResource(name, line, description, items, contacts, registry, sorted(left_out))
