"""Parsers for the labelled values of a description page: items, criteria, contacts, deciders, interface."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from tietovaranto.search import morphology

# ---- e-mail addresses ---------------------------------------------------------------------------

OBFUSCATED_AT_RE = re.compile(r"\s*[\(\[\{<]\s*(?:at|ät|a|@)\s*[\)\]\}>]\s*", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Pages hide the address of a named official as a pattern to beat harvesters.
PATTERN_LOCALPARTS = {"etunimi.sukunimi", "firstname.lastname", "fornamn.efternamn", "förnamn.efternamn"}


def deobfuscate(text: str) -> str:
    return OBFUSCATED_AT_RE.sub("@", text)


def ascii_fold(text: str) -> str:
    """Finnish addresses drop diacritics: Hölsö → holso, Päivi → paivi."""
    normalized = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in normalized if not unicodedata.combining(ch))


def email_from_pattern(address: str, person_name: str) -> str:
    """'etunimi.sukunimi@kaarina.fi' + 'Päivi Antola' → 'paivi.antola@kaarina.fi'; '' if no name."""
    local, _, domain = address.partition("@")
    if local.lower() not in PATTERN_LOCALPARTS:
        return address
    words = person_name.split()
    if len(words) > 3:
        # "Espoon kaupungin viestintäjohtaja Johanna Pajakoski" (the title read as part of the name,
        # as a place name starts it): the name is the capitalised words at the end
        tail: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper():
                break
            tail.insert(0, word)
        words = tail if len(tail) <= 3 else []
    if len(words) < 2:
        return ""
    first, last = words[0], "-".join(words[1:])
    return f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}@{domain.lower()}"


def is_email_pattern(address: str) -> bool:
    return address.partition("@")[0].lower() in PATTERN_LOCALPARTS


# ---- people and titles -----------------------------------------------------------------------------

NAME_CLASSES = {"etunimi", "sukunimi", "paikannimi", "nimi"}


@lru_cache(maxsize=4096)
def _word_classes(word: str) -> frozenset[str]:
    return frozenset(reading.word_class for reading in _readings(word.lower()))


@lru_cache(maxsize=16384)
def _readings(word: str) -> tuple[morphology.Reading, ...]:
    return morphology.readings(word) if word else ()


FINITE_MOODS = {"indicative", "imperative", "conditional", "potential"}


@lru_cache(maxsize=8192)
def _is_finite_verb(word: str) -> bool:
    """'on', 'kerrotaan', 'katso', 'löydät', 'ei': a word Voikko reads only as a finite verb."""
    readings = _readings(word.lower())
    return (
        bool(readings)
        and all(r.word_class in ("teonsana", "kieltosana") for r in readings)
        and any(r.mood in FINITE_MOODS for r in readings)
    )


@lru_cache(maxsize=16384)  # pure, and asked several times per line by the parser's lookahead
def has_finite_verb(text: str) -> bool:
    """A clause ('Asiakirjajulkisuuskuvauksessa kerrotaan', 'Katso tietovarannon kohdalta'), not a name.

    Names of resources, registers and systems are noun phrases; a finite verb makes a line a
    sentence or the lead-in to one, whatever its punctuation."""
    return any(_is_finite_verb(word) for word in re.findall(r"[a-zåäöA-ZÅÄÖ]+", text) if len(word) > 1)


def split_title_and_name(text: str) -> tuple[str, str]:
    """'Hallintojohtaja Päivi Antola' → ('Hallintojohtaja', 'Päivi Antola'); 'Maija Hanhiala' → ('', …).

    Leading words that Voikko knows only as common nouns or adjectives form the title; the first word
    it knows as a name (or does not know) starts the person's name.
    """
    words = text.split()
    title_words: list[str] = []
    for word in words:
        classes = _word_classes(word.strip(",.;"))
        # a name is capitalised: a lowercase word Voikko does not know ("bildningsdirektören") is a title
        if (classes and not classes & NAME_CLASSES) or (not classes and word[:1].islower()):
            title_words.append(word)
        else:
            break
    title = " ".join(title_words)
    name = " ".join(words[len(title_words) :])
    return title, name


# ---- contacts -------------------------------------------------------------------------------------

PHONE_PREFIX_RE = re.compile(
    r"^(?:puh(?:elin)?|p|tel|tfn|telefon|phone|gsm|mob)(?:\.|:|\s)\s*:?\s*", re.IGNORECASE
)
PHONE_RE = re.compile(r"^\+?[\d][\d\s()-]{4,}\d$")
POSTCODE_RE = re.compile(r"^\d{5}\b")
POSTAL_RE = re.compile(r"^(?:PL|PB|P\.?\s?O\.?\s?Box|Postilokero|Box)\s*\d+|\b\d{5}\s+\w+", re.IGNORECASE)
# "Centrumvägen 4", "Länsitie 7 A": a street address on a line of its own
_STREET = r"[A-ZÅÄÖ][\wåäö-]*(?:vägen|gatan|gränd|stigen|torget|tie|katu|kuja|polku|väylä|tori|raitti)\s+\d+"
STREET_RE = re.compile(rf"^{_STREET}(?:\s?[A-Za-z])?$")


# an address inside a sentence: "PL 42 69101 Kunta", "Asematie 1, 69100 Kunta" (box or street, postcode, town)
ADDRESS_IN_SENTENCE_RE = re.compile(
    rf"\b(?:(?:PL|PB|Postilokero|Box)\s*\d+|{_STREET}(?:\s?[A-Za-z]\b)?),?\s+\d{{5}}\s+[A-ZÅÄÖ][\wåäöÅÄÖ-]+"
)


# the recipient a sentence names between "osoitteeseen" and the address: "Kunta, Kirjaamo"
RECIPIENT_BEFORE_ADDRESS_RE = re.compile(
    r"(?:osoitteeseen|adressen|address)\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]*(?:,?\s+[\wåäöÅÄÖ-]+){0,5}),?\s*$"
)


def addresses_in_sentence(sentence: str) -> list[str]:
    """'… osoitteeseen Kunta, Kirjaamo PL 42 69101 Kunta tai …' → ['Kunta, Kirjaamo, PL 42, 69101
    Kunta']: the recipient too, as a letter is addressed."""
    addresses = []
    for match in ADDRESS_IN_SENTENCE_RE.finditer(sentence):
        address = re.sub(r"(\S)\s+(\d{5}\s)", r"\1, \2", re.sub(r",\s*", " ", match.group(0)))
        recipient = RECIPIENT_BEFORE_ADDRESS_RE.search(sentence, 0, match.start())
        if recipient and not any(character.isdigit() for character in recipient.group(1)):
            address = f"{recipient.group(1)}, {address}"
        addresses.append(address)
    return addresses


@dataclass(frozen=True)
class Contact:
    kind: str  # email, postal, phone, person
    value: str


def _strip_phone_prefixes(value: str) -> str:
    """'puh. / tfn 019 222 2000' → '019 222 2000' (bilingual pages give both prefixes)."""
    value = value.strip()
    while True:
        stripped = PHONE_PREFIX_RE.sub("", value).lstrip("/ ").strip()
        if stripped == value:
            return value
        value = stripped


def split_outside_parentheses(pattern: str, value: str) -> list[str]:
    """re.split, but not inside parentheses: '09 123 (ma–ti 9–15; ke 9–12)' is one part."""
    parts, start, depth = [], 0, 0
    for match in re.finditer(rf"[()]|{pattern}", value):
        if match.group(0) == "(":
            depth += 1
        elif match.group(0) == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return parts


def _phone_numbers(value: str) -> list[str]:
    value = _strip_phone_prefixes(value)
    parts = split_outside_parentheses(r"[,;]|\s+(?:tai|ja|eller|or)\s+", value)
    return [part.strip() for part in parts if part.strip()]


def classify_contact(value: str) -> list[Contact]:
    """One bullet or one comma-separated part of a contact line."""
    value = deobfuscate(value).strip().rstrip(".").strip()
    if not value:
        return []
    emails = EMAIL_RE.findall(value)
    if len(emails) > 1 and not re.sub(r"[\s/|]+", "", EMAIL_RE.sub("", value)):
        return [Contact("email", address.lower()) for address in emails]  # "a@x.fi / b@y.fi"
    email = EMAIL_RE.search(value)
    if email and email.group(0) == value:
        return [Contact("email", value.lower())]
    if PHONE_PREFIX_RE.match(value) and re.search(r"\d{3}", value):
        return [Contact("phone", number) for number in _phone_numbers(value)]
    if PHONE_RE.match(value):
        return [Contact("phone", value)]
    if POSTAL_RE.search(value) or STREET_RE.match(value):
        return [Contact("postal", value)]
    if email:
        # "Kirjaamo kirjaamo@x.fi": a name and an address in one part
        before = value[: email.start()].strip(" ,;")
        # "Kirjaamon sähköposti: x@y.fi": a label ending in a colon names the address, it is no person
        named = before and not before.endswith(":")
        return ([Contact("person", before.strip(" :"))] if named else []) + [
            Contact("email", email.group(0).lower())
        ]
    return [Contact("person", value)]


def split_inline(value: str) -> list[str]:
    """Split 'A, b@x.fi, puh. 02 1, 050 2, PL 12, 20781 Kaarina' into its parts, rejoining numbers."""
    parts = [
        p.strip()
        for p in split_outside_parentheses(r"[,;]\s*", deobfuscate(value).strip().rstrip("."))
        if p.strip()
    ]
    merged: list[str] = []
    for part in parts:
        if merged and POSTCODE_RE.match(part) and not PHONE_PREFIX_RE.match(merged[-1]):
            merged[-1] = f"{merged[-1]}, {part}"  # "PL 12" + "20781 Kaarina"
        elif merged and PHONE_RE.match(part) and PHONE_PREFIX_RE.match(merged[-1]):
            merged[-1] = f"{merged[-1]}, {part}"  # "puh. 02 588 4105" + "050 541 5160"
        else:
            merged.append(part)
    return merged


def parse_contacts(value: str) -> list[Contact]:
    contacts: list[Contact] = []
    value = value.strip()
    label = CONTACT_KIND_LABEL_RE.match(value)
    if label:  # "e-postadress: x@y.fi": the label names the kind
        value = value[label.end() :]
    if label and POSTAL_LABEL_RE.search(label.group(0)):
        # "Postiosoite: Virasto, PL 24, 00023 Kaupunki": the whole value is the one address
        cleaned = deobfuscate(value).strip().rstrip(".")
        if POSTAL_RE.search(cleaned) and not EMAIL_RE.search(cleaned) and not PHONE_PREFIX_RE.match(cleaned):
            return [Contact("postal", cleaned)]
    for part in split_inline(value):
        contacts.extend(classify_contact(part))
    if label and EMAIL_LABEL_RE.search(label.group(0)):
        # "Sähköposti: [email protected]" (a hidden address), "sähköpostiosoite: kirjaamo" (cut off):
        # what an e-mail label gives that is no address names nobody
        contacts = [c for c in contacts if c.kind != "person"]
    return contacts


# "Postiosoite: Museovirasto, PL 913, 00101 Helsinki": the label names the kind, it is not a value
CONTACT_KIND_LABEL_RE = re.compile(
    r"^(?:sähköposti(?:osoite)?|postiosoite|käyntiosoite|osoite|e-post(?:adress)?|postadress|besöksadress|"
    r"adress|e-?mail|postal address|address|"
    # "sähköpostitse osoitteeseen:", "postitse:", "per post till adressen:": how to send, then where
    r"(?:sähköpostitse|postitse|kirjeitse|puhelimitse|per (?:e-post|post|telefon)|by (?:e-?mail|post))"
    r"(?:\s+(?:osoitteeseen|numeroon|till adressen|till numret|to))?)\s*:\s*",
    re.IGNORECASE,
)
EMAIL_LABEL_RE = re.compile(r"sähköpost|e-?post|e-?mail", re.IGNORECASE)
POSTAL_LABEL_RE = re.compile(
    r"^(?:postiosoite|postadress|postal address|postitse|per post|by post)", re.IGNORECASE
)


def parse_bullet_contact(value: str) -> list[Contact]:
    """A bullet is one contact, unless it lists several (phones, or a name and an address)."""
    cleaned = CONTACT_KIND_LABEL_RE.sub("", deobfuscate(value).strip().rstrip("."))
    if POSTAL_RE.search(cleaned) and not EMAIL_RE.search(cleaned) and not PHONE_PREFIX_RE.match(cleaned):
        return [Contact("postal", cleaned)]
    return parse_contacts(cleaned)


@dataclass
class ParsedDecider:
    title: str = ""
    name: str = ""
    email: str = ""
    phone: str = ""
    authority: str = ""
    email_pattern: str = ""  # the page's own pattern, kept for the report when it could not be resolved


def parse_decider(value: str) -> ParsedDecider:
    decider = ParsedDecider()
    phones: list[str] = []
    for contact in parse_contacts(value):
        if contact.kind == "person" and not (decider.title or decider.name):
            decider.title, decider.name = split_title_and_name(contact.value)
        elif contact.kind == "person" and not decider.authority:
            decider.authority = contact.value
        elif contact.kind == "email":
            if is_email_pattern(contact.value):
                decider.email_pattern = contact.value
            else:
                decider.email = contact.value
        elif contact.kind == "phone":
            phones.append(contact.value)
    if decider.email_pattern and not decider.email:
        decider.email = email_from_pattern(decider.email_pattern, decider.name)
    decider.phone = ", ".join(phones)
    return decider


# "Tietojen luovuttamisesta vastaa potilashallinnollisissa asioissa johtajaylilääkäri ja muissa
# hallinnollisissa asioissa hallintojohtaja.": the decider stated in a sentence
DECIDER_SENTENCE_RE = re.compile(
    r"^(?:tietojen|tiedon|asiakirjojen|asiakirjan)\s+(?:luovuttamisesta|antamisesta|luovutuksesta)\s+"
    r"(?:päättää|päättävät|vastaa|vastaavat)\s+(?P<who>[^.]+)\.?$",
    re.IGNORECASE,
)


def decider_in_sentence(sentence: str) -> ParsedDecider | None:
    """The decider a sentence names; of 'X in these matters and Y in other matters', Y, the general case."""
    match = DECIDER_SENTENCE_RE.match(sentence.strip())
    if match is None:
        return None
    who = re.split(r"\s+(?:ja|sekä)\s+(?=muissa\b)", match.group("who"))[-1]
    who = re.sub(r"^.*\b(?:asioissa|tapauksissa|asioista)\s+", "", who).strip()
    if not who or len(who.split()) > 6:
        return None
    return parse_decider(who)


def resolve_contact_patterns(contacts: list[Contact]) -> list[Contact]:
    """Resolve 'etunimi.sukunimi@…' against a named person in the same statement."""
    person = next((c.value for c in contacts if c.kind == "person"), "")
    name = split_title_and_name(person)[1]
    resolved = []
    for contact in contacts:
        if contact.kind == "email" and is_email_pattern(contact.value):
            address = email_from_pattern(contact.value, name)
            if address:
                resolved.append(Contact("email", address))
                continue
        resolved.append(contact)
    return resolved


# ---- search criteria -------------------------------------------------------------------------------


LIST_JOINER_RE = re.compile(r"(?<!-)\s+(?:ja|sekä|tai|och|eller|samt|and|or)\s+", re.IGNORECASE)
# "Tietopyynnöissä voidaan käyttää hakutekijöinä esimerkiksi henkilön nimeä, henkilötunnusta."
_CRITERIA_WORD = r"(?:hakutekij|hakuehto|hakusan|sökfaktor|sökbegrepp|sökkriteri|sökord)"
CRITERIA_WORD_RE = re.compile(_CRITERIA_WORD, re.IGNORECASE)
# "Tietoja voi etsiä seuraavilla hakusanoilla: asian nimi, diaarinumero": the list after the colon
CRITERIA_COLON_RE = re.compile(rf"{_CRITERIA_WORD}[\wåäö]*\s*:\s*(?P<list>\S.+)$", re.IGNORECASE)
# "Tietoa niistä voi hakea esim. asian otsikolla, toimielimen nimellä": the verb, and adessive criteria
SEARCH_VERB_RE = re.compile(r"\b(?:voi|voidaan|voitte|voit)\s+hakea\b|\bhaetaan\b", re.IGNORECASE)
EXAMPLES_RE = re.compile(
    r"\b(?:esimerkiksi|esim\.|mm\.|muun muassa|kuten|till exempel|t\.\s?ex\.|bland annat|exempelvis)"
    r"\s+(?P<list>.+)$",
    re.IGNORECASE,
)
CRITERIA_PREDICATE_RE = re.compile(
    r"\b(?:hakutekijö(?:inä|itä)|hakutekijät|hakuehtoina|sökfaktorer(?:na)?)\s+"
    r"(?:(?:voi(?:daan)?|voivat|ovat|on|är|kan)\s+)?(?:käyttää\s+|användas\s+)?(?P<list>(?!joi)\w.+)$",
    re.IGNORECASE,
)


def _base_form(word: str) -> str:
    """The nominative of a noun Voikko reads only as a partitive ('nimeä' → 'nimi'); else the word."""
    analyses = [
        a for a in _readings(word.lower()) if a.word_class in ("nimisana", "laatusana", "nimisana_laatusana")
    ]
    partitives = [a for a in analyses if a.case == "osanto"]
    if partitives and not any(a.case == "nimento" for a in analyses):
        base = partitives[0].baseform.replace("--", "-")
        return base if word[:1].islower() else base[:1].upper() + base[1:]
    return word


def base_form_phrase(phrase: str) -> str:
    """'henkilön nimeä' → 'henkilön nimi': in a Finnish noun phrase only the head (last word) inflects."""
    words = phrase.split()
    if not words or not re.fullmatch(r"[\wåäöÅÄÖ-]+", words[-1]):
        return phrase
    return " ".join([*words[:-1], _base_form(words[-1])])


def _is_lone_genitive(text: str) -> bool:
    """'asiakirjan': one Finnish word that Voikko reads only as a genitive."""
    if not re.fullmatch(r"[a-zåäö-]+", text):
        return False
    readings = _readings(text)
    return bool(readings) and all(r.case == "omanto" for r in readings)


# "siinä tehdyt päätökset", "niiden tila": a right side that points back to the left is no item alone
ANAPHORIC_BASES = frozenset({"se", "ne", "tämä", "nämä", "hän", "he"})


def _shares_left(left: str, right: str) -> bool:
    """Whether 'left ja right' is one entry: 'asian käsittelyvaiheet ja siinä tehdyt päätökset',
    'Rakentamisen ohjauksen ja neuvonnan tiedot' (a genitive before 'ja' waits for the head after)."""
    left_words, right_words = left.split(), right.split()
    if not left_words or not right_words:
        return False
    if _is_lone_genitive(left_words[-1].lower()) and len(right_words) >= 2:
        return True
    readings = _readings(right_words[0].lower())
    return bool(readings) and all(
        r.word_class == "asemosana" and r.baseform in ANAPHORIC_BASES for r in readings
    )


def split_list(value: str) -> list[str]:
    """'A, B (kansallinen); C ja D.' → ['A', 'B (kansallinen)', 'C', 'D'], keeping parentheses whole.

    Sentences, commas, semicolons and 'ja'/'sekä'/'tai' separate entries; 'hoito- ja
    palvelusuunnitelmat' stays one (an elided compound)."""
    parts: list[str] = []
    depth, current = 0, list[str]()
    text = value.strip().rstrip(".")
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(0, depth - 1)
        boundary = char in ",;" or (char == "." and text[index + 1 : index + 2] == " ")
        if char == "," and text[index - 1 : index] == "-":
            boundary = False  # "tutkimus-, selvitys- ja kehittämishanketoiminnan": an elided compound
        if depth == 0 and boundary:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    entries: list[str] = []
    for part in parts:
        # split on "ja"/"tai" outside parentheses only: mask what is inside them first
        masked = re.sub(r"\([^)]*\)", lambda m: "(" + "\0" * (len(m.group(0)) - 2) + ")", part)
        start = 0
        for joiner in LIST_JOINER_RE.finditer(masked):
            left = part[start : joiner.start()].strip()
            if _shares_left(left, part[joiner.end() :]):
                continue  # "asiakirjan tai asian nimi": two genitives share one head noun
            entries.append(left)
            start = joiner.end()
        entries.append(part[start:].strip())
    return [entry.strip(" .,;") for entry in entries if entry.strip(" .,;")]


def parse_criteria(value: str) -> list[str]:
    """'nimi, hetu, tehtävä ja päivämäärä.' → ['nimi', 'hetu', 'tehtävä', 'päivämäärä'].

    Partitive phrases from sentences become base forms ('henkilön nimeä' → 'henkilön nimi');
    a note in parentheses ('asianumeroa (diaarinumeroa)') is dropped."""
    criteria: list[str] = []
    for entry in split_list(value):
        entry = re.sub(r"\s*\([^)]*\)", "", entry).strip()
        if entry:
            criteria.append(base_form_phrase(entry))
    return criteria


def criteria_in_sentence(sentence: str) -> list[str]:
    """The criteria a sentence lists ('… hakutekijöinä esimerkiksi henkilön nimeä, henkilötunnusta.')."""
    if not CRITERIA_WORD_RE.search(sentence):
        verb = SEARCH_VERB_RE.search(sentence)
        match = EXAMPLES_RE.search(sentence, verb.end()) if verb else None
        if match is None:
            return []
        # only adessive heads ("otsikolla", "nimellä") are criteria; "esim. asian vireilletulo-" is a note
        listed = re.sub(r",?\s*\besim\..*$", "", match.group("list"))
        criteria = [_adessive_base(c) for c in parse_criteria(listed)]
        return [c for c in criteria if c]
    match = (
        EXAMPLES_RE.search(sentence)
        or CRITERIA_PREDICATE_RE.search(sentence)
        or CRITERIA_COLON_RE.search(sentence)
    )
    return parse_criteria(match.group("list")) if match else []


def _adessive_base(phrase: str) -> str:
    """'toimielimen nimellä' → 'toimielimen nimi'; '' when the head is no adessive noun."""
    words = re.sub(r"^(?:sekä|ja|tai)\s+", "", phrase.strip()).split()
    if not words:
        return ""

    def adessive(word: str) -> str | None:
        word = word.lower()
        readings = [r for r in _readings(word) if r.case == "ulkoolento"]
        if readings:
            return readings[0].baseform
        if _readings(word):
            return None
        # "vireilletulopäivällä": a compound Voikko does not know is read by its last part ("päivällä")
        for start in range(3, len(word) - 3):
            tail = [r for r in _readings(word[start:]) if r.case == "ulkoolento"]
            if tail and word[start - 1] != "-":
                return word[:start] + tail[0].baseform
        return None

    if adessive(words[-1]) is None:
        return ""
    # "erilaisilla päivämäärätiedoilla" → "erilainen päivämäärätieto": modifiers agree with the head
    return " ".join(adessive(word) or word for word in words)


# ---- items -----------------------------------------------------------------------------------------

ITEM_KIND_BY_WORD: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(rekisteri|rekisterit|register|registret|registry)$"), "register"),
    (
        re.compile(
            r"(järjestelmä|järjestelmät|järjestelmän|ohjelma|ohjelmisto|sovellus|tietokanta|"
            r"hakemisto|palvelu|palvelut|system|systemet|software)$"
        ),
        "system",
    ),
    (
        re.compile(r"(arkisto|kokoelma|kokoelmat|tietovaranto|tietovarannot|samling|samlingar|collection)$"),
        "collection",
    ),
    (re.compile(r"(aineisto|aineistot|material|materialet|dataset|data)$"), "dataset"),
]


