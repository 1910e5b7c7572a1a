"""Is a parse a description at all? Refuse what is not, warn about what looks wrong.

The parser places every line somewhere; it cannot know whether the page was a 28 § description in
the first place. `assess` judges the parsed structure (a pure function: no database, no I/O) so
that random text, a page of headings, or markup left by a broken comment is refused with one
sentence a records manager understands, before anything is written. `merge_duplicates` folds a
heading that repeats (an index page and the resource's own page) into one resource.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tietovaranto.importer.fields import _word_classes, merge_interface_facts, split_title_and_name
from tietovaranto.importer.parser import (
    CRITERIA_LABEL_RE,
    Facts,
    ParsedArea,
    ParsedPage,
    ParsedResource,
    label_kind,
)

# Words (stems) that every real description uses somewhere, in Finnish, Swedish or English.
DOMAIN_RE = re.compile(
    r"tietovarant|tietovaranno|rekister|tietojärjestelm|järjestelm|tietoaineist|aineist|asiakirj|"
    r"hakutekij|tietopyyn|kirjaamo|arkisto|asianhallint|tiedonhallin|julkisuus|"
    r"informationsresurs|informationslager|register|ärende|handling|system|sökfaktor|registratur|"
    r"dataset|data set|records|document|archive",
    re.IGNORECASE,
)
MARKUP_RE = re.compile(r"<!--|-->|<\s*/?\s*[a-z][a-z0-9]*(\s[^<>]*)?/?>|<!\[CDATA\[|<\?", re.IGNORECASE)
LIST_RE = re.compile(r",.*,|,\s*\S.*\s(ja|sekä|och|and)\s", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    line: int | None
    message: str


@dataclass
class Assessment:
    refusal: str | None = None  # one sentence; None when the page may be imported
    refusal_line: int | None = None
    warnings: list[Finding] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.refusal is not None


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"^\s*(\d+(\.\d+)*[.)]?|[ivx]+[.)])\s+", "", text)  # "1) Hallinnon …", "2.1 …"
    return " ".join(text.strip(" :.").split())


def _has_content(resource: ParsedResource, area: ParsedArea | None) -> bool:
    facts = [resource.facts] + ([area.facts] if area else [])
    return bool(
        resource.items
        or any(line.strip() for line in resource.description)
        or any(f.criteria or f.contacts or f.decider for f in facts)
    )


def _located(page: ParsedPage) -> list[tuple[ParsedResource, ParsedArea | None]]:
    return [(r, None) for r in page.resources_without_area] + [
        (r, area) for area in page.areas for r in area.resources
    ]


def _all_text(page: ParsedPage) -> str:
    parts = [page.title] + [text for _line, text in page.unplaced]
    for area in page.areas:
        parts += [area.name, *area.description]
    for resource in page.all_resources():
        parts += [resource.name, *resource.description, *(item.name for item in resource.items)]
        parts += resource.facts.criteria
    return "\n".join(parts)


def looks_like_person(name: str) -> bool:
    """'Päivi Antola', 'Hallintojohtaja Päivi Antola': a person's name rather than a resource."""
    _title, person = split_title_and_name(name)
    words = person.split()
    if not 2 <= len(words) <= 4 or any(not w[:1].isupper() or any(c.isdigit() for c in w) for w in words):
        return False
    return "etunimi" in _word_classes(words[0].strip(",.;")) and all(
        _word_classes(w.strip(",.;")) & {"etunimi", "sukunimi"} or not _word_classes(w.strip(",.;"))
        for w in words[1:]
    )


def looks_like_label(name: str) -> bool:
    """'Hakutekijät', 'Tietopyynnöt:', 'nimi, henkilötunnus, osoite': a label or a list, not a name.
    'Rakennusvalvonnan rekisteri' names one register (a label of items is plural: 'Rekisterit')."""
    bare = name.strip().rstrip(":").strip()
    if name.strip().endswith(":") or CRITERIA_LABEL_RE.search(bare) or LIST_RE.search(bare):
        return True
    kind = label_kind(bare)
    words = bare.lower().split()
    one_register = kind == "items" and len(words) > 1 and words[-1] == "rekisteri"
    return bool(kind) and not one_register


