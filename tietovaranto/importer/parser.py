"""Recognise the structure of a 28 § description page.

Such pages, whoever publishes them, are built from the same parts: service areas, resource headings,
bullet lists of registers, data sets and systems, and labelled lines ("Hakutekijät …:",
"Tietopyynnöt:", "Tiedon antamisesta päättävä viranomainen:", "… rajapinnan kautta"). The parser
knows those parts, not one city's page. It works on blocks (lines, bullets, HTML headings) and
keeps each block's line number so the report can point at anything it could not place.
"""

import re
from dataclasses import dataclass, field

from tietovaranto.importer.blocks import Block, page_blocks
from tietovaranto.importer.fields import (
    Contact,
    InterfaceFact,
    ParsedDecider,
    ParsedItem,
    classify_interface_sentence,
    merge_interface_facts,
    parse_bullet_contact,
    parse_contacts,
    parse_criteria,
    parse_decider,
    parse_item,
    resolve_contact_patterns,
    split_sentences,
)

NOISE_RE = re.compile(
    r"^(sivua päivitetään\.?|jaa|tulosta|sivun alkuun|takaisin ylös|share|dela|skriv ut|print|"
    r"(sivu )?päivitetty.*|uppdaterad.*|updated.*|facebook|twitter|linkedin|x|whatsapp|sähköposti)$",
    re.IGNORECASE,
)
TITLE_RE = re.compile(
    r"^(palvelujen ja toimintojen )?tietovarannot$|asiakirjajulkisuus|julkisuuskuvaus|tiedonhallintalain|"
    r"28 §|handlingsoffentlighet|informationsresurser$|information resources$|tietovarannot ja asiarekister|"
    r"asiarekisteri ja tietovarann|^tietovarannot\b",
    re.IGNORECASE,
)

# Labels: the part before ":" (or a whole short heading line).
CRITERIA_LABEL_RE = re.compile(r"hakutekij|hakuehdo|sökfaktor|sökkriteri|search criteri", re.IGNORECASE)
CONTACT_LABEL_RE = re.compile(
    r"tietopyyn|tietopyyntöjen|yhteystiedot|begäran om|informationsbegär|begäran|kontaktuppgifter|"
    r"information request|requests? for information",
    re.IGNORECASE,
)
DECIDER_LABEL_RE = re.compile(
    r"päättävä|päättää|päätöksen tekee|ratkaisuvalta|beslutar|beslutande|decides|deciding",
    re.IGNORECASE,
)
INTERFACE_LABEL_RE = re.compile(r"rajapin|gränssnitt|interface", re.IGNORECASE)
DESCRIPTION_LABEL_RE = re.compile(
    r"^(käyttötarkoitus|tarkoitus|kuvaus|ändamål|beskrivning|purpose)$", re.IGNORECASE
)

_CATEGORY = (
    r"(?:rekisterit|rekisteri|henkilörekisterit|tietojärjestelmät|järjestelmät|tietoaineistot|aineistot|"
    r"asiakirjat|tietokannat|register|registren|informationssystem|system|datamaterial|material|"
    r"registers|information systems|systems|data sets|datasets)"
)
ITEM_SECTION_RE = re.compile(
    rf"^(?:keskeiset|tärkeimmät|muut|centrala|viktigaste|övriga|main|key|other)?\s*"
    rf"{_CATEGORY}(?:\s*(?:,|ja|sekä|och|and)\s*{_CATEGORY})*:?$",
    re.IGNORECASE,
)
SYSTEM_SECTION_RE = re.compile(
    r"^(?:keskeiset |tärkeimmät |muut |centrala |övriga |main |key |other )?"
    r"(tietojärjestelmät|järjestelmät|informationssystem|system|information systems|systems):?$",
    re.IGNORECASE,
)

AREA_NAME_RE = re.compile(
    r"(palvelut|palvelualue|toimiala|hallinto|tulosalue|vastuualue|yksikkö|keskus|virasto|osasto|toimi|"
    r"tehtävät|lautakunta|tjänster|förvaltning|avdelning|enhet|services|department|administration)$",
    re.IGNORECASE,
)
RESOURCE_NAME_RE = re.compile(
    r"tietovarant|tietovaranno|rekister|aineist|järjestelm|arkisto|informationsresurs|register|dataset|"
    r"information resource",
    re.IGNORECASE,
)