def classify_item(name: str, note: str = "", section_kind: str | None = None) -> str:
    """The head noun decides: Finnish compounds put it last ("…hr-järjestelmän rekisteri" is a register)."""
    if section_kind:
        return section_kind
    for word in reversed(re.findall(r"[\w-]+", name.lower())):
        for pattern, kind in ITEM_KIND_BY_WORD:
            if pattern.search(word):
                return kind
    if re.search(r"järjestelm|system", note.lower()):
        return "system"
    if _is_product_name(name):
        return "system"
    return "dataset"


# National systems whose names Voikko reads as common nouns ("omakanta": oma + kanta)
NATIONAL_SYSTEMS = frozenset({"omakanta", "kanta-palvelut", "kanta-palvelu"})


def _is_product_name(name: str) -> bool:
    """'Primus', 'Daisy', 'Lifecare': capitalised words Voikko knows as no common noun are a product."""
    words = re.findall(r"[\wåäöÅÄÖ-]+", name)
    if not words or len(words) > 3 or not words[0][:1].isupper():
        return False
    if name.strip().lower() in NATIONAL_SYSTEMS:
        return True
    if any(re.search(r"[a-zåäö][A-ZÅÄÖ]", word) for word in words):
        return True  # "WebArkki", "KuntaToimisto": a capital inside a word marks a product name
    return all(not (_word_classes(word) - NAME_CLASSES) for word in words)


