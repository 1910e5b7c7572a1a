"""Write a parsed description page into the catalog: one transaction, idempotent, with a report."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tietovaranto.catalog.authority_names import other_language_names
from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
    first_name,
)
from tietovaranto.catalog.slugs import unique_slug
from tietovaranto.importer.merge import FACT_IDENTITY as FACT_IDENTITY_BY_KEY
from tietovaranto.importer.merge import Conflict, identity_value, merge_snapshots
from tietovaranto.importer.parser import Facts, ParsedPage, ParsedResource, parse_page
from tietovaranto.publishing.models import ImportBaseline
from tietovaranto.publishing.services import PublishError, bump_draft_version, draft_for
from tietovaranto.publishing.services import publish as publish_draft
from tietovaranto.publishing.snapshot import (
    FACT_MODELS,
    Change,
    apply_snapshot,
    catalog_snapshot,
    normalise_text,
    snapshot_diff,
)
from tietovaranto.search.indexing import indexing_deferred


class PageImportError(Exception):
    """The page cannot be imported; nothing was written."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        self.message = message  # without the line, for callers that name the page and line themselves
        super().__init__(f"line {line}: {message}" if line else message)


# Database constraints as sentences a records manager understands, not their names.
CONSTRAINT_SENTENCES = {
    "decider_named": "the deciding official has no title, name or authority",
    "criterion_one_scope": "a search criterion is stated for a service area and a resource at once",
    "contact_one_scope": "a request contact is stated for a service area and a resource at once",
    "decider_one_scope": "a deciding official is stated for a service area and a resource at once",
    "interface_one_scope": "an interface statement is stated for a service area and a resource at once",
    "resource_unique_name": "two information resources have the same name",
    "resource_unique_slug": "two information resources have the same address (slug)",
    "area_unique_name": "two service areas have the same name",
    "area_unique_slug": "two service areas have the same address (slug)",
    "item_unique_name": "the same register, data set or system is listed twice",
    "resource_named": "an information resource has no name in any language",
    "area_named": "a service area has no name in any language",
    "item_named": "a register, data set or system has no name in any language",
    "criterion_named": "a search criterion has no name in any language",
    "resource_item_unique": "the same item is listed twice for one resource",
}


def constraint_sentence(text: str) -> str | None:
    """The sentence for the first known constraint named in a database or validation message."""
    for name, sentence in CONSTRAINT_SENTENCES.items():
        if name in text:
            return _(sentence)
    return None


def _validation_sentence(instance: models.Model, error: ValidationError) -> str:
    parts: list[str] = []
    for key, errors in error.error_dict.items():
        for item in errors:
            params = item.params or {}
            known = constraint_sentence(str(params.get("name", ""))) if key == NON_FIELD_ERRORS else None
            if known:
                parts.append(known)
                continue
            message = " ".join(item.messages)
            if key == NON_FIELD_ERRORS:
                parts.append(constraint_sentence(message) or message)
            else:
                field_name = str(getattr(instance._meta.get_field(key), "verbose_name", key))
                parts.append(f"{field_name}: {message}")
    label = str(instance._meta.verbose_name)
    shown = " ".join(str(instance).split())[:80]
    return f"{label} “{shown}”: " + "; ".join(parts) if shown else f"{label}: " + "; ".join(parts)