@dataclass
class Facts:
    """What a page can state for a resource, an area or the whole organisation."""

    criteria: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    decider: ParsedDecider | None = None
    interface: list[InterfaceFact] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.criteria or self.contacts or self.decider or self.interface)


@dataclass
class ParsedResource:
    name: str
    line: int
    description: list[str] = field(default_factory=list)
    items: list[ParsedItem] = field(default_factory=list)
    facts: Facts = field(default_factory=Facts)
    implicit: bool = False  # an area's registers with no resource heading become one resource

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


@dataclass
class ParsedPage:
    title: str = ""
    facts: Facts = field(default_factory=Facts)
    areas: list[ParsedArea] = field(default_factory=list)
    resources_without_area: list[ParsedResource] = field(default_factory=list)
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # the organisation's registry office (kirjaamo): where requests go when no resource names a contact
    registry: list[Contact] = field(default_factory=list)

    def all_resources(self) -> list[ParsedResource]:
        return self.resources_without_area + [r for area in self.areas for r in area.resources]


def is_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?")) or len(text.split()) > 12


def label_of(text: str) -> tuple[str, str] | None:
    """('label', 'value') for 'Label: value' lines; value may be empty."""
    match = re.match(r"^([^:]{2,80}):\s*(.*)$", text)
    if not match or "@" in match.group(1) or re.search(r"https?$", match.group(1)):
        return None
    return match.group(1).strip(), match.group(2).strip()


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
    return None


def section_of_heading(text: str) -> tuple[str, str | None] | None:
    """A short heading line that opens a section: ('items', kind) or ('criteria'|…, None)."""
    stripped = text.strip()
    if SYSTEM_SECTION_RE.match(stripped):
        return "items", "system"
    if ITEM_SECTION_RE.match(stripped):
        return "items", None
    bare = stripped.rstrip(":")
    kind = label_kind(bare)
    if kind and (stripped.endswith(":") or kind == "interface"):
        return kind, None
    return None