@dataclass(frozen=True)
class ParsedItem:
    name: str
    kind: str
    note: str = ""


# "henkilö, maatila ja sopimus tiedot": after the comma the list goes on, one word a member
LIST_GOES_ON_RE = re.compile(
    r"^(?P<first>[a-zåäö-]+)(?:,\s+[a-zåäö-]+)*\s+(?:ja|sekä|tai)\s+[a-zåäö-]+(?:\s+[a-zåäö-]+)?$"
)


def _list_goes_on(name: str, note: str) -> bool:
    """'Maatalousyrittäjien henkilö' + 'maatila ja sopimus tiedot': members in one case, not a note."""
    goes_on = LIST_GOES_ON_RE.match(note)
    last = name.split()[-1] if name.split() else ""
    if goes_on is None or not re.fullmatch(r"[a-zåäö-]+", last):
        return False
    cases = {r.case for r in _readings(last)}
    return bool(cases & {r.case for r in _readings(goes_on.group("first"))} - {None, ""})


def parse_item(text: str, section_kind: str | None = None) -> ParsedItem:
    """'Luottamushenkilörekisteri (tietokanta)' → name + note; also 'Name, what it does', 'Name; vendor'."""
    text = text.strip().rstrip(".;,")
    note = ""
    paren = re.match(r"^(?P<name>[^()]+?)\s*\((?P<note>.+)\)$", text)
    if paren:
        text, note = paren.group("name").strip(), paren.group("note").strip()
    else:
        # a comma inside parentheses ("osapuolet (esim. tuoja, viejä), jotka …") separates no note
        split = re.match(
            r"^(?P<name>(?:[^,;:()]|\([^()]*\))+?)(?<!-)\s*(?:[,;]|:(?=\s))\s*(?P<note>.+)$", text
        )
        if split and _list_goes_on(split.group("name"), split.group("note")):
            split = None
        if split:
            text, note = split.group("name").strip(), split.group("note").strip()
    text = nominative_of_elative(text)
    return ParsedItem(text, classify_item(text, note, section_kind), note)