@dataclass
class ImportReport:
    organisation: str
    title: str = ""
    language: str = "fi"  # the page's: its texts went into the fields of this language
    areas: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    created_resources: list[str] = field(default_factory=list)
    updated_resources: list[str] = field(default_factory=list)
    unchanged_resources: list[str] = field(default_factory=list)
    resources_not_on_page: list[str] = field(default_factory=list)
    resource_ids: list[int] = field(default_factory=list)  # the draft's rows the page's resources went to
    items: Counter[str] = field(default_factory=Counter)
    criteria: int = 0
    contacts: int = 0
    deciders: int = 0
    interface_statements: int = 0
    unplaced: list[tuple[int, str]] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    organisation_slug: str = ""
    published: bool = False
    publish_refused: str = ""
    page_unchanged: bool = False
    read_as_finnish_before: bool = False  # see _read_as_finnish: its texts were moved to their fields
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    def as_text(self, where: Callable[[int], str] | None = None) -> str:
        """The report; `where` names a line ("page-2.html, line 14") when several pages were read."""
        where = where or (lambda number: f"line {number}")
        if self.page_unchanged:
            return (
                f"Organisation: {self.organisation}\nThe page is the same as at the last import: "
                "nothing was changed."
            )
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.items.items())) or "0"
        lines = [
            f"Organisation: {self.organisation}",
            f"Page title: {self.title or '-'}",
            f"Service areas: {len(self.areas)} ({', '.join(self.areas)})",
            f"Information resources: {len(self.resources)} "
            f"(new {len(self.created_resources)}, changed {len(self.updated_resources)}, "
            f"unchanged {len(self.unchanged_resources)})",
            f"Items: {sum(self.items.values())} ({kinds})",
            f"Search criteria: {self.criteria}",
            f"Request contacts: {self.contacts}",
            f"Deciding officials: {self.deciders}",
            f"Interface statements: {self.interface_statements}",
        ]
        if self.language != "fi":
            language = LANGUAGE_NAMES[self.language]
            lines.insert(2, f"Page language: {language} (its texts went into the {language} fields)")
            if self.read_as_finnish_before:
                lines.insert(
                    3,
                    f"The description here was this page imported into the Finnish fields (before its "
                    f"language was recognised): its texts were moved to the {language} fields",
                )
        if self.resources_not_on_page:
            lines.append("Kept, but no longer on the page: " + ", ".join(self.resources_not_on_page))
        lines.append(f"Ignored page noise: {len(self.ignored)} line(s)")
        for number, text in self.ignored:
            lines.append(f"  {where(number)}: {text}")
        lines.append(f"Lines not placed: {len(self.unplaced)}")
        for number, text in self.unplaced:
            lines.append(f"  {where(number)}: {text}")
        for number, text in self.warnings:
            lines.append(f"Warning, {where(number)}: {text}")
        if self.changes:
            lines.append(f"Changes to the draft: {len(self.changes)}")
            for change in self.changes:
                detail = f" {change.field}: {change.old!r} → {change.new!r}" if change.field else ""
                lines.append(f"  {change.change} {change.entity} {change.label}{detail}")
        if self.conflicts:
            settled = "settled for the page" if self.conflicts[0].page_won else "kept against the page"
            lines.append(f"Edits made here and {settled}: {len(self.conflicts)}")
            lines.extend(f"  {conflict.as_text()}" for conflict in self.conflicts)
        if self.dry_run:
            lines.append("Dry run: nothing was written.")
        elif self.published:
            lines.append("Published: the public pages show this import now.")
        elif self.publish_refused:
            lines.append(f"Not published: {self.publish_refused}")
        else:
            lines.append(
                "Saved as a draft: the public pages keep the published description until you publish "
                f"(tietovaranto publish --organisation {self.organisation_slug} --reason TEXT)."
            )
        return "\n".join(lines)


def _full_clean(instance: models.Model) -> None:
    """Django's full_clean, except that it does not ask the database whether each foreign key's row
    exists: the importer has just read or written those rows (a quarter of an import's queries)."""
    foreign_keys = {field.name for field in instance._meta.concrete_fields if field.is_relation}
    errors: dict[str, Any] = {}
    for step in (
        lambda: instance.clean_fields(exclude=foreign_keys),
        instance.clean,
        instance.validate_unique,
        instance.validate_constraints,
    ):
        try:
            step()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _save(instance: models.Model, reason: str, line: int | None) -> None:
    try:
        _full_clean(instance)
    except ValidationError as error:
        raise PageImportError(_validation_sentence(instance, error), line) from error
    instance._change_reason = reason  # type: ignore[attr-defined]  # simple-history
    instance.save()


LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


def _column(field: str, language: str) -> str:
    """Where a text of the page's language goes: `name` for Finnish (the main field), `name_sv`…"""
    return field if language == "fi" else f"{field}_{language}"


def _swedish(**texts: str) -> dict[str, str]:
    """The Swedish (or English) wording a bilingual page or catalog states beside the page's language;
    where it states none, an editor's stays."""
    return {field: text for field, text in texts.items() if text}