def assess(page: ParsedPage) -> Assessment:
    located = _located(page)
    result = Assessment()
    names = [(r.name, r.line) for r in page.all_resources()] + [(a.name, a.line) for a in page.areas]
    for name, line in names:
        if MARKUP_RE.search(name):
            result.refusal = _(
                "the name “%(name)s” is HTML code, not a heading: the page has broken markup "
                "(an unterminated comment?); save the page again from the browser"
            ) % {"name": _shorten(name)}
            result.refusal_line = line
            return result
    tables = page.flattened_tables
    if not located and tables:
        line, header, _rows = tables[0]
        result.refusal = _(
            "the resources are in a table that lost its columns when the page was copied as text "
            "(header row “%(header)s”): save the page as HTML, so the table keeps its columns, and "
            "import that file"
        ) % {"header": _shorten(header)}
        result.refusal_line = line
        return result
    if not located:
        result.refusal = _("no information resource was recognised on the page")
        return result
    for line, header, rows in tables:
        result.warnings.append(
            Finding(
                line,
                ngettext(
                    "a table lost its columns when the page was copied as text (header row "
                    "“%(header)s”): its %(rows)d row was not imported; import the page saved as HTML",
                    "a table lost its columns when the page was copied as text (header row "
                    "“%(header)s”): its %(rows)d rows were not imported; import the page saved as HTML",
                    rows,
                )
                % {"header": _shorten(header), "rows": rows},
            )
        )
    # a privacy notice describes one register, whatever words its sections use
    if not page.privacy_notices and not DOMAIN_RE.search(_all_text(page)):
        result.refusal = _(
            "the page does not look like a description of information resources: it never mentions "
            "resources, registers, systems or documents"
        )
        return result
    if not any(_has_content(resource, area) for resource, area in located):
        only_headings = not any(
            r.description or r.items or not r.facts.is_empty() for r in page.all_resources()
        ) and not any(a.description or not a.facts.is_empty() for a in page.areas)
        result.refusal = (
            _("the page has only headings: no resource has a description, items, search criteria or contacts")
            if only_headings
            else _(
                "no resource on the page has registers, systems, search criteria, request contacts or a "
                "description, so the structure of the page was not understood"
            )
        )
        return result

    notices = set(page.privacy_notices)
    for resource, area in located:
        if resource.line in notices:
            result.warnings.append(
                Finding(
                    resource.line,
                    _(
                        "“%(name)s” was read from a privacy notice (tietosuojaseloste) as one register: "
                        "a notice states no search criteria and not who decides on disclosure; add them "
                        "in the draft before publishing"
                    )
                    % {"name": _shorten(resource.name)},
                )
            )
        if not _has_content(resource, area):
            result.warnings.append(
                Finding(
                    resource.line,
                    _(
                        "the resource “%(name)s” has no registers, systems, search criteria, request "
                        "contacts or description"
                    )
                    % {"name": resource.name},
                )
            )
        if looks_like_person(resource.name):
            result.warnings.append(
                Finding(
                    resource.line,
                    _("the resource “%(name)s” looks like a person's name, not a resource")
                    % {"name": resource.name},
                )
            )
        elif looks_like_label(resource.name):
            result.warnings.append(
                Finding(
                    resource.line,
                    _("the resource “%(name)s” looks like a label or a list, not a resource")
                    % {"name": _shorten(resource.name)},
                )
            )
    for area in page.areas:
        if looks_like_label(area.name):
            result.warnings.append(
                Finding(
                    area.line,
                    _("the service area “%(name)s” looks like a label or a list of criteria, not an area")
                    % {"name": _shorten(area.name)},
                )
            )
        elif looks_like_person(area.name):
            result.warnings.append(
                Finding(
                    area.line,
                    _("the service area “%(name)s” looks like a person's name") % {"name": area.name},
                )
            )
    seen: dict[str, int] = {}
    for resource in page.all_resources():
        key = _norm(resource.name)
        if key in seen:
            result.warnings.append(
                Finding(
                    resource.line,
                    _("the heading “%(name)s” repeats (first on line %(first)d)")
                    % {"name": resource.name, "first": seen[key]},
                )
            )
        else:
            seen[key] = resource.line
    return result


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- repeated headings -------------------------------------------------------------------------------


def _merge_facts(into: Facts, other: Facts) -> None:
    into.criteria += [c for c in other.criteria if c not in into.criteria]
    into.contacts += [c for c in other.contacts if c not in into.contacts]
    into.decider = into.decider or other.decider
    into.interface = merge_interface_facts(into.interface + other.interface)


def _merge_resource(into: ParsedResource, other: ParsedResource) -> None:
    into.description += [p for p in other.description if p not in into.description]
    for item in other.items:
        into.add_item(item)
    _merge_facts(into.facts, other.facts)
    into.implicit = into.implicit and other.implicit


def merge_duplicates(page: ParsedPage) -> list[Finding]:
    """Fold repeated area and resource headings into their first occurrence.

    A description of several pages names each resource on the index page and again on its own
    page; navigation repeats area names on every page. That is one resource, not a conflict.
    Returns one finding per merge so the report can say what was joined.
    """
    findings: list[Finding] = []
    areas: dict[str, ParsedArea] = {}
    kept_areas: list[ParsedArea] = []
    for area in page.areas:
        first = areas.get(_norm(area.name))
        if first is None:
            areas[_norm(area.name)] = area
            kept_areas.append(area)
            continue
        first.description += [p for p in area.description if p not in first.description]
        _merge_facts(first.facts, area.facts)
        first.resources += area.resources
        findings.append(Finding(area.line, _merged_message(area.name, first.line)))
    page.areas = kept_areas

    resources: dict[str, ParsedResource] = {}
    for owner in [page.resources_without_area] + [area.resources for area in page.areas]:
        kept: list[ParsedResource] = []
        for resource in owner:
            earlier = resources.get(_norm(resource.name))
            if earlier is None:
                resources[_norm(resource.name)] = resource
                kept.append(resource)
                continue
            _merge_resource(earlier, resource)
            findings.append(Finding(resource.line, _merged_message(resource.name, earlier.line)))
        owner[:] = kept
    return findings


def _merged_message(name: str, first_line: int) -> str:
    return _("the heading “%(name)s” repeats (first on line %(first)d); merged into one") % {
        "name": name,
        "first": first_line,
    }
