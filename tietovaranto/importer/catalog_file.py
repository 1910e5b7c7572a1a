"""Read the project's own JSON export (`tietovaranto export --format json`, the API's resource schema)
back into the structure the page parser produces, so it goes through the same writer as a page.

Each record is one resource with its *effective* facts. Where the export says where a fact was
stated (`request_contacts_stated_for`, `interface_facts[].stated_for`) it is put back on the area or
the organisation; search criteria and the decider are kept on the resource, which gives the same
effective values. Errors name the record and the field.
"""

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tietovaranto.catalog.models import Organisation
from tietovaranto.importer.fields import Contact, InterfaceFact, ParsedDecider, ParsedItem
from tietovaranto.importer.parser import Facts, ParsedArea, ParsedPage, ParsedResource
from tietovaranto.importer.services import ImportReport, PageImportError, import_parsed, keep_file_addresses
from tietovaranto.publishing.services import PublishError
from tietovaranto.publishing.services import publish as publish_draft

ITEM_KINDS = ("register", "dataset", "system", "collection")
CONTACT_KINDS = ("email", "postal", "phone", "person")
ASPECTS = ("open", "authorities", "viewing")
STATUSES = ("yes", "no", "unknown")
SCOPES = ("resource", "area", "organisation")
LANGUAGES = ("fi", "sv", "en")


class CatalogFileError(Exception):
    """The file cannot be imported; the message names the record and field."""


@dataclass
class CatalogOrganisation:
    name: str
    slug: str
    page: ParsedPage
    slugs: dict[str, str]  # resource name → slug in the file


class _Record:
    def __init__(self, label: str, index: int, data: Any) -> None:
        self.label, self.index = label, index
        if not isinstance(data, dict):
            raise CatalogFileError(
                _("%(file)s: record %(index)d is not an object") % {"file": label, "index": index}
            )
        self.data = data
        name = data.get("name")
        self.name = name if isinstance(name, str) else ""

    def error(self, field: str, problem: str) -> CatalogFileError:
        return CatalogFileError(
            _("%(file)s: record %(index)d (“%(name)s”), field %(field)s: %(problem)s")
            % {"file": self.label, "index": self.index, "name": self.name, "field": field, "problem": problem}
        )

    def text(self, field: str, value: Any = None, *, required: bool = False, path: str | None = None) -> str:
        value = self.data.get(field) if path is None else value
        where = path or field
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise self.error(where, _("must be text"))
        if required and not value.strip():
            raise self.error(where, _("must not be empty"))
        return value

    def choice(self, value: Any, choices: tuple[str, ...], path: str) -> str:
        if value not in choices:
            raise self.error(path, _("must be one of %(choices)s") % {"choices": ", ".join(choices)})
        return str(value)

    def objects(self, field: str) -> list[Any]:
        value = self.data.get(field, [])
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(field, _("must be a list"))
        return value

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(path, _("must be an object"))
        return value


def _scoped(
    scopes: dict[tuple[str, ...], Any], key: tuple[str, ...], value: Any, record: _Record, field: str
) -> None:
    """A fact stated for an area or the organisation must read the same in every record."""
    if key in scopes and scopes[key] != value:
        scope = _("area") if key[1] == "area" else _("organisation")
        raise record.error(
            field, _("differs from an earlier record of the same %(scope)s") % {"scope": scope}
        )
    scopes[key] = value


def settle_languages(page: ParsedPage) -> None:
    """A catalog's resources each in their own language (`language`, at least one resource): the
    description is in the first of LANGUAGES any of them is in, and a resource in that language
    says nothing more (the page's), one in another keeps saying so."""
    languages = {resource.language for resource in page.all_resources()}
    page.language = next(language for language in LANGUAGES if language in languages)
    for resource in page.all_resources():
        if resource.language == page.language:
            resource.language = ""