def _update_fields(instance: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for key, value in values.items():
        if getattr(instance, key) != value:
            setattr(instance, key, value)
            changed = True
    return changed


def _scope_rows(model: type[models.Model], scope: dict[str, Any]) -> models.QuerySet[Any]:
    return model._default_manager.filter(  # type: ignore[attr-defined]
        organisation=scope["organisation"], area=scope.get("area"), resource=scope.get("resource")
    ).order_by("position", "pk")


M = TypeVar("M", InformationResource, ServiceArea)

# (model, name at the last import) -> uid, of the resources and areas renamed in the draft since
Renamed = dict[tuple[type[models.Model], str], str]


# A row that keeps its identity (merge.FACT_IDENTITY) keeps its uid, so the re-import merge sees an
# edit of it, not a deletion and an addition
FACT_IDENTITY = {model: FACT_IDENTITY_BY_KEY[key] for key, model in FACT_MODELS.items()}


def _sync_rows(
    model: type[models.Model],
    scope: dict[str, Any],
    wanted: list[dict[str, Any]],
    reason: str,
    line: int | None,
) -> bool:
    """Make the scope's rows equal to `wanted` (ordered); touch nothing when they already are.

    A row that is still wanted (the same values, else the same FACT_IDENTITY) is updated in place."""
    unused = list(_scope_rows(model, scope))

    def take(values: dict[str, Any], fields: Iterable[str], same: Callable[[Any, str], bool]) -> Any:
        row = next((r for r in unused if all(same(r, k) for k in fields)), None)
        if row is not None:
            unused.remove(row)
        return row

    def equal(values: dict[str, Any]) -> Callable[[Any, str], bool]:
        return lambda row, key: bool(getattr(row, key) == values[key])

    def same_fact(values: dict[str, Any]) -> Callable[[Any, str], bool]:
        return lambda row, key: bool(
            identity_value(lambda f: getattr(row, f), key) == identity_value(lambda f: values.get(f, ""), key)
        )

    rows = [take(values, values, equal(values)) for values in wanted]
    rows = [
        row or take(values, FACT_IDENTITY[model], same_fact(values))
        for row, values in zip(rows, wanted, strict=True)
    ]
    changed = False
    for row in unused:
        row._change_reason = reason  # type: ignore[attr-defined]
        row.delete()
        changed = True
    for position, (row, values) in enumerate(zip(rows, wanted, strict=True)):
        if row is None:
            _save(model(position=position, **scope, **values), reason, line)
            changed = True
        elif _update_fields(row, {"position": position, **values}):
            _save(row, reason, line)
            changed = True
    return changed


def _sync_facts(
    facts: Facts, scope: dict[str, Any], reason: str, line: int | None, language: str = "fi"
) -> bool:
    """The scope's facts as the page states them; their texts (criteria, the decider's title,
    interface sentences) in the page's language, the other languages' left as they are."""
    name, title, text = (_column(field, language) for field in ("name", "title", "text"))
    changed = _sync_rows(SearchCriterion, scope, [{name: c} for c in facts.criteria], reason, line)
    changed |= _sync_rows(
        RequestContact, scope, [{"kind": c.kind, "value": c.value} for c in facts.contacts], reason, line
    )
    decider = facts.decider
    decider_rows = (
        [
            {
                "authority": decider.authority,
                title: decider.title,
                "name": decider.name,
                "email": decider.email,
                "phone": decider.phone,
            }
        ]
        if decider
        else []
    )
    changed |= _sync_rows(Decider, scope, decider_rows, reason, line)
    changed |= _sync_rows(
        InterfaceStatement,
        scope,
        # an address only where the source gives one: a page never does, and must not erase the desk's
        [
            {"aspect": f.aspect, "status": f.status, text: f.text, **({"url": f.url} if f.url else {})}
            for f in facts.interface
        ],
        reason,
        line,
    )
    return changed


def _sync_items(resource: InformationResource, parsed: ParsedResource, reason: str, language: str) -> bool:
    changed = False
    wanted_items: list[Item] = []
    name = _column("name", language)
    for parsed_item in parsed.items:
        item = Item.all_objects.filter(
            organisation=resource.organisation, kind=parsed_item.kind, **{name: parsed_item.name}
        ).first()
        if item is None:
            item = Item(organisation=resource.organisation, kind=parsed_item.kind, **{name: parsed_item.name})
            item.note = parsed_item.note
            _save(item, reason, parsed.line)
            changed = True
        elif parsed_item.note and item.note != parsed_item.note:
            item.note = parsed_item.note
            _save(item, reason, parsed.line)
            changed = True
        wanted_items.append(item)
    links = {link.item_id: link for link in ResourceItem.all_objects.filter(resource=resource)}
    wanted_ids = [item.pk for item in wanted_items]
    for item_id, stale in links.items():
        if item_id not in wanted_ids:
            stale._change_reason = reason  # type: ignore[attr-defined]
            stale.delete()
            changed = True
    for position, item in enumerate(wanted_items):
        link = links.get(item.pk)
        if link is None:
            _save(ResourceItem(resource=resource, item=item, position=position), reason, parsed.line)
            changed = True
        elif link.position != position:
            link.position = position
            _save(link, reason, parsed.line)
            changed = True
    return changed


def _import_resource(
    organisation: Organisation,
    area: ServiceArea | None,
    parsed: ParsedResource,
    position: int,
    report: ImportReport,
    reason: str,
    renamed: Renamed,
    language: str,
) -> None:
    language = parsed.language or language
    name = _column("name", language)
    resource = _draft_row(InformationResource, organisation, parsed.name, renamed, name)
    created = resource is None
    if resource is None:
        resource = InformationResource(
            organisation=organisation,
            slug=unique_slug(InformationResource.all_objects.filter(organisation=organisation), parsed.name),
            **{name: parsed.name},
        )
    description = "\n\n".join(parsed.description)
    values = {"area": area, _column("description", language): description, "position": position}
    if language == "fi":  # a bilingual page's Swedish beside the Finnish
        values |= _swedish(name_sv=parsed.name_sv, description_sv="\n\n".join(parsed.description_sv))
    if language != "en":  # a DCAT catalog's English beside the Finnish or Swedish
        values |= _swedish(name_en=parsed.name_en, description_en="\n\n".join(parsed.description_en))
    changed = _update_fields(resource, values)
    if created or changed:
        _save(resource, reason, parsed.line)
    changed |= _sync_items(resource, parsed, reason, language)
    changed |= _sync_facts(
        parsed.facts,
        {"organisation": organisation, "area": None, "resource": resource},
        reason,
        parsed.line,
        language,
    )
    if changed and not created:
        # children changed: the resource's "last updated" date must show it
        resource._change_reason = reason  # type: ignore[attr-defined]
        resource.save(update_fields=["updated_at"])
    report.resources.append(parsed.name)
    report.resource_ids.append(resource.pk)
    target = (
        report.created_resources
        if created
        else (report.updated_resources if changed else report.unchanged_resources)
    )
    target.append(parsed.name)
    report.items.update(item.kind for item in parsed.items)
    _count_facts(parsed.facts, report)


def _count_facts(facts: Facts, report: ImportReport) -> None:
    report.criteria += len(facts.criteria)
    report.contacts += len(facts.contacts)
    report.deciders += 1 if facts.decider else 0
    report.interface_statements += len(facts.interface)


def _check_unique_names(page: ParsedPage) -> None:
    seen: dict[str, int] = {}
    for resource in page.all_resources():
        if resource.name in seen:
            raise PageImportError(
                f"the resource name '{resource.name}' is used twice (first on line {seen[resource.name]}); "
                "names must be unique within an organisation",
                resource.line,
            )
        seen[resource.name] = resource.line


def text_hash(text: str) -> str:
    """What decides whether a page is "the same as at the last import"."""
    return hashlib.sha256(normalise_text(text).encode()).hexdigest()


def page_import(
    *,
    text: str,
    organisation_name: str,
    source: str = "page",
    publish: bool = False,
    dry_run: bool = False,
    take_page: bool = False,
) -> ImportReport:
    """Import a page into the organisation's draft. Raises PageImportError; then nothing is written.

    See import_parsed; the page is parsed here and its text decides whether it changed.
    """
    if not organisation_name.strip():
        raise PageImportError("the organisation name is empty")
    return import_parsed(
        page=parse_page(text),
        organisation_name=organisation_name,
        source=source,
        publish=publish,
        dry_run=dry_run,
        take_page=take_page,
        content_hash=text_hash(text),
    )


def import_parsed(
    *,
    page: ParsedPage,
    organisation_name: str,
    source: str = "page",
    publish: bool = False,
    dry_run: bool = False,
    take_page: bool = False,
    content_hash: str | None = None,
    harvest: bool = False,
) -> ImportReport:
    """Write an already parsed description (one page, several pages, or a catalog file) into the draft.

    A re-import is merged with the edits made here since the last import (see importer.merge): an edit
    is kept, and a conflicting page change listed, unless `take_page`. An unchanged source (same
    `content_hash`, by default a hash of the parse) does nothing. With `publish` the draft is published
    at once (the demo data); otherwise the records manager reviews it first and the public keeps what
    was published before. `dry_run` reports and writes nothing. One transaction: on PageImportError
    nothing is written; a constraint only the database sees (a parallel import) comes out as a sentence.
    """
    _check_page(page, organisation_name)
    if (
        not harvest
        and Organisation.objects.filter(name=organisation_name.strip(), harvest_source__isnull=False).exists()
    ):
        raise PageImportError(
            _("“%(name)s” is a read-only copy harvested from another installation; change it there")
            % {"name": organisation_name.strip()}
        )
    if content_hash is None:
        content_hash = hashlib.sha256(repr(page).encode()).hexdigest()
    try:
        with transaction.atomic():
            report = _import_into_draft(page, content_hash, organisation_name, source, take_page)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as done:
        done.report.dry_run = True
        return done.report
    except IntegrityError as error:
        sentence = constraint_sentence(str(error)) or _("the database refused a row (%(reason)s)") % {
            "reason": " ".join(str(error).split())[:200]
        }
        raise PageImportError(sentence) from error
    if publish:  # publishing itself says when there is nothing to publish
        live = Organisation.objects.get(slug=report.organisation_slug)
        try:
            publish_draft(live, reason=f"import of {source}")
            report.published = True
        except PublishError as error:
            report.publish_refused = str(error)
    return report


class _DryRun(Exception):
    def __init__(self, report: "ImportReport") -> None:
        self.report = report


def _import_into_draft(
    page: ParsedPage, content_hash: str, organisation_name: str, source: str, take_page: bool
) -> ImportReport:
    live = Organisation.objects.filter(name=organisation_name.strip()).first()
    baseline = ImportBaseline.objects.filter(organisation=live).first() if live else None
    # asked once, of the rows the draft starts from: the same page imported before its language was
    # recognised, whose texts _write_page moves to their fields
    current = _draft_or_live(live) if live is not None else None
    read_as_finnish = current is not None and _read_as_finnish(page, current)
    if baseline is not None and baseline.text_hash == content_hash and not read_as_finnish:
        report = ImportReport(organisation=organisation_name, organisation_slug=live.slug if live else "")
        report.page_unchanged = True
        return report
    conflict = None if current is None else _language_conflict(page, current, read_as_finnish)
    if conflict is not None:  # before anything is written
        raise PageImportError(conflict)
    draft = draft_for(live) if live else None
    ours = catalog_snapshot(draft) if draft else None
    with indexing_deferred():  # drafts are never indexed; publishing indexes the live rows
        renamed = _renamed_since(baseline.content, draft) if baseline is not None and draft else {}
        report, draft = _write_page(page, organisation_name, source, renamed, read_as_finnish)
        theirs = catalog_snapshot(draft)
        result = theirs
        if baseline is not None and ours is not None:
            # `take_page` settles conflicts for the page; edits it does not touch stay
            result, report.conflicts = merge_snapshots(baseline.content, ours, theirs, page_wins=take_page)
            if result != theirs:
                apply_snapshot(draft, result, reason=f"import of {source}, edits kept")
    report.changes = snapshot_diff(ours, result) if ours is not None else snapshot_diff(None, result)
    ImportBaseline.objects.update_or_create(
        organisation=draft.draft_of,
        defaults={"source": source[:1000], "text_hash": content_hash, "content": theirs},
    )
    bump_draft_version(draft)
    assert draft.draft_of is not None
    report.organisation_slug = draft.draft_of.slug
    return report


def _check_page(page: ParsedPage, organisation_name: str) -> None:
    """A PageImportError before anything is read or written."""
    if not organisation_name.strip():
        raise PageImportError("the organisation name is empty")
    if not page.all_resources():
        raise PageImportError("no information resource was recognised on the page")
    _check_unique_names(page)


def _names_language(resources: Iterable[tuple[str, str, str]]) -> str | None:
    """The language a description names its resources in: Finnish if any has a Finnish name."""
    languages = {"fi" if fi else "sv" if sv else "en" for fi, sv, en in resources}
    return next((language for language in ("fi", "sv", "en") if language in languages), None)


def _draft_or_live(live: Organisation) -> Organisation:
    """The draft, or the published rows it would start from: asking writes nothing (a dry run)."""
    return Organisation.all_objects.filter(draft_of=live).first() or live


def language_conflict(page: ParsedPage, organisation_name: str) -> str | None:
    """Why a page in one language cannot go over the description in another here, or None.

    Its resources could not be told from the ones here (nothing pairs "Ärenderegister" with
    "Asiarekisteri" until someone says so), so they would be added beside them, and the facts the page
    states for the whole organisation would replace the other language's."""
    live = Organisation.objects.filter(name=organisation_name.strip()).first()
    if live is None:
        return None
    draft = _draft_or_live(live)
    return _language_conflict(page, draft, _read_as_finnish(page, draft))


def _language_conflict(page: ParsedPage, draft: Organisation, read_as_finnish: bool) -> str | None:
    here = _names_language(
        InformationResource.all_objects.filter(organisation=draft).values_list("name", "name_sv", "name_en")
    )
    if here is None or here == page.language or read_as_finnish:
        return None
    names = {"fi": _("Finnish"), "sv": _("Swedish"), "en": _("English")}
    return str(
        _(
            "the page is in %(page)s, but the description here is in %(here)s: its resources cannot be "
            "matched with the ones here, and it would replace what is stated for the whole organisation. "
            "Give its texts on the desk, in the fields of that language, or import a page that has both "
            "languages"
        )
        % {"page": names[page.language], "here": names[here]}
    )


# The columns that hold text in a language, per model (`name`, `name_sv`, `name_en`, …)
LANGUAGE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    ServiceArea: ("name", "description"),
    InformationResource: ("name", "description"),
    Item: ("name",),
    SearchCriterion: ("name",),
    Decider: ("title",),
    InterfaceStatement: ("text",),
}


