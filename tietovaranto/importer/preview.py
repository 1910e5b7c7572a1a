"""One description from several sources: parse, merge repeated headings, judge, and either show the
structure (dry run) or write it. The management command and, later, the staff pages call these."""

from collections.abc import Callable
from dataclasses import dataclass, field

from tietovaranto.importer.fields import Contact, InterfaceFact, ParsedDecider
from tietovaranto.importer.parser import Facts, ParsedPage, ParsedResource, parse_pages
from tietovaranto.importer.sanity import Assessment, Finding, assess, merge_duplicates
from tietovaranto.importer.services import (
    LANGUAGE_NAMES,
    ImportReport,
    PageImportError,
    import_parsed,
    text_hash,
)
from tietovaranto.importer.sources import Collected, LineMap, line_map

KIND_LABELS = (
    ("register", "Registers"),
    ("dataset", "Data sets"),
    ("system", "Systems"),
    ("collection", "Collections"),
)


class DescriptionRefused(Exception):
    """The parse is not a description; nothing was written. The message is one sentence."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message, self.where = message, where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class Description:
    page: ParsedPage
    lines: LineMap
    assessment: Assessment
    merged: list[Finding] = field(default_factory=list)
    source_warnings: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    content_hash: str | None = None  # of the sources' text: an unchanged re-import does nothing

    def where(self, line: int) -> str:
        return self.lines.describe(line)


def describe(collected: Collected) -> Description:
    """Parse the sources as one description and judge it; nothing is written."""
    page = parse_pages([source.text for source in collected.sources])
    merged = merge_duplicates(page)
    return Description(
        page=page,
        lines=line_map(collected.sources),
        assessment=assess(page),
        merged=merged,
        source_warnings=list(collected.warnings),
        labels=[source.label for source in collected.sources],
        content_hash=text_hash("\n\f\n".join(source.text for source in collected.sources)),
    )


def import_description(
    description: Description,
    organisation_name: str,
    *,
    publish: bool = False,
    dry_run: bool = False,
    take_page: bool = False,
    confirmed: bool = False,
) -> ImportReport:
    """Refuse what is not a description (DescriptionRefused), else write it into the draft in one
    transaction (see services.import_parsed); publish only when asked. `confirmed` is the records
    manager's explicit word that a parse judged not to be a description is one after all."""
    refusal = description.assessment.refusal
    if refusal is not None and not confirmed:
        line = description.assessment.refusal_line
        raise DescriptionRefused(refusal, description.where(line) if line else None)
    try:
        report = import_parsed(
            page=description.page,
            organisation_name=organisation_name,
            source=", ".join(label.rsplit("/", 1)[-1] or label for label in description.labels),
            publish=publish,
            dry_run=dry_run,
            take_page=take_page,
            content_hash=description.content_hash,
        )
    except PageImportError as error:
        raise DescriptionRefused(
            error.message, description.where(error.line) if error.line else None
        ) from error
    report.warnings = report.warnings + [
        (f.line, f.message) for f in description.merged + description.assessment.warnings if f.line
    ]
    return report


# -- the dry run ------------------------------------------------------------------------------------


def _contacts(contacts: list[Contact]) -> str:
    return "; ".join(f"{c.kind} {c.value}" for c in contacts)


def _decider(decider: ParsedDecider) -> str:
    main = " ".join(p for p in (decider.title, decider.name) if p) or decider.authority
    extra = ", ".join(
        p for p in (decider.authority if main != decider.authority else "", decider.email, decider.phone) if p
    )
    return f"{main} ({extra})" if extra else main


def _interface(facts: list[InterfaceFact]) -> list[str]:
    return [f"{fact.aspect}: {fact.status}" + (f" – {fact.text}" if fact.text else "") for fact in facts]


def _facts_lines(facts: Facts, indent: str) -> list[str]:
    lines: list[str] = []
    if facts.criteria:
        lines.append(f"{indent}Search criteria: {'; '.join(facts.criteria)}")
    if facts.contacts:
        lines.append(f"{indent}Request contacts: {_contacts(facts.contacts)}")
    if facts.decider:
        lines.append(f"{indent}Decider: {_decider(facts.decider)}")
    lines += [f"{indent}Interface {text}" for text in _interface(facts.interface)]
    return lines


def _shorten(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _resource_lines(resource: ParsedResource, where: Callable[[int], str], indent: str) -> list[str]:
    lines = [f"{indent}Resource: {resource.name} ({where(resource.line)})"]
    inner = indent + "  "
    if resource.description:
        lines.append(f"{inner}Purpose: {_shorten(' '.join(resource.description))}")
    for kind, label in KIND_LABELS:
        names = [
            item.name + (f" ({item.note})" if item.note else "")
            for item in resource.items
            if item.kind == kind
        ]
        if names:
            lines.append(f"{inner}{label}: {'; '.join(names)}")
    if resource.keywords:  # the catalog has no field for them: shown, so that nothing is lost unseen
        lines.append(f"{inner}Keywords (not imported): {'; '.join(resource.keywords)}")
    return lines + _facts_lines(resource.facts, inner)


def render_dry_run(description: Description, organisation_name: str) -> str:
    page, where = description.page, description.where
    lines = [
        f"Organisation: {organisation_name} (dry run: nothing was written)",
        f"Sources: {len(description.labels)} ({', '.join(description.labels)})",
        f"Page title: {page.title or '-'}",
    ]
    if page.language != "fi":
        language = LANGUAGE_NAMES[page.language]
        lines.append(f"Page language: {language} (its texts would go into the {language} fields)")
    if page.registry:
        lines.append(f"Registry office: {_contacts(page.registry)}")
    organisation_facts = _facts_lines(page.facts, "  ")
    if organisation_facts:
        lines += ["Stated for the whole organisation:", *organisation_facts]
    for resource in page.resources_without_area:
        lines += _resource_lines(resource, where, "")
    for area in page.areas:
        lines.append(f"Service area: {area.name} ({where(area.line)})")
        if area.description:
            lines.append(f"  Description: {_shorten(' '.join(area.description))}")
        lines += _facts_lines(area.facts, "  ")
        for resource in area.resources:
            lines += _resource_lines(resource, where, "  ")
    refusal = description.assessment.refusal
    if refusal:
        line = description.assessment.refusal_line
        lines.append("Would be refused: " + (f"{where(line)}: {refusal}" if line else refusal))
    findings = description.merged + description.assessment.warnings
    for text in description.source_warnings:
        lines.append(f"Warning: {text}")
    for finding in findings:
        place = f"{where(finding.line)}: " if finding.line else ""
        lines.append(f"Warning: {place}{finding.message}")
    for number, text in page.warnings:
        lines.append(f"Warning: {where(number)}: {text}")
    lines.append(f"Lines not placed: {len(page.unplaced)}")
    lines += [f"  {where(number)}: {text}" for number, text in page.unplaced]
    lines.append(f"Ignored page noise: {len(page.ignored)} line(s)")
    lines += [f"  {where(number)}: {text}" for number, text in page.ignored]
    return "\n".join(lines)