def read_catalog(text: str, label: str) -> list[CatalogOrganisation]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogFileError(
            _("%(file)s: not JSON (line %(line)d, column %(column)d: %(reason)s)")
            % {"file": label, "line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from error
    if not isinstance(data, list):
        raise CatalogFileError(_("%(file)s: expected a list of resources") % {"file": label})

    organisations: dict[str, CatalogOrganisation] = {}
    areas: dict[tuple[str, str], ParsedArea] = {}
    contacts: dict[tuple[str, ...], Any] = {}
    interface: dict[tuple[str, ...], Any] = {}
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(data, start=1):
        record = _Record(label, index, raw)
        name = record.text("name", required=True).strip()
        org_name = record.text("organisation", required=True).strip()
        key = (org_name, name)
        if key in seen:
            raise record.error("name", _("the same name as record %(other)d") % {"other": seen[key]})
        seen[key] = index
        org = organisations.get(org_name)
        if org is None:
            org = CatalogOrganisation(org_name, record.text("organisation_slug"), ParsedPage(), {})
            organisations[org_name] = org
        area_name = record.text("area").strip() or None
        area = None
        if area_name:
            area = areas.get((org_name, area_name))
            if area is None:
                area = areas[(org_name, area_name)] = ParsedArea(area_name, index)
                org.page.areas.append(area)

        resource = ParsedResource(name, index)
        # a resource described in Swedish (English) only gives its texts in that language
        resource.language = record.choice(record.data.get("language", "fi"), LANGUAGES, "language")
        description = record.text("description")
        resource.description = description.split("\n\n") if description else []
        if resource.language == "fi":  # the Swedish beside the Finnish
            resource.name_sv = record.text("name_sv").strip()
            description_sv = record.text("description_sv")
            resource.description_sv = description_sv.split("\n\n") if description_sv else []
        for position, item in enumerate(record.objects("items")):
            path = f"items[{position}]"
            item = record.mapping(item, path)
            resource.add_item(
                ParsedItem(
                    record.text("name", item.get("name"), required=True, path=f"{path}.name"),
                    record.choice(item.get("kind"), ITEM_KINDS, f"{path}.kind"),
                    record.text("note", item.get("note"), path=f"{path}.note"),
                )
            )
        resource.facts.criteria = [
            record.text("", value, required=True, path=f"search_criteria[{position}]")
            for position, value in enumerate(record.objects("search_criteria"))
        ]

        parsed_contacts = []
        for position, contact in enumerate(record.objects("request_contacts")):
            path = f"request_contacts[{position}]"
            contact = record.mapping(contact, path)
            parsed_contacts.append(
                Contact(
                    record.choice(contact.get("kind"), CONTACT_KINDS, f"{path}.kind"),
                    record.text("", contact.get("value"), required=True, path=f"{path}.value"),
                )
            )
        stated_for = record.data.get("request_contacts_stated_for")
        if parsed_contacts:
            scope = record.choice(stated_for or "resource", SCOPES, "request_contacts_stated_for")
            target = _target(org.page, area, resource, scope, record, "request_contacts_stated_for")
            if scope != "resource":
                scope_key = (org_name, scope, area_name if scope == "area" and area_name else "")
                _scoped(contacts, scope_key, parsed_contacts, record, "request_contacts")
            target.contacts = parsed_contacts

        decider = record.data.get("decider")
        if decider is not None:
            decider = record.mapping(decider, "decider")
            values = {
                part: record.text(part, decider.get(part), path=f"decider.{part}")
                for part in ("title", "name", "email", "phone", "authority")
            }
            if not (values["title"] or values["name"] or values["authority"]):
                raise record.error("decider", _("the deciding official has no title, name or authority"))
            resource.facts.decider = ParsedDecider(**values)

        for position, fact in enumerate(record.objects("interface_facts")):
            path = f"interface_facts[{position}]"
            fact = record.mapping(fact, path)
            parsed = InterfaceFact(
                record.choice(fact.get("aspect"), ASPECTS, f"{path}.aspect"),
                record.choice(fact.get("status"), STATUSES, f"{path}.status"),
                record.text("", fact.get("text"), path=f"{path}.text"),
                record.text("", fact.get("url"), path=f"{path}.url"),
            )
            scope = record.choice(fact.get("stated_for", "resource"), SCOPES, f"{path}.stated_for")
            target = _target(org.page, area, resource, scope, record, f"{path}.stated_for")
            if scope != "resource":
                fact_key = (
                    org_name,
                    scope,
                    area_name if scope == "area" and area_name else "",
                    parsed.aspect,
                )
                _scoped(interface, fact_key, parsed, record, path)
            if parsed not in target.interface:
                target.interface = [f for f in target.interface if f.aspect != parsed.aspect] + [parsed]

        (area.resources if area else org.page.resources_without_area).append(resource)
        org.slugs[name] = record.text("slug")
    for org in organisations.values():
        settle_languages(org.page)
        order = {aspect: n for n, aspect in enumerate(ASPECTS)}
        for facts in [org.page.facts] + [a.facts for a in org.page.areas]:
            facts.interface.sort(key=lambda f: order[f.aspect])
    return list(organisations.values())


def _target(
    page: ParsedPage,
    area: ParsedArea | None,
    resource: ParsedResource,
    scope: str,
    record: _Record,
    field: str,
) -> Facts:
    if scope == "resource":
        return resource.facts
    if scope == "area":
        if area is None:
            raise record.error(field, _("says “area” but the resource has no area"))
        return area.facts
    return page.facts


@transaction.atomic
def import_catalog(text: str, label: str, *, publish: bool = False) -> list[ImportReport]:
    """Import every organisation of the file into its draft in one transaction; on an error nothing is
    written. With `publish` each organisation's draft is published at once."""
    reports = []
    for org in read_catalog(text, label):
        try:
            report = import_parsed(
                page=org.page, organisation_name=org.name, source=label, content_hash=_hash(text, org.name)
            )
        except PageImportError as error:
            where = _("record %(index)d") % {"index": error.line} if error.line else org.name
            raise CatalogFileError(f"{label}: {where}: {error.message}") from error
        keep_file_addresses(org.name, org.slug, org.slugs, "import of catalog file")
        if publish:  # publishing itself says when there is nothing to publish
            try:
                publish_draft(Organisation.objects.get(name=org.name), reason=f"import of {label}")
                report.published = True
            except PublishError as error:
                report.publish_refused = str(error)
        reports.append(report)
    return reports


def _hash(text: str, name: str) -> str:
    """Per organisation: the same file again is "unchanged" for each of them."""
    return hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()
