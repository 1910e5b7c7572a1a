"""Import in the browser: uploaded files or an address → a preview with every line of the page marked
where it went → the draft, with what the re-import changed and which edits it kept, per resource.

The desk's views only pass the request's data through these functions; tests call them directly.
Between the preview and the import the sources are kept, signed and compressed, in the user's
session, so the import writes exactly what was previewed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.utils.translation import gettext as _

from tietovaranto.importer.blocks import page_blocks
from tietovaranto.importer.merge import Conflict

if TYPE_CHECKING:
    import httpx
from tietovaranto.importer.parser import Facts, ParsedArea, ParsedResource
from tietovaranto.importer.preview import Description, DescriptionRefused, describe, import_description
from tietovaranto.importer.services import ImportReport
from tietovaranto.importer.sources import (
    MAX_BYTES,
    Collected,
    Source,
    SourceError,
    collect,
    decode_page,
    is_address,
)
from tietovaranto.publishing.history import _ENTITY_LABELS, ChangeLine, change_lines, field_label
from tietovaranto.publishing.snapshot import FACT_MODELS, Change

SIGNING_SALT = "tietovaranto.importer.review"
MAX_FILES = 40


# -- sources from the browser -------------------------------------------------------------------------


class UploadedPage(Protocol):
    """An uploaded file as Django gives it (UploadedFile): its size is known before it is read."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self) -> bytes: ...