def _read_as_finnish(page: ParsedPage, draft: Organisation) -> bool:
    """Whether the description here is this (Swedish or English) page as imported before its language
    was recognised, into the Finnish fields: every resource is named as one of the page's, and nothing
    has a text in another language. Then nothing can be lost by moving its texts to their fields."""
    if page.language == "fi":
        return False
    resources = InformationResource.all_objects.filter(organisation=draft)
    names = [resource.name for resource in page.all_resources()]
    if not resources.exists() or resources.exclude(name__in=names).exists():
        return False
    for model, fields in LANGUAGE_FIELDS.items():
        translated = Q()
        for name in fields:
            translated |= ~Q(**{f"{name}_sv": ""}) | ~Q(**{f"{name}_en": ""})
        if model._default_manager.filter(organisation=draft).filter(translated).exists():
            return False
    return True


def _move_to_language(draft: Organisation, language: str, reason: str) -> None:
    """Every text of the draft from the Finnish fields to the `language` ones (see _read_as_finnish)."""
    for model, fields in LANGUAGE_FIELDS.items():
        for row in model._default_manager.filter(organisation=draft).order_by("pk"):
            values = {f"{name}_{language}": getattr(row, name) for name in fields}
            if _update_fields(row, values | dict.fromkeys(fields, "")):
                _save(row, reason, None)


