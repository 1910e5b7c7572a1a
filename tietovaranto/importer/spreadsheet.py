"""Read a spreadsheet (XLSX, or CSV with `,` or `;`, with or without a BOM) in the columns of the CSV
export back into the structure the page parser produces, so it goes through the same writer
(`importer.services.import_parsed`) into the organisation's draft.

One row per item, the resource's columns repeated on each of its rows (README: "Export columns").
A repeated cell may be left empty ("as above"); a different value is an error. The export gives each
resource's *effective* facts, so search criteria, the decider and the interface facts go back on the
resource; request contacts go back where `request_contacts_stated_for` says. The interface facts
have one sentence column between them: it goes on the first stated fact (the re-export joins them
the same way). Every error names the row (as the spreadsheet numbers it, header = 1) and column.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tietovaranto.catalog.models import Organisation
from tietovaranto.importer.catalog_file import LANGUAGES, settle_languages
from tietovaranto.importer.fields import Contact, InterfaceFact, ParsedDecider, ParsedItem
from tietovaranto.importer.parser import Facts, ParsedArea, ParsedPage, ParsedResource
from tietovaranto.importer.services import ImportReport, PageImportError, import_parsed, keep_file_addresses
from tietovaranto.publishing.exporters import CSV_COLUMNS
from tietovaranto.publishing.services import PublishError
from tietovaranto.publishing.services import publish as publish_draft

SHEET = "tietovarannot"
ITEM_KINDS = ("register", "dataset", "system", "collection")
CONTACT_KINDS = ("email", "postal", "phone", "person")
ASPECTS = ("open", "authorities", "viewing")
STATUSES = ("yes", "no", "unknown")
SCOPES = ("resource", "area", "organisation")
ITEM_COLUMNS = ("item_kind", "item_name", "item_note")
# computed by the export, not read back
DERIVED_COLUMNS = ("url", "updated_at")

# What each column is called for people: in error messages and the template's instructions; a
# header may use the column's name or its label in Finnish, Swedish or English.
COLUMN_LABELS: dict[str, Promise] = {
    "organisation": gettext_lazy("Organisation"),
    "organisation_slug": gettext_lazy("Organisation address (slug)"),
    "area": gettext_lazy("Service area"),
    "resource": gettext_lazy("Information resource"),
    "resource_slug": gettext_lazy("Resource address (slug)"),
    "language": gettext_lazy("Language of the texts"),
    "description": gettext_lazy("Purpose and content"),
    "search_criteria": gettext_lazy("Search criteria"),
    "request_contacts": gettext_lazy("Where to send a request"),
    "request_contacts_stated_for": gettext_lazy("Request contacts stated for"),
    "decider_title": gettext_lazy("Decider's title"),
    "decider_name": gettext_lazy("Decider's name"),
    "decider_email": gettext_lazy("Decider's e-mail"),
    "decider_phone": gettext_lazy("Decider's phone"),
    "decider_authority": gettext_lazy("Deciding authority"),
    "interface_status": gettext_lazy("Interface (summary)"),
    "interface_open": gettext_lazy("Open interface (28 § 5)"),
    "interface_authorities": gettext_lazy("Interface for authorities (22 §)"),
    "interface_viewing": gettext_lazy("Viewing access (23 §)"),
    "interface_text": gettext_lazy("Interface sentences"),
    "item_kind": gettext_lazy("Item kind"),
    "item_name": gettext_lazy("Item"),
    "item_note": gettext_lazy("Item note"),
    "url": gettext_lazy("Public page"),
    "updated_at": gettext_lazy("Last changed"),
}
COLUMN_HELP: dict[str, Promise] = {
    "organisation": gettext_lazy("Required. The organisation's name."),
    "area": gettext_lazy("Empty when the resource belongs to no service area."),
    "resource": gettext_lazy("Required. The name of the information resource (tietovaranto)."),
    "language": gettext_lazy(
        "fi, sv or en: the language of the row's texts (empty: Finnish). A resource described only "
        "in Swedish or English says so here."
    ),
    "description": gettext_lazy("Paragraphs separated by an empty line."),
    "search_criteria": gettext_lazy("Separated by '; ', e.g. 'nimi; henkilötunnus'."),
    "request_contacts": gettext_lazy("'kind: value' separated by '; '; kinds: email, postal, phone, person."),
    "request_contacts_stated_for": gettext_lazy("resource, area or organisation (empty: resource)."),
    "interface_status": gettext_lazy("Computed from the three interface columns; not read."),
    "interface_open": gettext_lazy("yes, no, unknown or empty (not stated)."),
    "interface_authorities": gettext_lazy("yes, no, unknown or empty (not stated)."),
    "interface_viewing": gettext_lazy("yes, no, unknown or empty (not stated)."),
    "item_kind": gettext_lazy("register, dataset, system or collection; one item per row."),
    "url": gettext_lazy("Computed by the export; not read."),
    "updated_at": gettext_lazy("Computed by the export; not read."),
}


class SpreadsheetError(Exception):
    """The file cannot be imported; the message names the row and column. Nothing was written."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.row, self.column = row, column
        if row is not None and column is not None:
            text = _("Row %(row)d, column '%(column)s': %(problem)s") % {
                "row": row,
                "column": COLUMN_LABELS.get(column, column),
                "problem": message,
            }
        elif row is not None:
            text = _("Row %(row)d: %(problem)s") % {"row": row, "problem": message}
        else:
            text = message
        super().__init__(text)