def collect_uploads(
    files: Iterable[UploadedPage],
    address: str = "",
    *,
    follow: bool = False,
    client: httpx.Client | None = None,
) -> Collected:
    """The uploaded files (in the order given), then the address. SourceError names what failed."""
    collected = Collected()
    files = list(files)
    if len(files) > MAX_FILES:
        raise SourceError(_("at most %(limit)d files at once") % {"limit": MAX_FILES})
    for upload in files:
        name = upload.name or _("uploaded file")
        if (upload.size or 0) > MAX_BYTES:  # refused before it is read into memory
            raise SourceError(
                _("%(source)s: larger than %(limit)d MB; a description page is much smaller")
                % {"source": name, "limit": MAX_BYTES // (1024 * 1024)}
            )
        collected.sources.append(Source(label=name, text=decode_page(upload.read(), name)))
    address = address.strip()
    if address:
        if not is_address(address):
            raise SourceError(
                _("%(source)s: not an address; give one that starts with https://") % {"source": address}
            )
        fetched = collect([address], follow=follow, client=client)
        collected.sources += fetched.sources
        collected.warnings += fetched.warnings
    if not collected.sources:
        raise SourceError(_("give at least one file or address"))
    return collected


def pack(collected: Collected) -> str:
    """The sources as a tamper-proof form value (the import must write what was previewed)."""
    data = {
        "sources": [[s.label, s.text, s.url] for s in collected.sources],
        "warnings": list(collected.warnings),
    }
    return signing.dumps(data, salt=SIGNING_SALT, compress=True)


def unpack(token: str) -> Collected:
    try:
        data = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature as error:
        raise SourceError(_("the preview has expired or was altered; upload the page again")) from error
    return Collected(
        sources=[Source(label=label, text=text, url=url) for label, text, url in data["sources"]],
        warnings=list(data["warnings"]),
    )


SESSION_KEY = "importer.review.previews"
KEPT_PREVIEWS = 3  # two tabs may preview two pages at once


def keep(session: SessionBase, collected: Collected) -> str:
    """Keep the previewed sources in the user's session; the form carries only a key. (A saved page
    is too large for a form field: Django limits those to DATA_UPLOAD_MAX_MEMORY_SIZE.)"""
    previews = dict(session.get(SESSION_KEY, {}))
    key = secrets.token_urlsafe(12)
    previews[key] = pack(collected)
    session[SESSION_KEY] = dict(list(previews.items())[-KEPT_PREVIEWS:])
    return key


def kept(session: SessionBase, key: str) -> Collected:
    token = session.get(SESSION_KEY, {}).get(key)
    if token is None:
        raise SourceError(_("the preview has expired or was altered; upload the page again"))
    return unpack(token)


def forget(session: SessionBase, key: str) -> None:
    previews = dict(session.get(SESSION_KEY, {}))
    if previews.pop(key, None) is not None:
        session[SESSION_KEY] = previews


# -- the page's own lines, each marked where it went --------------------------------------------------


@dataclass
class PlacedLine:
    number: int  # within its own source
    text: str
    status: str  # area, resource, field, ignored, unplaced, page (title or organisation-wide facts)
    where: str  # readable: "Resource: Perusopetus – search criteria"; "" when not placed


@dataclass
class SourceLines:
    label: str
    lines: list[PlacedLine] = field(default_factory=list)

    @property
    def unplaced(self) -> int:
        return sum(1 for line in self.lines if line.status == "unplaced")


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _fields_of(facts: Facts, resource: ParsedResource | None) -> list[tuple[str, list[str]]]:
    """(field label, the values the parser put there), for finding which field a line fed."""
    fields: list[tuple[str, list[str]]] = []
    if resource is not None:
        for kind, label in (
            ("register", _("registers")),
            ("dataset", _("data sets")),
            ("system", _("information systems")),
            ("collection", _("collections")),
        ):
            fields.append((str(label), [i.name for i in resource.items if i.kind == kind]))
        fields.append((_("purpose"), resource.description + resource.description_sv))
        fields.append((_("keywords"), resource.keywords))
    fields.append((_("search criteria"), facts.criteria + facts.criteria_sv))
    fields.append((_("request contacts"), [c.value for c in facts.contacts]))
    deciders = [d for d in (facts.decider, facts.decider_sv) if d]
    fields.append((_("decider"), [p for d in deciders for p in (d.title, d.name, d.authority, d.email) if p]))
    fields.append((_("interface"), [f.text for f in facts.interface if f.text]))
    return fields


def _field_for(text: str, fields: list[tuple[str, list[str]]]) -> str:
    """The field whose values the line holds most of (a contact line names the decider too)."""
    line = _norm(text)
    best, best_score = "", (0, 0)
    for label, values in fields:
        matched = [v for v in map(_norm, values) if v and (v in line or (len(line) > 3 and line in v))]
        score = (len(matched), sum(map(len, matched)))
        if score > best_score:
            best, best_score = label, score
    return best


@dataclass
class _Span:
    start: int  # global line of the heading
    status: str
    name: str
    fields: list[tuple[str, list[str]]]
    implicit: bool = False  # a resource the parser made for an area's lists: its first line is content


def _spans(description: Description) -> list[_Span]:
    page = description.page
    spans: list[_Span] = []

    def add_resource(resource: ParsedResource, area: ParsedArea | None) -> None:
        label = _("Resource: %(name)s") % {"name": resource.name}
        if area is not None:
            label = f"{area.name} › {label}"
        fields = _fields_of(resource.facts, resource)
        spans.append(_Span(resource.line, "resource", label, fields, implicit=resource.implicit))

    for resource in page.resources_without_area:
        add_resource(resource, None)
    for area in page.areas:
        fields = _fields_of(area.facts, None) + [(_("description"), area.description)]
        spans.append(_Span(area.line, "area", _("Service area: %(name)s") % {"name": area.name}, fields))
        for resource in area.resources:
            add_resource(resource, area)
    return sorted(spans, key=lambda span: span.start)


def placed_lines(description: Description, collected: Collected) -> list[SourceLines]:
    """Every line of every source as the parser read it (for HTML: the text blocks, not the markup),
    marked as placed in an area, a resource and a field, as page noise, or as not placed."""
    page = description.page
    unplaced = {number for number, _text in page.unplaced}
    ignored = {number for number, _text in page.ignored}
    spans = _spans(description)
    organisation_fields = _fields_of(page.facts, None) + [(_("page title"), [page.title])]
    result: list[SourceLines] = []
    offset = 0
    for source in collected.sources:
        lines = SourceLines(source.label)
        for block in page_blocks(source.text):
            number = block.line + offset
            lines.lines.append(
                _placed(block.line, number, block.text, unplaced, ignored, spans, organisation_fields)
            )
        result.append(lines)
        offset += source.text.count("\n") + 1  # the numbering of parser.page_start_lines
    return result


def _placed(
    local: int,
    number: int,
    text: str,
    unplaced: set[int],
    ignored: set[int],
    spans: list[_Span],
    organisation_fields: list[tuple[str, list[str]]],
) -> PlacedLine:
    if number in unplaced:
        return PlacedLine(local, text, "unplaced", "")
    if number in ignored:
        return PlacedLine(local, text, "ignored", _("page noise, left out"))
    span = next((s for s in reversed(spans) if s.start <= number), None)
    if span is not None and span.start == number and not span.implicit:
        return PlacedLine(local, text, span.status, span.name)
    if span is None:
        found = _field_for(text, organisation_fields)
        where = _("Whole organisation") + (f" – {found}" if found else "")
        return PlacedLine(local, text, "page", where)
    found = _field_for(text, span.fields)
    return PlacedLine(
        local, text, "field" if found else span.status, f"{span.name} – {found}" if found else span.name
    )


# -- what the import did, per resource ----------------------------------------------------------------


@dataclass
class EntityOutcome:
    entity: str  # organisation, area, item, resource
    label: str
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


_CONFLICT_ENTITY = {"resources": "resource", "areas": "area", "items": "item", "organisation": "organisation"}


def outcome_by_entity(report: ImportReport) -> list[EntityOutcome]:
    """The re-import's changes and the edits it kept (conflicts), grouped by what they belong to."""
    grouped: dict[tuple[str, str], EntityOutcome] = {}
    items = str(_("Registers, data sets and systems"))
    for change in report.changes:
        # items are shared by resources: one group for all of them, the resource says where it uses them
        key = (change.entity, items if change.entity == "item" else change.label)
        grouped.setdefault(key, EntityOutcome(*key)).changes.append(change)
    for conflict in report.conflicts:
        entity = _CONFLICT_ENTITY.get(conflict.entity, conflict.entity)  # a fact: its kind (criteria, …)
        key = (entity, conflict.label)
        grouped.setdefault(key, EntityOutcome(entity, conflict.label)).conflicts.append(conflict)
    order = {"organisation": 0, "area": 1, "resource": 2, "item": 3}
    return sorted(grouped.values(), key=lambda o: (order.get(o.entity, 4), o.label))


@dataclass
class ConflictLine:
    field: str
    ours: str
    theirs: str


@dataclass
class OutcomeRow:
    """One entity (a resource, an area, …) with its changes and the edits kept against the page."""

    entity: str  # translated
    label: str
    changes: list[ChangeLine]
    conflicts: list[ConflictLine]
    kind: str = ""  # organisation, area, resource, item, or a fact's kind


def outcome_rows(report: ImportReport) -> list[OutcomeRow]:
    """outcome_by_entity, with labels in the records manager's language."""
    rows = []
    for outcome in outcome_by_entity(report):
        entity = outcome.entity
        rows.append(
            OutcomeRow(
                entity=field_label("", entity)
                if entity in FACT_MODELS
                else str(_ENTITY_LABELS.get(entity, entity)),
                label=outcome.label,
                changes=change_lines([c.as_dict() for c in outcome.changes]),
                conflicts=[
                    ConflictLine(field_label(entity, c.field), c.ours, c.theirs) for c in outcome.conflicts
                ],
                kind=entity,
            )
        )
    return rows


def findings(description: Description) -> list[tuple[str, str]]:
    """(where, message) of every warning: merged headings, the sanity checks, the parser's own."""
    where = description.where
    found = [(where(f.line) if f.line else "", f.message) for f in description.merged]
    found += [(where(f.line) if f.line else "", f.message) for f in description.assessment.warnings]
    return found + [(where(number), text) for number, text in description.page.warnings]


class ConfirmationNeeded(DescriptionRefused):
    """The parse was judged not to be a description; the records manager has not confirmed it is one."""


def preview(collected: Collected) -> tuple[Description, list[SourceLines]]:
    """Parse and judge the sources as one description, and mark every line; nothing is written."""
    description = describe(collected)
    return description, placed_lines(description, collected)


def import_reviewed(collected: Collected, organisation_name: str, *, confirmed: bool = False) -> ImportReport:
    """Write what was previewed into the organisation's draft (never published here: the desk home
    publishes with a reason). A parse judged not to be a description needs `confirmed`; without it,
    and for what cannot be written at all, DescriptionRefused and nothing is written."""
    description = describe(collected)
    refusal = description.assessment.refusal
    if refusal is not None and not confirmed:
        line = description.assessment.refusal_line
        raise ConfirmationNeeded(refusal, description.where(line) if line else None)
    return import_description(description, organisation_name, confirmed=confirmed)