def _renamed_since(base: dict[str, Any], draft: Organisation) -> Renamed:
    """Resources and service areas renamed in the draft since the last import. The page still calls
    them by the old name; without this they were imported again as new ones."""
    renamed: Renamed = {}
    for key, model in (("resources", InformationResource), ("areas", ServiceArea)):
        now = {
            str(row["uid"]): first_name(row)
            for row in model.all_objects.filter(organisation=draft).values(  # type: ignore[attr-defined]
                "uid", "name", "name_sv", "name_en"
            )
        }
        taken = set(now.values())
        for row in base.get(key, []):
            old = first_name(row)
            if row["uid"] in now and now[row["uid"]] != old and old not in taken:
                renamed[(model, old)] = row["uid"]
    return renamed


def _draft_row(
    model: type[M], organisation: Organisation, name: str, renamed: Renamed, field: str = "name"
) -> M | None:
    """The draft's resource or area the page calls `name` (in `field`, the page language's): by that
    name, else renamed here from it."""
    rows = model.all_objects.filter(organisation=organisation)  # type: ignore[attr-defined]
    row = rows.filter(**{field: name}).first()
    if row is None and (model, name) in renamed:
        row = rows.filter(uid=renamed[(model, name)]).first()
    return row  # type: ignore[no-any-return]