@dataclass
class SheetOrganisation:
    name: str
    slug: str
    page: ParsedPage = field(default_factory=ParsedPage)
    slugs: dict[str, str] = field(default_factory=dict)  # resource name → slug in the file


# --- reading cells ---------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").strip()


def _header_names() -> dict[str, str]:
    """Every accepted header (column name, label in fi/sv/en), lowercased → column name."""
    from django.utils import translation

    names = {column: column for column in CSV_COLUMNS}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            names.update({str(label).lower(): column for column, label in COLUMN_LABELS.items()})
    return names


def _rows_of_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
            return [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        finally:
            workbook.close()
    except Exception as error:  # noqa: BLE001 - a broken file fails anywhere inside openpyxl or zipfile
        raise SpreadsheetError(
            _("the file is not an XLSX workbook (%(reason)s)") % {"reason": error or type(error).__name__}
        ) from error


def _rows_of_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # Excel's "CSV (semicolon separated)" on Finnish Windows writes Windows-1252
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise SpreadsheetError(_("the file is neither UTF-8 nor Windows-1252 text")) from None
    if "\x00" in text:
        raise SpreadsheetError(_("the file contains NUL characters: it is not a CSV file"))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [[_cell(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as error:
        raise SpreadsheetError(
            _("the file cannot be read as CSV (%(reason)s)") % {"reason": error}
        ) from error


def sheet_rows(data: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: value}) for every non-empty row under the header."""
    rows = _rows_of_xlsx(data) if filename.lower().endswith(".xlsx") else _rows_of_csv(data)
    if not rows:
        raise SpreadsheetError(_("the file is empty"))
    names = _header_names()
    columns: list[str | None] = []
    for header in rows[0]:
        if not header:
            columns.append(None)
            continue
        column = names.get(header.strip().lower())
        if column is None:
            raise SpreadsheetError(
                _("unknown column; use the columns of the export or the template"), 1, header
            )
        if column in columns:
            raise SpreadsheetError(_("the column is there twice"), 1, column)
        columns.append(column)
    for required in ("organisation", "resource"):
        if required not in columns:
            raise SpreadsheetError(_("the column is missing"), 1, required)
    result = []
    for number, row in enumerate(rows[1:], start=2):
        extra = [value for value in row[len(columns) :] if value]
        if extra:  # e.g. an unquoted ';' in a ';'-separated file: the cells after it would be lost
            raise SpreadsheetError(
                _(
                    "the row has %(cells)d cells but the header only %(columns)d columns "
                    "(a ';' or ',' without quotes?)"
                )
                % {"cells": len(row), "columns": len(columns)},
                number,
            )
        values = {column: value for column, value in zip(columns, row, strict=False) if column}
        if any(values.values()):
            result.append((number, values))
    if not result:
        raise SpreadsheetError(_("the file has no rows under the header"))
    return result


# --- rows → parsed description ----------------------------------------------------------------------


def _choice(value: str, choices: tuple[str, ...], row: int, column: str) -> str:
    if value not in choices:
        raise SpreadsheetError(
            _("'%(value)s' is not one of %(choices)s") % {"value": value, "choices": ", ".join(choices)},
            row,
            column,
        )
    return value


def _contacts(value: str, row: int) -> list[Contact]:
    contacts = []
    for part in (p.strip() for p in value.split("; ")):
        if not part:
            continue
        kind, separator, text = part.partition(":")
        if not separator or not text.strip():
            raise SpreadsheetError(
                _("'%(part)s' is not 'kind: value' (kinds: %(kinds)s)")
                % {"part": part, "kinds": ", ".join(CONTACT_KINDS)},
                row,
                "request_contacts",
            )
        contacts.append(Contact(_choice(kind.strip(), CONTACT_KINDS, row, "request_contacts"), text.strip()))
    return contacts


@dataclass
class _Resource:
    row: int
    values: dict[str, str]
    parsed: ParsedResource


def _merge_repeated(resource: _Resource, row: int, values: dict[str, str]) -> None:
    """A repeated resource cell may be empty (as above) or the same; a different value is an error."""
    for column, value in values.items():
        if column in ITEM_COLUMNS or column in DERIVED_COLUMNS or not value:
            continue
        earlier = resource.values.get(column, "")
        if not earlier:
            resource.values[column] = value
        elif earlier != value:
            raise SpreadsheetError(
                _("differs from row %(other)d of the same information resource") % {"other": resource.row},
                row,
                column,
            )


def _resource_facts(resource: _Resource) -> None:
    values, row, facts = resource.values, resource.row, resource.parsed.facts
    description = values.get("description", "")
    resource.parsed.description = [p.strip() for p in description.split("\n\n") if p.strip()]
    facts.criteria = [c.strip() for c in values.get("search_criteria", "").split(";") if c.strip()]
    decider = {
        part: values.get(f"decider_{part}", "") for part in ("title", "name", "email", "phone", "authority")
    }
    if any(decider.values()):
        if not (decider["title"] or decider["name"] or decider["authority"]):
            raise SpreadsheetError(
                _("the deciding official needs a title, a name or an authority"), row, "decider_title"
            )
        facts.decider = ParsedDecider(**decider)
    text = values.get("interface_text", "")
    stated = [
        (aspect, _choice(values[f"interface_{aspect}"], STATUSES, row, f"interface_{aspect}"))
        for aspect in ASPECTS
        if values.get(f"interface_{aspect}")
    ]
    if not stated and (text or values.get("interface_status") in ("yes", "no")):
        # only a summary or a sentence: the sentence is read as the open-availability fact (28 § 5)
        summary = values.get("interface_status") or "unknown"
        stated = [("open", _choice(summary, STATUSES, row, "interface_status"))]
    facts.interface = [
        InterfaceFact(aspect, status, text if index == 0 else "")
        for index, (aspect, status) in enumerate(stated)
    ]


def read_spreadsheet(data: bytes, filename: str) -> list[SheetOrganisation]:
    """The organisations of a spreadsheet, each as a ParsedPage. Raises SpreadsheetError."""
    organisations: dict[str, SheetOrganisation] = {}
    areas: dict[tuple[str, str], ParsedArea] = {}
    resources: dict[tuple[str, str], _Resource] = {}
    scoped_contacts: dict[tuple[str, str, str], tuple[int, list[Contact]]] = {}
    for row, values in sheet_rows(data, filename):
        org_name = values.get("organisation", "")
        name = values.get("resource", "")
        if not org_name:
            raise SpreadsheetError(_("must not be empty"), row, "organisation")
        if not name:
            raise SpreadsheetError(_("must not be empty"), row, "resource")
        org = organisations.get(org_name)
        if org is None:
            org = organisations[org_name] = SheetOrganisation(org_name, values.get("organisation_slug", ""))
        key = (org_name, name)
        resource = resources.get(key)
        if resource is None:
            resource = resources[key] = _Resource(row, dict(values), ParsedResource(name, row))
            # a resource described only in Swedish (English) gives its texts in that language
            resource.parsed.language = _choice(values.get("language") or "fi", LANGUAGES, row, "language")
            area_name = values.get("area", "")
            if area_name:
                area = areas.get((org_name, area_name))
                if area is None:
                    area = areas[(org_name, area_name)] = ParsedArea(area_name, row)
                    org.page.areas.append(area)
                area.resources.append(resource.parsed)
            else:
                org.page.resources_without_area.append(resource.parsed)
            org.slugs[name] = values.get("resource_slug", "")
        else:
            _merge_repeated(resource, row, values)
        kind, item_name, note = (values.get(column, "") for column in ITEM_COLUMNS)
        if kind or item_name or note:
            if not item_name:
                raise SpreadsheetError(_("must not be empty when the row has an item"), row, "item_name")
            if not kind:
                raise SpreadsheetError(_("must not be empty when the row has an item"), row, "item_kind")
            resource.parsed.add_item(ParsedItem(item_name, _choice(kind, ITEM_KINDS, row, "item_kind"), note))

    for (org_name, _name), resource in resources.items():
        _resource_facts(resource)
        row, values = resource.row, resource.values
        contacts = _contacts(values.get("request_contacts", ""), row)
        scope = values.get("request_contacts_stated_for") or "resource"
        _choice(scope, SCOPES, row, "request_contacts_stated_for")
        if not contacts:
            continue
        org = organisations[org_name]
        area_name = values.get("area", "")
        target: Facts = resource.parsed.facts
        if scope == "area":
            if not area_name:
                raise SpreadsheetError(
                    _("says 'area' but the resource has no service area"), row, "request_contacts_stated_for"
                )
            target = areas[(org_name, area_name)].facts
        elif scope == "organisation":
            target = org.page.facts
        if scope != "resource":
            scope_key = (org_name, scope, area_name if scope == "area" else "")
            earlier = scoped_contacts.get(scope_key)
            if earlier is not None and earlier[1] != contacts:
                raise SpreadsheetError(
                    _("differs from row %(other)d, which states the contacts for the same %(scope)s")
                    % {
                        "other": earlier[0],
                        "scope": _("service area") if scope == "area" else _("organisation"),
                    },
                    row,
                    "request_contacts",
                )
            scoped_contacts[scope_key] = (row, contacts)
        target.contacts = contacts
    for org in organisations.values():
        settle_languages(org.page)
    return list(organisations.values())


# --- writing -----------------------------------------------------------------------------------------


def _target_organisation(organisations: list[SheetOrganisation], slug: str) -> list[SheetOrganisation]:
    """`--organisation SLUG`: that organisation's rows, or a one-organisation file into it."""
    existing = Organisation.objects.filter(slug=slug).first()
    matching = [o for o in organisations if slug in (o.slug, o.name)]
    if existing is not None:
        matching = matching or [o for o in organisations if o.name == existing.name]
        if not matching and len(organisations) == 1:
            matching = organisations
        for org in matching:
            org.name, org.slug = existing.name, existing.slug
    if not matching:
        raise SpreadsheetError(_("the file has no rows of the organisation '%(slug)s'") % {"slug": slug})
    return matching


def import_spreadsheet(
    data: bytes,
    filename: str,
    *,
    organisation: str | None = None,
    publish: bool = False,
    dry_run: bool = False,
) -> list[ImportReport]:
    """Import every organisation of the file into its draft, in one transaction; on an error nothing
    is written. With `publish` each draft is published afterwards (the file's slugs kept first)."""
    organisations = read_spreadsheet(data, filename)
    if organisation:
        organisations = _target_organisation(organisations, organisation)
    reports = []
    with transaction.atomic():
        for org in organisations:
            try:
                report = import_parsed(
                    page=org.page, organisation_name=org.name, source=filename, dry_run=dry_run
                )
            except PageImportError as error:
                # the page writer's "line" is the resource's first row here
                raise SpreadsheetError(
                    str(error.args[0]).removeprefix(f"line {error.line}: "), error.line
                ) from error
            if not dry_run and not report.page_unchanged:
                keep_file_addresses(org.name, org.slug, org.slugs, "import of spreadsheet")
            reports.append(report)
    if publish and not dry_run:
        for report in reports:
            live = Organisation.objects.get(slug=report.organisation_slug)
            try:
                publish_draft(live, reason=f"import of {filename}")
                report.published = True
            except PublishError as error:
                report.publish_refused = str(error)
    return reports


def template_workbook() -> bytes:
    """An empty spreadsheet in the import's columns, with a second sheet explaining each column
    (in the active language) and one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(CSV_COLUMNS)
    example = {
        "organisation": "Esimerkkilän kunta",
        "area": "Sosiaalipalvelut",
        "resource": "Asiakastietovaranto",
        "description": "Sosiaalihuollon asiakkaiden tiedot.",
        "search_criteria": "nimi; henkilötunnus",
        "request_contacts": "email: kirjaamo@esimerkkila.fi; postal: PL 1, 00100 Esimerkkilä",
        "request_contacts_stated_for": "organisation",
        "decider_title": "sosiaalijohtaja",
        "interface_open": "no",
        "interface_text": "Tiedot eivät ole avoimesti saatavilla teknisen rajapinnan kautta.",
        "item_kind": "register",
        "item_name": "Sosiaalihuollon asiakasrekisteri",
    }
    sheet.append([example.get(column, "") for column in CSV_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = workbook.create_sheet(_("instructions"))
    guide.append([_("Column"), _("Meaning"), _("How to fill in")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in CSV_COLUMNS:
        guide.append([column, str(COLUMN_LABELS[column]), str(COLUMN_HELP.get(column, ""))])
    guide.append([])
    guide.append(
        [
            "",
            _(
                "One row per register, data set, system or collection; repeat the resource's columns on "
                "each of its rows, or leave them empty under the first. Import: tietovaranto import-catalog "
                "FILE (into the draft; publish on the desk)."
            ),
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
