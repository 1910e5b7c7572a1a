"""Harvest another installation's published description into a read-only copy here.

The source is an organisation's JSON export on another tietovaranto (`https://host/<org>/export.json`,
the same file `tietovaranto import-catalog` reads), or any DCAT-AP catalog in Turtle, RDF/XML or
JSON-LD (avoindata.fi, an authority's own catalog): one of its publishers becomes the organisation.
A harvest is incremental: after the first one it asks the source's API only
for the resources changed since (`updated_since`, by the source's clock) and takes the rest from the
copy here; when that cannot be trusted (resources removed or renamed, no API) it reads the whole
export with the ETag and Last-Modified of the previous answer (304: nothing to do) and compares the
body's hash. Only changed rows are written (the importer's merge). It is all-or-nothing: every
answer is read before anything is written, in one transaction, so a network failure half-way leaves
the copy as it was and the next harvest starts over cleanly.
"""

import contextlib
import hashlib
import json
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.desk.services import delete_resource
from tietovaranto.federation.models import HarvestSource, HarvestStatus
from tietovaranto.importer.catalog_file import CatalogFileError, CatalogOrganisation, read_catalog
from tietovaranto.importer.dcat_file import rdf_format, read_dcat
from tietovaranto.importer.services import ImportReport, PageImportError, import_parsed, keep_file_addresses
from tietovaranto.publishing.exporters import resources_out_streamed
from tietovaranto.publishing.services import PublishError, draft_for, publish

ORGANISATION_FRAGMENT = "organisation="  # a DCAT source's chosen publisher, kept in its address
MAX_BYTES = 200 * 1024 * 1024
API_PAGE = 500
CHANGES_OVERLAP = timedelta(minutes=5)  # clocks and transactions: asking a little earlier costs nothing
TIMEOUT_SECONDS = 60.0


class HarvestError(Exception):
    """The harvest failed; nothing was changed here. The message is one sentence for staff."""


@dataclass
class HarvestResult:
    source: HarvestSource
    status: str
    message: str


def export_address(url: str, organisation_slug: str | None = None) -> str:
    """The export to harvest: given as such, or an installation's address plus an organisation."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise HarvestError(_("%(url)s: give an http or https address") % {"url": url})
    if parts.path.endswith("/export.json"):
        return url
    if rdf_format(url):  # a DCAT-AP catalog: --organisation picks one of its publishers
        return f"{url}#{ORGANISATION_FRAGMENT}{slugify(organisation_slug)}" if organisation_slug else url
    if not organisation_slug:
        raise HarvestError(
            _(
                "%(url)s: give the organisation's export (…/<organisation>/export.json) or --organisation, "
                "or a DCAT-AP catalog (.ttl, .rdf, .xml, .jsonld)"
            )
            % {"url": url}
        )
    return f"{url.rstrip('/')}/{organisation_slug}/export.json"


def _client() -> httpx.Client:
    return httpx.Client(
        timeout=httpx.Timeout(TIMEOUT_SECONDS, connect=10.0),
        follow_redirects=True,
        max_redirects=5,
        headers={
            "User-Agent": "tietovaranto-harvest/1",
            "Accept": "application/json, text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8",
        },
    )


def _get(client: httpx.Client, url: str, headers: dict[str, str] | None = None) -> httpx.Response | None:
    """The whole answer, or None when the source says nothing changed (304)."""
    try:
        with client.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == 304:
                return None
            if response.status_code >= 400:
                raise HarvestError(
                    _("the source answered %(status)d %(reason)s")
                    % {"status": response.status_code, "reason": response.reason_phrase}
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BYTES:
                    raise HarvestError(_("the answer is larger than 200 MB"))
            response._content = bytes(body)
            return response
    except httpx.TimeoutException as error:
        raise HarvestError(
            _("no answer within %(seconds)d seconds") % {"seconds": TIMEOUT_SECONDS}
        ) from error
    except httpx.HTTPError as error:
        reason = " ".join(str(error).split()) or error.__class__.__name__
        raise HarvestError(_("the connection failed (%(reason)s)") % {"reason": reason}) from error


def _download(source: HarvestSource, client: httpx.Client) -> httpx.Response | None:
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    return _get(client, source.download_url, headers)


def _server_time(response: httpx.Response) -> datetime:
    """The source's clock (its Date header): changes are asked for by its time, not ours."""
    with contextlib.suppress(TypeError, ValueError):
        return parsedate_to_datetime(response.headers.get("Date", ""))
    return timezone.now()