def _write_page(
    page: ParsedPage,
    organisation_name: str,
    source: str,
    renamed: Renamed | None = None,
    read_as_finnish: bool = False,
) -> tuple[ImportReport, Organisation]:
    """`renamed`: see _renamed_since; `read_as_finnish`: see _read_as_finnish (the texts here are
    moved to the page language's fields first)."""
    renamed = renamed or {}
    organisation_name = organisation_name.strip()
    reason = f"import of {source}"
    language = page.language
    report = ImportReport(organisation=organisation_name, title=page.title, language=language)
    report.unplaced, report.ignored, report.warnings = page.unplaced, page.ignored, page.warnings

    live = Organisation.objects.filter(name=organisation_name).first()
    if live is None:  # a new organisation: not public until its first publication
        slug = unique_slug(Organisation._default_manager.all(), organisation_name)
        # a known authority's Swedish and English names, which people also search with
        live = Organisation(name=organisation_name, slug=slug, **other_language_names(organisation_name))
        _save(live, reason, None)
    organisation = draft_for(live)
    if read_as_finnish:
        _move_to_language(organisation, language, reason)
        report.read_as_finnish_before = True
    # the title has no field per language: a Swedish page's stays out of the (Finnish) title; a
    # source without one (a spreadsheet, a catalog file) leaves the page's as it is
    if language == "fi" and page.title and _update_fields(organisation, {"page_title": page.title}):
        _save(organisation, reason, None)
    org_scope = {"organisation": organisation, "area": None, "resource": None}
    _sync_facts(page.facts, org_scope, reason, None, language)
    _count_facts(page.facts, report)

    position = 0
    for position, parsed in enumerate(page.resources_without_area):
        _import_resource(organisation, None, parsed, position, report, reason, renamed, language)
    name = _column("name", language)
    for area_position, parsed_area in enumerate(page.areas):
        area = _draft_row(ServiceArea, organisation, parsed_area.name, renamed, name)
        if area is None:
            area = ServiceArea(
                organisation=organisation,
                slug=unique_slug(ServiceArea.all_objects.filter(organisation=organisation), parsed_area.name),
                **{name: parsed_area.name},
            )
        values = {
            "position": area_position,
            _column("description", language): "\n\n".join(parsed_area.description),
        }
        if language == "fi":
            values |= _swedish(name_sv=parsed_area.name_sv)
        changed = _update_fields(area, values)
        if changed or area.pk is None:
            _save(area, reason, parsed_area.line)
        report.areas.append(parsed_area.name)
        _sync_facts(
            parsed_area.facts,
            {"organisation": organisation, "area": area, "resource": None},
            reason,
            parsed_area.line,
            language,
        )
        _count_facts(parsed_area.facts, report)
        for parsed in parsed_area.resources:
            position += 1
            _import_resource(organisation, area, parsed, position, report, reason, renamed, language)

    report.resources_not_on_page = [
        first_name(row)
        for row in InformationResource.all_objects.filter(organisation=organisation)
        .exclude(pk__in=report.resource_ids)
        .values("name", "name_sv", "name_en")
    ]
    return report, organisation