INDECLINABLE_MODIFIERS = frozenset({"ja", "sekä", "tai", "eri"})


def _elative_base(word: str) -> str | None:
    """The base form of a word Voikko reads only as an elative of one word ('järjestelmistä' →
    'järjestelmä'; 'tietokannoista' might be 'tietokanta' or 'tietokanto': left as it is)."""
    readings = _readings(word.lower())
    bases = {r.baseform for r in readings}
    if len(bases) != 1 or any(r.case != "sisaeronto" for r in readings):
        return None
    base = bases.pop().replace("--", "-")
    return base[:1].upper() + base[1:] if word[:1].isupper() else base


def nominative_of_elative(name: str) -> str:
    """'Paperiaineistosta' → 'Paperiaineisto', 'Koulutuksen järjestämisen järjestelmistä' →
    'Koulutuksen järjestämisen järjestelmä': the list after 'Asiarekisteri koostuu:' names its items in
    the elative. Only when the last word is read only so, as a noun, and the words before it are
    genitives, agreeing elatives, elided parts or joiners: 'Tiedot asiakkaista' is a name as written."""
    words = name.split()
    if not words or not all(re.fullmatch(r"[\wåäöÅÄÖ-]+", word) for word in words):
        return name
    last = words[-1]
    if not any(r.word_class == "nimisana" for r in _readings(last.lower())):
        return name
    head = _elative_base(last)
    if head is None:
        return name
    kept: list[str] = []
    for word in words[:-1]:
        if word.endswith("-") or word.lower() in INDECLINABLE_MODIFIERS or _is_lone_genitive(word.lower()):
            kept.append(word)
        elif (base := _elative_base(word)) is not None:
            kept.append(base)
        else:
            return name
    return " ".join([*kept, head])