def _api_json(client: httpx.Client, url: str, params: dict[str, str | int]) -> tuple[Any, httpx.Response]:
    response = _get(client, str(httpx.URL(url, params=params)))
    assert response is not None  # no conditional headers were sent
    try:
        return json.loads(response.content), response
    except ValueError as error:
        raise HarvestError(_("the source's API did not answer JSON")) from error


def _changed_records(source: HarvestSource, client: httpx.Client) -> tuple[bytes, datetime] | None:
    """The source's records, asking its API only for what changed since the last harvest and taking
    the rest from the copy here. None when that cannot be trusted (no earlier harvest, an installation
    without the API, or resources removed or renamed at the source): then the whole export is read."""
    if source.is_dcat or source.organisation is None or source.synced_at is None:
        return None
    resources_url = f"{source.site_url}/api/v1/catalog/resources"
    since = (source.synced_at - CHANGES_OVERLAP).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        total_page, first = _api_json(client, resources_url, {"organisation": source.source_slug, "limit": 1})
        changed: dict[str, dict[str, Any]] = {}
        params: dict[str, str | int] = {
            "organisation": source.source_slug,
            "updated_since": since,
            "limit": API_PAGE,
        }
        while True:
            page, _response = _api_json(client, resources_url, params)
            changed |= {record["slug"]: record for record in page["results"]}
            if not page.get("next") or len(changed) >= page["total"]:
                break
            params["offset"] = len(changed)
        total = int(total_page["total"])
    except HarvestError:
        return None  # an older installation, or no API: the export answers for everything
    except (KeyError, TypeError, ValueError):
        return None
    if not changed:
        return b"", _server_time(first)
    local = [
        json.loads(json.dumps(out.model_dump(), cls=DjangoJSONEncoder))
        for out in resources_out_streamed(source.organisation)
    ]
    records = [changed.pop(record["slug"], record) for record in local] + list(changed.values())
    if len(records) != total:
        return None  # something was removed (or renamed) at the source
    return json.dumps(records, ensure_ascii=False).encode(), _server_time(first)


def _organisations(content: bytes, content_type: str, source: HarvestSource) -> list[CatalogOrganisation]:
    try:
        if source.is_dcat:
            found_format = rdf_format(source.download_url, content_type) or "turtle"
            return read_dcat(content, found_format, source.download_url)
        return read_catalog(content.decode("utf-8-sig", errors="strict"), source.url)
    except CatalogFileError as error:
        raise HarvestError(str(error)) from error


def _the_organisation(content: bytes, content_type: str, source: HarvestSource) -> CatalogOrganisation:
    organisations = _organisations(content, content_type, source)
    wanted = source.chosen_organisation
    if wanted:
        organisations = [o for o in organisations if wanted in (slugify(o.name), o.slug)]
        if not organisations:
            raise HarvestError(_("the catalog has no organisation “%(wanted)s”") % {"wanted": wanted})
    if len(organisations) != 1:
        names = ", ".join(o.name for o in organisations[:10])
        raise HarvestError(
            _("the source holds %(count)d organisations (%(names)s); choose one with --organisation")
            % {"count": len(organisations), "names": names}
        )
    found = organisations[0]
    local = Organisation.objects.filter(name=found.name).first()
    if local is not None and local != source.organisation:
        raise HarvestError(
            _("“%(name)s” is kept in this installation; a harvest never overwrites a local organisation")
            % {"name": found.name}
        )
    return found


def _registry_email(found: CatalogOrganisation) -> str:
    """Where requests go when the source has no request service of its own (a DCAT catalog): the
    publisher's e-mail, else the address its data sets give most often."""
    for contact in found.page.registry:
        if contact.kind == "email":
            return contact.value
    emails = Counter(
        contact.value
        for resource in found.page.all_resources()
        for contact in resource.facts.contacts
        if contact.kind == "email"
    )
    return emails.most_common(1)[0][0] if emails else ""


def _drop_what_the_source_removed(
    found: CatalogOrganisation, live: Organisation, report: ImportReport
) -> None:
    """A page import keeps resources a page no longer lists (an editor may have added them); a harvested
    copy has no editors, so what the source no longer publishes goes."""
    draft = draft_for(live)
    for resource in InformationResource.all_objects.filter(
        _called(report.resources_not_on_page), organisation=draft
    ):
        delete_resource(draft, resource)
    wanted_areas = {area.name for area in found.page.areas}
    ServiceArea.all_objects.filter(organisation=draft, resources__isnull=True).exclude(
        _called(wanted_areas)
    ).delete()