class _PageParser:
    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.page = ParsedPage()
        self.area: ParsedArea | None = None
        self.resource: ParsedResource | None = None
        self.section: str | None = None
        self.section_kind: str | None = None
        self.area_level: int | None = None

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

    def _open_area(self, name: str, line: int) -> None:
        self.area = ParsedArea(name, line)
        self.page.areas.append(self.area)
        self.resource = None
        self._set_section(None)

    def _open_resource(self, name: str, line: int, implicit: bool = False) -> None:
        self.resource = ParsedResource(name, line, implicit=implicit)
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
            if NOISE_RE.match(block.text):
                continue
            seen += 1
            if seen == offset:
                return block
        return None

    def _is_plain_heading(self, block: Block | None) -> bool:
        """A heading that is neither a label nor a section: an area or a resource name."""
        if block is None or block.kind == "bullet":
            return False
        if block.kind == "line" and (is_sentence(block.text) or label_of(block.text)):
            return False
        return section_of_heading(block.text) is None

    # -- the walk -------------------------------------------------------------------------------------

    def parse(self) -> ParsedPage:
        for index, block in enumerate(self.blocks):
            if NOISE_RE.match(block.text):
                self.page.ignored.append((block.line, block.text))
                continue
            if block.kind == "bullet":
                self._bullet(block)
            else:
                self._line(index, block)
        return self.page

    def _line(self, index: int, block: Block) -> None:
        text = block.text
        page_started = self.page.title or self.page.areas or self.page.resources_without_area
        if not page_started and self._is_title(index, block):
            self.page.title = text
            return

        section = section_of_heading(text) if not is_sentence(text) or text.endswith(":") else None
        if section is not None and not (
            block.kind == "heading" and section[0] not in ("items", "interface") and not text.endswith(":")
        ):
            self._set_section(*section)
            return

        labelled = label_of(text)
        if labelled is not None:
            kind = label_kind(labelled[0])
            if kind is not None:
                self._set_section(kind)
                if labelled[1]:
                    self._value(kind, labelled[1], block)
                return

        if self._is_plain_heading(block):
            if (
                self.section == "contacts"
                and self._named_recipient_allowed
                and self._introduces_contacts(index)
            ):
                self._facts().contacts.append(Contact("person", text))
                return
            self._heading(index, block)
            return

        self._sentence(block)

    def _introduces_contacts(self, index: int) -> bool:
        following = self._next(index)
        if following is None or following.kind != "bullet":
            return False
        return any(c.kind != "person" for c in parse_bullet_contact(following.text))

    def _is_title(self, index: int, block: Block) -> bool:
        if block.kind == "heading":
            return block.level == 1
        if is_sentence(block.text) or label_of(block.text):
            return False
        if TITLE_RE.search(block.text):
            return True
        following = self._next(index)
        if following is None or following.kind == "bullet" or AREA_NAME_RE.search(block.text):
            return False
        if self._is_plain_heading(following):  # title, area and resource headings in a row
            return self._is_plain_heading(self._next(index, 2))
        # a title followed by organisation-wide labelled facts, not by a description
        return following.kind != "line" or bool(label_of(following.text)) or not is_sentence(following.text)

    def _heading(self, index: int, block: Block) -> None:
        name = block.text.rstrip(":").strip()
        if block.kind == "heading" and block.level is not None:
            if self.area_level is None:
                following = self._next(index)
                nested = (
                    following is not None
                    and following.kind == "heading"
                    and (following.level or 0) > block.level
                )
                if nested or AREA_NAME_RE.search(name) or not RESOURCE_NAME_RE.search(name):
                    self.area_level = block.level
            if self.area_level is not None and block.level <= self.area_level:
                self._open_area(name, block.line)
            else:
                self._open_resource(name, block.line)
            return

        following = self._next(index)
        if self._is_plain_heading(following):
            self._open_area(name, block.line)
        elif RESOURCE_NAME_RE.search(name):
            self._open_resource(name, block.line)
        elif AREA_NAME_RE.search(name) or (following is not None and following.kind == "bullet"):
            self._open_area(name, block.line)
        else:
            self._open_resource(name, block.line)

    def _sentence(self, block: Block) -> None:
        if self.section in ("criteria", "contacts", "decider", "interface"):
            self._value(self.section, block.text, block)
            return
        if self.section == "items":
            self.page.unplaced.append((block.line, block.text))
            return
        if self.resource is not None:
            self.resource.description.append(block.text)
        elif self.area is not None:
            self.area.description.append(block.text)
        else:
            self.page.unplaced.append((block.line, block.text))

    def _bullet(self, block: Block) -> None:
        text = block.text
        if self.section in ("criteria", "contacts", "decider", "interface"):
            if self.section == "contacts":
                self._named_recipient_allowed = False
                self._facts().contacts.extend(resolve_contact_patterns(parse_bullet_contact(text)))
            else:
                self._value(self.section, text, block)
            return
        section = section_of_heading(text)
        if section is not None and section[0] == "items":  # "• Tietojärjestelmät" inside a list
            self._set_section(*section)
            return
        resource = self._resource_for_content(block)
        if resource is None:
            self.page.unplaced.append((block.line, text))
            return
        if self.section == "description" or self.section is None:
            # a list right under a resource heading names its sub-resources
            item = parse_item(text)
            if item.kind == "dataset" and self.section is None:
                item = ParsedItem(item.name, "collection", item.note)
            resource.add_item(item)
            return
        resource.add_item(parse_item(text, self.section_kind))

    def _value(self, kind: str, value: str, block: Block) -> None:
        facts = self._facts()
        if kind == "criteria":
            facts.criteria.extend(parse_criteria(value))
        elif kind == "contacts":
            self._named_recipient_allowed = False
            facts.contacts.extend(resolve_contact_patterns(parse_contacts(value)))
        elif kind == "decider":
            decider = parse_decider(value)
            if decider.email_pattern and not decider.email:
                self.page.warnings.append(
                    (block.line, f"could not resolve the address {decider.email_pattern}")
                )
            facts.decider = decider
        elif kind == "interface":
            facts.interface = merge_interface_facts(
                facts.interface + [classify_interface_sentence(s) for s in split_sentences(value)]
            )
        elif kind == "description":
            if self.resource is not None:
                self.resource.description.append(value)
            elif self.area is not None:
                self.area.description.append(value)


def parse_page(text: str) -> ParsedPage:
    return _PageParser(page_blocks(text)).parse()


def parse_pages(texts: list[str]) -> ParsedPage:
    """Several pages of one description, in reading order, as one parsed page."""
    return parse_page("\n".join(texts))