# "Liiton asianhallintajärjestelmä on Tiera Tiedonhallinta (CaseM).": a system named in prose
NAMED_SYSTEM_RE = re.compile(
    r"(?:järjestelmä|järjestelmänä|system(?:et)?)\s+(?:on|är|is)\s+"
    r"(?P<name>[A-ZÅÄÖ][\w-]*(?:\s+[A-ZÅÄÖ][\w-]*){0,3})(?:\s*\((?P<note>[^)]+)\))?"
)


def systems_named_in_sentence(sentence: str) -> list[ParsedItem]:
    return [
        ParsedItem(m.group("name"), "system", m.group("note") or "")
        for m in NAMED_SYSTEM_RE.finditer(sentence)
    ]


SYSTEM_WORD_RE = re.compile(r"\b[\wåäö-]*(?:järjestelm|system)[\wåäö]*", re.IGNORECASE)
OTHER_PLACES_RE = re.compile(r"operatiivi|paperi|operativ|pappers|\bmyös\b|\bockså\b", re.IGNORECASE)


GENERIC_SYSTEM_WORDS = {"järjestelmä", "tietojärjestelmä", "system", "informationssystem", "datasystem"}


# "Virta-asianhallinta- ja Prosessori-prosessinhallintajärjestelmissä": the first name is elided
ELIDED_BEFORE_RE = re.compile(r"([\wåäöÅÄÖ-]+-)\s+(?:ja|sekä|tai)\s+$", re.IGNORECASE)
# "Dynasty- asianhallintajärjestelmässä": the product's name, its hyphen parted from the kind by a space
NAME_BEFORE_RE = re.compile(r"\b([A-ZÅÄÖ][\wåäöÅÄÖ]*)-\s+$")