def keep_file_addresses(organisation_name: str, slug: str, slugs: dict[str, str], reason: str) -> None:
    """A catalog file's or harvested export's addresses (slugs) are kept where free, so links keep working.

    Resources change in the draft (public at the next publication); the organisation's own address only
    while it has never been published, since changing it would move public pages before publishing.
    """
    live = Organisation.objects.get(name=organisation_name)
    draft = draft_for(live)
    changed = False
    if (
        slug
        and live.published_at is None
        and live.slug != slug
        and not Organisation.objects.filter(slug=slug).exists()
    ):
        for organisation in (live, draft):  # the address is the organisation's identity: both share it
            organisation.slug = slug
            organisation._change_reason = reason  # type: ignore[attr-defined]
            organisation.save(update_fields=["slug"])
        changed = True
    resources = list(InformationResource.all_objects.filter(organisation=draft))
    taken = {r.slug for r in resources}
    for resource in resources:
        wanted = slugs.get(first_name(resource))
        if wanted and resource.slug != wanted and wanted not in taken:
            taken.discard(resource.slug)
            taken.add(wanted)
            resource.slug = wanted
            resource._change_reason = reason  # type: ignore[attr-defined]
            resource.save(update_fields=["slug"])
            changed = True
    if changed:
        bump_draft_version(draft)