def _called(names: Collection[str]) -> Q:
    """Rows called one of `names` by their first name (catalog.models.first_name): the Finnish one,
    else (described in Swedish or English only) the Swedish, else the English."""
    return Q(name__in=names) | Q(name="", name_sv__in=names) | Q(name="", name_sv="", name_en__in=names)


def _summary(report: ImportReport) -> str:
    return _("%(total)d information resources: %(new)d new, %(changed)d changed, %(removed)d removed") % {
        "total": len(report.resources),
        "new": len(report.created_resources),
        "changed": len(report.updated_resources),
        "removed": len(report.resources_not_on_page),
    }


def _record(source: HarvestSource, status: str, message: str) -> HarvestResult:
    source.last_attempt_at = timezone.now()
    source.last_status, source.last_message = status, message
    if status != HarvestStatus.FAILED:
        source.last_success_at = source.last_attempt_at
    source.save()
    return HarvestResult(source, status, message)


def harvest(
    url: str, organisation_slug: str | None = None, client: httpx.Client | None = None
) -> HarvestResult:
    """Harvest one organisation. Raises HarvestError (recorded on the source) when nothing could be taken."""
    export_url = export_address(url, organisation_slug)
    source, _created = HarvestSource.objects.get_or_create(url=export_url)
    try:
        with client or _client() as http:
            incremental = _changed_records(source, http)
            response = None if incremental else _download(source, http)
        if incremental is not None:
            content, synced_at = incremental
            content_type = "application/json"
            if not content:
                source.synced_at = synced_at
                return _record(source, HarvestStatus.UNCHANGED, _("the source reports no changes"))
        elif response is None:
            return _record(source, HarvestStatus.UNCHANGED, _("the source reports no changes"))
        else:
            content, content_type = response.content, response.headers.get("Content-Type", "")
            synced_at = _server_time(response)
        content_hash = hashlib.sha256(content).hexdigest()
        if content_hash == source.content_hash and source.organisation is not None:
            source.synced_at = synced_at
            return _record(source, HarvestStatus.UNCHANGED, _("the export is the same as last time"))
        found = _the_organisation(content, content_type, source)
        with transaction.atomic():
            report = import_parsed(
                page=found.page,
                organisation_name=found.name,
                source=f"harvest of {export_url}",
                take_page=True,  # the source is the truth; nothing is edited here
                content_hash=content_hash,
                harvest=True,
            )
            live = Organisation.objects.get(slug=report.organisation_slug)
            keep_file_addresses(found.name, found.slug, found.slugs, f"harvest of {export_url}")
            _drop_what_the_source_removed(found, live, report)
            if source.is_dcat:
                draft = draft_for(live)
                draft.registry_email = _registry_email(found) or draft.registry_email
                draft.save(update_fields=["registry_email"])
            try:
                publish(live, reason=_("harvest of %(url)s") % {"url": export_url})
                status = HarvestStatus.HARVESTED
            except PublishError:  # refused only when nothing differs from the live copy
                status = HarvestStatus.UNCHANGED
            source.organisation = live
            source.synced_at = synced_at
            # after changes taken one by one, the next whole export must not pass as "the same as last time"
            source.etag = response.headers.get("ETag", "") if response else ""
            source.last_modified = response.headers.get("Last-Modified", "") if response else ""
            source.content_hash = content_hash if response else ""
            return _record(source, status, _summary(report))
    except UnicodeDecodeError as error:
        failure = HarvestError(_("the export is not UTF-8 text"))
        _record(source, HarvestStatus.FAILED, str(failure))
        raise failure from error
    except PageImportError as error:
        failure = HarvestError(error.message)
        _record(source, HarvestStatus.FAILED, str(failure))
        raise failure from error
    except HarvestError as error:
        _record(source, HarvestStatus.FAILED, str(error))
        raise


def harvest_all() -> list[HarvestResult]:
    """Every registered source, one after another; a failure is recorded and the next one goes on."""
    results = []
    for source in HarvestSource.objects.all():
        try:
            results.append(harvest(source.url))
        except HarvestError as error:
            source.refresh_from_db()
            results.append(HarvestResult(source, HarvestStatus.FAILED, str(error)))
    return results