def case_register_systems(sentences: list[str]) -> list[ParsedItem]:
    """The systems a case register is kept in, when the text names them by kind only.

    'Asiat ja asiakirjat on tallennettu asianhallintajärjestelmään.' → asianhallintajärjestelmä;
    'Virta-asianhallinta- ja Prosessori-prosessinhallintajärjestelmissä' → both systems; a
    sentence that spreads the register over other places too (other systems, paper) names none."""
    for sentence in sentences:
        found = list(SYSTEM_WORD_RE.finditer(sentence))
        if len(found) != 1 or OTHER_PLACES_RE.search(sentence):
            continue
        base = _system_base(found[0].group())
        if base.lower() in GENERIC_SYSTEM_WORDS:
            continue  # "missä tietojärjestelmässä tahansa" names no system
        before = sentence[: found[0].start()]
        elided = ELIDED_BEFORE_RE.search(before)
        named = NAME_BEFORE_RE.search(before)
        if elided is None and named is not None:
            return [ParsedItem(f"{named.group(1)}-{base[:1].lower()}{base[1:]}", "system")]
        if elided is None or not base.endswith("järjestelmä"):
            return [ParsedItem(base, "system")]
        # the shared head is the last part: "asianhallinta-" + "järjestelmä" (a Swedish compound
        # shares more than its last part, "ärende- och dokumenthanteringssystem", and is left whole)
        return [ParsedItem(elided.group(1)[:-1] + "järjestelmä", "system"), ParsedItem(base, "system")]
    return []


def _system_base(word: str) -> str:
    """A system word in its base form, keeping a proper name's capital: 'Prosessori-…järjestelmissä'."""
    lowered = word.lower()
    bases = {r.baseform for r in _readings(lowered) if r.word_class == "nimisana"}
    if not bases and "-" in lowered:
        # "prosessori-prosessinhallintajärjestelmissä", unknown as a whole: its last piece inflects
        before, _hyphen, last = lowered.rpartition("-")
        bases = {f"{before}-{r.baseform}" for r in _readings(last) if r.word_class == "nimisana"}
    if len(bases) == 1:
        base = bases.pop()
    elif lowered.endswith(("systemet", "systemen")):
        base = lowered[:-2]  # Swedish definite form
    else:
        base = lowered
    prefix = word.rpartition("-")[0]
    if prefix.isupper() and base.startswith(prefix.lower() + "-"):
        return prefix + base[len(prefix) :]  # "VAHVA-asianhallintajärjestelmä": an acronym stays one
    return base[:1].upper() + base[1:] if word[:1].isupper() and base[:1].islower() else base


# ---- interface statements ----------------------------------------------------------------------------

AUTHORITY_RE = re.compile(
    r"viranomai|verohallin|\bkela|kansaneläkelaitos|väestötietojärjestelm|tulorekister|myndighet|"
    r"skatteförvaltning|authorit|tax administration",
    re.IGNORECASE,
)
VIEWING_RE = re.compile(r"katseluyhte|katseluoikeu|läsrätt|insyn|viewing access", re.IGNORECASE)
NEGATION_RE = re.compile(r"\b(ei|eikä|eivät|emme|inte|ej|not|no|none)\b", re.IGNORECASE)
AFFIRMATIVE_RE = re.compile(
    r"rajapin|luovut|saatavilla|saatavissa|avoim|avoin data|gränssnitt|utlämna|tillgänglig|interface|"
    r"available|disclos",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class InterfaceFact:
    aspect: str  # open, authorities, viewing
    status: str  # yes, no, unknown
    text: str
    url: str = ""  # the interface's or open data's address (catalog files and harvests carry it)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])", text.strip()) if s.strip()]


# "saatavissa viranomaisen tietojärjestelmästä avoimen rajapinnan avulla": where the data is, not who gets it
OWN_SYSTEM_RE = re.compile(
    r"\bviranomaisen\s+(?:oma(?:sta|ssa)?\s+)?[\wåäö-]*järjestelm[\wåäö]*", re.IGNORECASE
)


def classify_interface_sentence(sentence: str) -> InterfaceFact:
    if VIEWING_RE.search(sentence):
        aspect = "viewing"
    elif AUTHORITY_RE.search(OWN_SYSTEM_RE.sub("", sentence)):
        aspect = "authorities"
    else:
        aspect = "open"
    if NEGATION_RE.search(sentence):
        status = "no"
    elif AFFIRMATIVE_RE.search(sentence):
        status = "yes"
    else:
        status = "unknown"
    return InterfaceFact(aspect, status, sentence)


def merge_interface_facts(facts: list[InterfaceFact]) -> list[InterfaceFact]:
    """One fact per aspect: the first decisive sentence sets the status, all sentences are kept."""
    merged: dict[str, InterfaceFact] = {}
    for fact in facts:
        previous = merged.get(fact.aspect)
        if previous is None:
            merged[fact.aspect] = fact
            continue
        status = previous.status if previous.status != "unknown" else fact.status
        merged[fact.aspect] = InterfaceFact(fact.aspect, status, f"{previous.text} {fact.text}")
    order = {"open": 0, "authorities": 1, "viewing": 2}
    return sorted(merged.values(), key=lambda f: order[f.aspect])
