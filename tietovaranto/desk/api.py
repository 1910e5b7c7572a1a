"""The write API: another system of the organisation keeps its description current.

Authenticated with an API key (`Authorization: Bearer tv_…`, accounts.tokens), scoped like the
editor role. Every write goes to the organisation's draft through the desk's own services
(desk.services.editing: the publish lock, the draft version bump) and is public only after
`POST …/draft/publish`. Concurrency, as on the desk: each area and resource has an ETag (a hash of
what the desk's optimistic check compares); PUT, PATCH and DELETE need `If-Match` with it (428
without, 412 when someone changed the row since), `*` to overwrite whatever is there. Publishing
names the `draft_version` it reviewed (409 when the draft changed since).
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Path, Query, Router, Schema, Status
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as InvalidRequest
from ninja.security import HttpBearer
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tietovaranto.accounts import access, tokens
from tietovaranto.accounts.models import ApiToken
from tietovaranto.accounts.permissions import Action
from tietovaranto.catalog.models import InformationResource, Organisation, ServiceArea
from tietovaranto.core.problems import PATTERN_MESSAGES, KeyRefused, NotFoundError, ProblemOut
from tietovaranto.desk import services
from tietovaranto.publishing.services import PublishError, draft_for, publish
from tietovaranto.publishing.snapshot import Snapshot, catalog_snapshot, normalise_text, snapshot_diff

GET_HEAD = ["GET", "HEAD"]
KINDS = Literal["register", "dataset", "system", "collection"]
STATUS = Literal["yes", "no", "unknown"]
ASPECTS = ("open", "authorities", "viewing")
# What the model's own validation would refuse, said in the schema (clients and schemathesis see it)
TEXT = r"\S"  # not only spaces
OPTIONAL_TEXT = r"^$|\S"  # nothing, or not only spaces
NAMES = ("name", "name_sv", "name_en")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?"
URL = rf"^$|^https?://{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,20}}(?:/[A-Za-z0-9._~%/?=&#+-]*)?$"
EMAIL = rf"^$|^[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@{_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,20}}$"
PATTERN_MESSAGES.update(
    {
        TEXT: lambda: _("Give some text, not only spaces."),
        OPTIONAL_TEXT: lambda: _("Give some text, not only spaces."),
        URL: lambda: _("Give a full web address, e.g. https://www.kaarina.fi/avoin-data."),
        EMAIL: lambda: _("Give a valid e-mail address."),
    }
)


class ApiKey(HttpBearer):
    """`Authorization: Bearer <key>`: an active key, counted against its rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = tokens.token_for_key(token)
        if found is None:
            raise KeyRefused(message=_("The API key is unknown or has been revoked."))
        wait = tokens.count_request(found)
        if wait:
            raise Throttled(wait=wait)
        return found


router = Router(tags=["write API (draft)"], auth=ApiKey())

ERRORS: dict[int, Any] = {
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    422: ProblemOut,
    429: ProblemOut,
}
WRITE_ERRORS: dict[int, Any] = {**ERRORS, 400: ProblemOut, 409: ProblemOut}
ROW_WRITE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 412: ProblemOut, 428: ProblemOut}

ORG = Path(..., description="organisation slug", examples=["kaarinan-kaupunki"], max_length=200)
IF_MATCH = Header(
    None,
    alias="If-Match",
    max_length=500,
    description="The row's ETag as last read (from GET or the previous write), or * to overwrite "
    "whatever is there. Required: 428 without it, 412 when the row has changed since.",
)


# --- input ---------------------------------------------------------------------------------------
# Plain pydantic models: ninja's Schema would read attributes off any value (a list given for an
# object would pass as empty), and a client's mistake must be a 422.


def _no_name_message() -> str:
    return _("Give a name in Finnish, Swedish or English.")


def _named(values: dict[str, Any]) -> bool:
    return any(str(values.get(field) or "").strip() for field in NAMES)


# A name in at least one language, as the models' named() constraint: a description written in Swedish
# (or English) only has no Finnish name. Said in the schema too, so that clients (and schemathesis) know.
NAMED_SCHEMA = ConfigDict(
    json_schema_extra={
        "anyOf": [{"required": [field], "properties": {field: {"pattern": TEXT}}} for field in NAMES]
    }
)


class _NamedIn(BaseModel):
    """Created or replaced whole: `name`, `name_sv` or `name_en`, at least one of them."""

    model_config = NAMED_SCHEMA

    @model_validator(mode="after")
    def _a_name_in_some_language(self) -> "_NamedIn":
        if not _named(self.__dict__):
            raise ValueError(_no_name_message())
        return self


class CriterionIn(BaseModel):
    name: str = Field(min_length=1, max_length=200, description="hakutekijä, e.g. 'henkilötunnus'")
    name_sv: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)


class EmailContactIn(BaseModel):
    kind: Literal["email"]
    value: str = Field(min_length=1, max_length=254, pattern=EMAIL)


class OtherContactIn(BaseModel):
    kind: Literal["postal", "phone", "person"]
    value: str = Field(min_length=1, max_length=255)


# An e-mail contact's address is checked as the schema says (a client reading the schema knew only
# "a string", and had its address refused)
ContactIn = Annotated[EmailContactIn | OtherContactIn, Field(discriminator="kind")]


class DeciderIn(BaseModel):
    """As on the desk: a decider without a title, name or authority is no decider."""

    authority: str = Field("", max_length=255)
    title: str = Field("", max_length=200)
    title_sv: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    name: str = Field("", max_length=200)
    email: str = Field("", max_length=254, pattern=EMAIL)
    phone: str = Field("", max_length=200)


class InterfaceFactIn(BaseModel):
    status: STATUS = "unknown"
    text: str = Field("", max_length=5000, description="the organisation's own sentence")
    text_sv: str = Field("", max_length=5000)
    text_en: str = Field("", max_length=5000)
    url: str = Field("", max_length=200, pattern=URL, description="address of the interface or open data")


class InterfaceIn(BaseModel):
    """The three interface facts; one left out (or null) is not stated."""

    open: InterfaceFactIn | None = Field(None, description="open availability through an interface (28 § 5)")
    authorities: InterfaceFactIn | None = Field(None, description="disclosure to authorities (22 §)")
    viewing: InterfaceFactIn | None = Field(None, description="viewing access (23 §)")


class ItemIn(_NamedIn):
    """Named in Finnish, Swedish or English (at least one)."""

    kind: KINDS
    name: str = Field("", max_length=255, pattern=OPTIONAL_TEXT)
    name_sv: str = Field("", max_length=255)
    name_en: str = Field("", max_length=255)
    note: str = Field("", max_length=500, description="e.g. 'excel', 'tietokanta'")


class _FactsIn(_NamedIn):
    search_criteria: list[CriterionIn] = Field(default_factory=list, max_length=200)
    request_contacts: list[ContactIn] = Field(default_factory=list, max_length=50)
    decider: DeciderIn | None = None
    interface: InterfaceIn = Field(
        default_factory=lambda: InterfaceIn(open=None, authorities=None, viewing=None)
    )


class AreaIn(_FactsIn):
    """A service area and what is stated for the whole area. PUT: the whole area (left out = empty).
    Its name in Finnish, Swedish or English: at least one of them."""

    name: str = Field("", max_length=200, pattern=OPTIONAL_TEXT)
    name_sv: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    description: str = Field("", max_length=20000)


class AreaPatch(BaseModel):
    """PATCH: only the fields sent change; a list sent replaces the list. A name may be emptied while
    the area has one in another language."""

    name: str | None = Field(None, max_length=200, pattern=OPTIONAL_TEXT)
    name_sv: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=20000)
    search_criteria: list[CriterionIn] | None = Field(None, max_length=200)
    request_contacts: list[ContactIn] | None = Field(None, max_length=50)
    decider: DeciderIn | None = None
    interface: InterfaceIn | None = None


class ResourceIn(_FactsIn):
    """An information resource with its items and facts. PUT: the whole resource (left out = empty).
    Its name in Finnish, Swedish or English: at least one of them."""

    name: str = Field("", max_length=255, pattern=OPTIONAL_TEXT)
    name_sv: str = Field("", max_length=255)
    name_en: str = Field("", max_length=255)
    description: str = Field("", max_length=20000, description="purpose and content")
    description_sv: str = Field("", max_length=20000)
    description_en: str = Field("", max_length=20000)
    area: uuid.UUID | None = Field(None, description="uid of a service area of the draft; null: none")
    items: list[ItemIn] = Field(
        default_factory=list,
        max_length=200,
        description="registers, data sets, systems, collections in this order; a system named on "
        "two resources is one shared system",
    )


class ResourcePatch(BaseModel):
    """PATCH: only the fields sent change; a list sent replaces the list; `interface` replaces the
    facts it names. A name may be emptied while the resource has one in another language."""

    name: str | None = Field(None, max_length=255, pattern=OPTIONAL_TEXT)
    name_sv: str | None = Field(None, max_length=255)
    name_en: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=20000)
    description_sv: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    area: uuid.UUID | None = None
    items: list[ItemIn] | None = Field(None, max_length=200)
    search_criteria: list[CriterionIn] | None = Field(None, max_length=200)
    request_contacts: list[ContactIn] | None = Field(None, max_length=50)
    decider: DeciderIn | None = None
    interface: InterfaceIn | None = None


class PublishIn(BaseModel):
    reason: str = Field(
        min_length=1, max_length=2000, pattern=TEXT, description="shown in the public change history"
    )
    draft_version: int = Field(
        ge=1, le=2**31 - 1, description="`draft_version` of the draft you reviewed (GET …/draft)"
    )


# --- output --------------------------------------------------------------------------------------


class DraftCriterionOut(Schema):
    name: str
    name_sv: str
    name_en: str


class DraftContactOut(Schema):
    kind: str
    value: str


class DraftDeciderOut(Schema):
    authority: str
    title: str
    title_sv: str
    title_en: str
    name: str
    email: str
    phone: str


class DraftInterfaceFactOut(Schema):
    status: str
    text: str
    text_sv: str
    text_en: str
    url: str


class DraftInterfaceOut(Schema):
    open: DraftInterfaceFactOut | None
    authorities: DraftInterfaceFactOut | None
    viewing: DraftInterfaceFactOut | None


class DraftFactsOut(Schema):
    search_criteria: list[DraftCriterionOut]
    request_contacts: list[DraftContactOut]
    decider: DraftDeciderOut | None
    interface: DraftInterfaceOut


class DraftItemOut(Schema):
    uid: str
    kind: str
    name: str
    name_sv: str
    name_en: str
    note: str


class DraftAreaOut(DraftFactsOut):
    uid: str
    name: str
    name_sv: str
    name_en: str
    slug: str
    description: str
    position: int
    etag: str = Field(description="send as If-Match to change or delete this area")
    url: str = Field(description="this area in the write API")


class DraftResourceOut(DraftFactsOut):
    uid: str
    name: str
    name_sv: str
    name_en: str
    slug: str
    description: str
    description_sv: str
    description_en: str
    area: str | None = Field(description="uid of its service area, or null")
    position: int
    items: list[DraftItemOut]
    published: bool = Field(description="whether a version of it is public now")
    etag: str = Field(description="send as If-Match to change or delete this resource")
    url: str = Field(description="this resource in the write API")


class DraftChangeOut(Schema):
    entity: str = Field(description="organisation, area, resource, item")
    uid: str
    label: str
    change: str = Field(description="added, removed, changed")
    field: str
    old: str
    new: str


class DraftOut(Schema):
    organisation: str
    organisation_slug: str
    draft_version: int = Field(description="send with POST …/draft/publish")
    published_at: str | None
    changes: list[DraftChangeOut] = Field(description="what publishing would change, field by field")
    facts: DraftFactsOut = Field(description="stated for the whole organisation")
    areas: list[DraftAreaOut]
    resources: list[DraftResourceOut]


class PublicationOut(Schema):
    number: int
    published_at: str
    reason: str
    changes: list[DraftChangeOut]
    history_url: str


# --- helpers -------------------------------------------------------------------------------------


def _token(request: HttpRequest) -> ApiToken:
    return request.auth  # type: ignore[attr-defined, no-any-return]  # set by ApiKey


def _organisation(request: HttpRequest, org_slug: str, action: str) -> Organisation:
    """The key's own (live) organisation, if the key may do `action` there; else 403."""
    token = _token(request)
    organisation = Organisation.objects.filter(pk=token.organisation_id).first()
    if organisation is None or organisation.slug != org_slug:
        raise HttpError(403, _("This API key belongs to another organisation."))
    if not access.token_may(token, action):
        raise HttpError(
            403, _("This API key is limited to service areas; this needs a key of the whole organisation.")
        )
    return organisation


def _area_scope(request: HttpRequest, area: ServiceArea | None) -> None:
    if not access.token_may_edit_area(_token(request), area):
        raise HttpError(403, _("This API key may not write outside its service areas."))


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _facts(snapshot: Snapshot, area: str | None, resource: str | None) -> dict[str, Any]:
    def mine(key: str) -> list[dict[str, Any]]:
        rows = [f for f in snapshot[key] if f["area"] == area and f["resource"] == resource]
        return sorted(rows, key=lambda f: (f["position"], f["uid"]))

    deciders = mine("deciders")
    interface = {f["aspect"]: f for f in mine("interface")}
    return {
        "search_criteria": [
            DraftCriterionOut(**{k: c[k] for k in ("name", "name_sv", "name_en")}) for c in mine("criteria")
        ],
        "request_contacts": [DraftContactOut(kind=c["kind"], value=c["value"]) for c in mine("contacts")],
        "decider": DraftDeciderOut(**{k: deciders[0][k] for k in DraftDeciderOut.model_fields})
        if deciders
        else None,
        "interface": DraftInterfaceOut(
            **{
                aspect: DraftInterfaceFactOut(
                    **{k: interface[aspect][k] for k in DraftInterfaceFactOut.model_fields}
                )
                if aspect in interface
                else None
                for aspect in ASPECTS
            }
        ),
    }


def _api_url(org_slug: str, kind: str, uid: str) -> str:
    return f"{_site()}/api/v1/organisations/{org_slug}/draft/{kind}/{uid}"


def _area_out(draft: Organisation, snapshot: Snapshot, row: dict[str, Any]) -> DraftAreaOut:
    return DraftAreaOut(
        uid=row["uid"],
        **{k: row[k] for k in ("name", "name_sv", "name_en", "slug", "description", "position")},
        **_facts(snapshot, row["uid"], None),
        etag=services.scope_tag(draft, "area", row["uid"], snapshot),
        url=_api_url(draft.slug, "areas", row["uid"]),
    )


def _resource_out(
    draft: Organisation, snapshot: Snapshot, row: dict[str, Any], published: set[str]
) -> DraftResourceOut:
    items = {i["uid"]: i for i in snapshot["items"]}
    fields = ("name", "name_sv", "name_en", "slug", "description", "description_sv", "description_en")
    return DraftResourceOut(
        uid=row["uid"],
        **{k: row[k] for k in fields},
        area=row["area"],
        position=row["position"],
        items=[
            DraftItemOut(uid=u, **{k: items[u][k] for k in ("kind", "name", "name_sv", "name_en", "note")})
            for u in row["items"]
        ],
        **_facts(snapshot, None, row["uid"]),
        published=row["uid"] in published,
        etag=services.scope_tag(draft, "resource", row["uid"], snapshot),
        url=_api_url(draft.slug, "resources", row["uid"]),
    )


def _published_uids(live: Organisation) -> set[str]:
    return {
        str(u) for u in InformationResource.objects.filter(organisation=live).values_list("uid", flat=True)
    }


def _draft_area(draft: Organisation, uid: uuid.UUID) -> ServiceArea:
    area = ServiceArea.all_objects.filter(organisation=draft, uid=uid).first()
    if area is None:
        raise NotFoundError(_("The draft has no service area with this uid."))
    return area


def _draft_resource(draft: Organisation, uid: uuid.UUID) -> InformationResource:
    resource = (
        InformationResource.all_objects.filter(organisation=draft, uid=uid).select_related("area").first()
    )
    if resource is None:
        raise NotFoundError(_("The draft has no information resource with this uid."))
    return resource


def _loaded_tag(if_match: str | None) -> str | None:
    """The tag the client last read; None for `*` (overwrite). No header at all: 428."""
    if not if_match or not if_match.strip():
        raise HttpError(428, _("Send If-Match with the ETag you last read (or * to overwrite)."))
    value = if_match.strip()
    if value == "*":
        return None
    first = value.split(",")[0].strip()
    return first.removeprefix("W/").strip('"')


@contextmanager
def _editing_row(
    live: Organisation, kind: Literal["area", "resource"], uid: uuid.UUID, if_match: str | None
) -> Iterator[Organisation]:
    """The draft, to change one area or resource the client read with `if_match`; a change by
    someone else since then answers 412."""
    loaded = _loaded_tag(if_match)
    try:
        with services.editing(live, kind, str(uid), None, loaded_tag=loaded) as draft:
            yield draft
    except services.EditConflict:
        stale = (
            _("The service area was changed after you read it. Read it again.")
            if kind == "area"
            else _("The information resource was changed after you read it. Read it again.")
        )
        raise HttpError(412, stale) from None


def _tagged(response: HttpResponse, tag: str) -> None:
    response["ETag"] = f'"{tag}"'


def _facts_data(payload: dict[str, Any], current: services.FactsData | None = None) -> services.FactsData:
    """The desk's FactsData from sent fields; with `current` (PATCH) what was not sent stays."""
    facts = current or services.FactsData()
    if "search_criteria" in payload:
        facts.criteria = [dict(c) for c in payload["search_criteria"] or []]
    if "request_contacts" in payload:
        facts.contacts = [dict(c) for c in payload["request_contacts"] or []]
    if "decider" in payload:
        facts.decider = dict(payload["decider"]) if payload["decider"] else None
    if "interface" in payload:
        sent = payload["interface"] or {}
        interface = dict(facts.interface) if current is not None else {}
        for aspect in ASPECTS:
            if current is None or aspect in sent:
                if sent.get(aspect):
                    interface[aspect] = dict(sent[aspect])
                else:
                    interface.pop(aspect, None)
        facts.interface = interface
    return facts


def _names_after(row: Any, values: dict[str, Any]) -> dict[str, str]:
    """The row's names once `values` are saved (a PATCH changes only those sent), as stored."""
    return {
        field: normalise_text(str(values[field] if field in values else getattr(row, field, ""))).strip()
        for field in NAMES
    }


def _check_names(model: Any, draft: Organisation, row: Any, values: dict[str, Any]) -> None:
    """A name left in some language (422 as a validation problem), not another row's (409).

    A row is known by its Finnish name, else (a description written in Swedish or English only) by
    the one it has, among the rows without a Finnish name: so two Swedish-only resources of the
    draft are not both called “Personalregister”, and any number of them may have no Finnish name."""
    if row is not None and not any(field in values for field in NAMES):
        return
    names = _names_after(row, values)
    key = next((field for field in NAMES if names[field]), None)
    if key is None:
        message = _no_name_message()
        loc = ("body", "payload")
        raise InvalidRequest([{"type": "value_error", "loc": loc, "msg": message, "ctx": {"error": message}}])
    same = {key: names[key], **{field: "" for field in NAMES[: NAMES.index(key)]}}
    others = model.all_objects.filter(organisation=draft, **same)
    if others.exclude(pk=row.pk if row is not None else None).exists():
        if model is ServiceArea:
            message = _("The draft already has a service area named “%(name)s”.")
        else:
            message = _("The draft already has an information resource named “%(name)s”.")
        raise HttpError(409, message % {"name": names[key]})


def _invalid(error: ValidationError) -> HttpError:
    messages = "; ".join(error.messages)
    return HttpError(422, messages or _("Some values are not valid."))


def _sent(payload: BaseModel, partial: bool) -> dict[str, Any]:
    return payload.model_dump(exclude_unset=partial)


# --- the draft -----------------------------------------------------------------------------------


@router.api_operation(
    GET_HEAD,
    "/organisations/{org_slug}/draft",
    response={200: DraftOut, 304: None, **ERRORS},
    summary="The organisation's draft, with what publishing it would change",
)
def draft_get(request: HttpRequest, org_slug: str = ORG) -> DraftOut:
    """Every area and resource of the draft with its ETag, the facts stated for the whole
    organisation, and `changes`: the pending changes against the public description."""
    live = _organisation(request, org_slug, Action.OPEN_DESK)
    draft = draft_for(live)
    snapshot = catalog_snapshot(draft)
    changes = snapshot_diff(catalog_snapshot(live) if live.published_at else None, snapshot)
    published = _published_uids(live)
    return DraftOut(
        organisation=draft.name,
        organisation_slug=live.slug,
        draft_version=draft.version,
        published_at=live.published_at.isoformat() if live.published_at else None,
        changes=[DraftChangeOut(**c.as_dict()) for c in changes],
        facts=DraftFactsOut(**_facts(snapshot, None, None)),
        areas=[_area_out(draft, snapshot, a) for a in snapshot["areas"]],
        resources=[_resource_out(draft, snapshot, r, published) for r in snapshot["resources"]],
    )


@router.post(
    "/organisations/{org_slug}/draft/publish",
    response={200: PublicationOut, **WRITE_ERRORS},
    summary="Publish the draft",
)
def draft_publish(request: HttpRequest, payload: PublishIn, org_slug: str = ORG) -> PublicationOut:
    """Make the whole draft public, as the desk's Publish does: the reason goes to the public change
    history. 409 when the draft changed after the `draft_version` you reviewed, or nothing changed."""
    live = _organisation(request, org_slug, Action.PUBLISH_CATALOG)
    token = _token(request)
    try:
        publication = publish(
            live,
            reason=payload.reason,
            expected_draft_version=payload.draft_version,
            user_display=_("API key “%(name)s” (%(prefix)s)") % {"name": token.name, "prefix": token.prefix},
        )
    except PublishError as error:
        raise HttpError(409, str(error)) from error
    return PublicationOut(
        number=publication.number,
        published_at=publication.created_at.isoformat(),
        reason=publication.reason,
        changes=[DraftChangeOut(**c) for c in publication.summary],
        history_url=f"{_site()}/{live.slug}/history/{publication.number}/",
    )


# --- service areas -------------------------------------------------------------------------------


def _area_response(response: HttpResponse, live: Organisation, uid: str) -> DraftAreaOut:
    draft = draft_for(live)
    snapshot = catalog_snapshot(draft)
    row = next(a for a in snapshot["areas"] if a["uid"] == uid)
    out = _area_out(draft, snapshot, row)
    _tagged(response, out.etag)
    return out


def _save_area(
    draft: Organisation, area: ServiceArea | None, sent: dict[str, Any], partial: bool
) -> ServiceArea:
    values: dict[str, Any] = {k: sent[k] for k in ("name", "name_sv", "name_en", "description") if k in sent}
    _check_names(ServiceArea, draft, area, values)
    current = services.facts_of(draft, area=area) if partial and area is not None else None
    try:
        saved = services.save_area(draft, area, values)
        services.save_facts(draft, _facts_data(sent, current), area=saved)
    except ValidationError as error:
        raise _invalid(error) from error
    return saved


@router.post(
    "/organisations/{org_slug}/draft/areas",
    response={201: DraftAreaOut, **WRITE_ERRORS},
    summary="Add a service area to the draft",
)
def area_create(
    request: HttpRequest, response: HttpResponse, payload: AreaIn, org_slug: str = ORG
) -> Status[DraftAreaOut]:
    live = _organisation(request, org_slug, Action.EDIT_STRUCTURE)
    with services.editing(live, "organisation", "", None) as draft:
        area = _save_area(draft, None, _sent(payload, False), False)
    out = _area_response(response, live, str(area.uid))
    response["Location"] = out.url
    return Status(201, out)


@router.api_operation(
    GET_HEAD,
    "/organisations/{org_slug}/draft/areas/{uid}",
    response={200: DraftAreaOut, 304: None, **ERRORS},
    summary="One service area of the draft, with its ETag",
)
def area_get(
    request: HttpRequest, response: HttpResponse, uid: uuid.UUID, org_slug: str = ORG
) -> DraftAreaOut:
    live = _organisation(request, org_slug, Action.OPEN_DESK)
    area = _draft_area(draft_for(live), uid)
    return _area_response(response, live, str(area.uid))


def _area_write(
    request: HttpRequest,
    response: HttpResponse,
    org_slug: str,
    uid: uuid.UUID,
    payload: BaseModel,
    partial: bool,
    if_match: str | None,
) -> DraftAreaOut:
    live = _organisation(request, org_slug, Action.EDIT_CATALOG)
    area = _draft_area(draft_for(live), uid)
    _area_scope(request, area)
    with _editing_row(live, "area", uid, if_match) as draft:
        _save_area(draft, _draft_area(draft, uid), _sent(payload, partial), partial)
    return _area_response(response, live, str(uid))


@router.put(
    "/organisations/{org_slug}/draft/areas/{uid}",
    response={200: DraftAreaOut, **ROW_WRITE_ERRORS},
    summary="Replace a service area of the draft",
)
def area_replace(
    request: HttpRequest,
    response: HttpResponse,
    uid: uuid.UUID,
    payload: AreaIn,
    org_slug: str = ORG,
    if_match: str | None = IF_MATCH,
) -> DraftAreaOut:
    return _area_write(request, response, org_slug, uid, payload, False, if_match)


@router.patch(
    "/organisations/{org_slug}/draft/areas/{uid}",
    response={200: DraftAreaOut, **ROW_WRITE_ERRORS},
    summary="Change some fields of a service area of the draft",
)
def area_update(
    request: HttpRequest,
    response: HttpResponse,
    uid: uuid.UUID,
    payload: AreaPatch,
    org_slug: str = ORG,
    if_match: str | None = IF_MATCH,
) -> DraftAreaOut:
    return _area_write(request, response, org_slug, uid, payload, True, if_match)


class AreaDeleteParams(Schema):
    with_resources: bool = Field(
        False, description="also delete its resources (otherwise an area with resources is refused: 409)"
    )


@router.delete(
    "/organisations/{org_slug}/draft/areas/{uid}",
    response={204: None, **ROW_WRITE_ERRORS},
    summary="Delete a service area from the draft",
)
def area_delete(
    request: HttpRequest,
    uid: uuid.UUID,
    params: Query[AreaDeleteParams],
    org_slug: str = ORG,
    if_match: str | None = IF_MATCH,
) -> Status[None]:
    live = _organisation(request, org_slug, Action.EDIT_STRUCTURE)
    _draft_area(draft_for(live), uid)
    with _editing_row(live, "area", uid, if_match) as draft:
        area = _draft_area(draft, uid)
        if not params.with_resources and InformationResource.all_objects.filter(area=area).exists():
            raise HttpError(
                409,
                _(
                    "The service area has information resources: move them first, "
                    "or send with_resources=true."
                ),
            )
        services.delete_area(draft, area)
    return Status(204, None)


# --- information resources -----------------------------------------------------------------------


def _resource_response(response: HttpResponse, live: Organisation, uid: str) -> DraftResourceOut:
    draft = draft_for(live)
    snapshot = catalog_snapshot(draft)
    row = next(r for r in snapshot["resources"] if r["uid"] == uid)
    out = _resource_out(draft, snapshot, row, _published_uids(live))
    _tagged(response, out.etag)
    return out


def _target_area(request: HttpRequest, draft: Organisation, area_uid: uuid.UUID | None) -> ServiceArea | None:
    area = None
    if area_uid is not None:
        area = ServiceArea.all_objects.filter(organisation=draft, uid=area_uid).first()
        if area is None:
            raise HttpError(409, _("The draft has no service area with the uid given as `area`."))
    _area_scope(request, area)
    return area


def _item_rows(sent: list[dict[str, Any]]) -> list[services.ItemRow]:
    return [
        services.ItemRow(
            kind=i["kind"],
            name=i["name"],
            note=i.get("note", ""),
            name_sv=i.get("name_sv", ""),
            name_en=i.get("name_en", ""),
        )
        for i in sent
    ]


def _current_items(resource: InformationResource) -> list[services.ItemRow]:
    links = resource.resource_items.select_related("item").order_by("position")
    return [
        services.ItemRow(link.item.kind, link.item.name, link.item.note, link.item.name_sv, link.item.name_en)
        for link in links
    ]


def _save_resource(
    request: HttpRequest,
    draft: Organisation,
    resource: InformationResource | None,
    sent: dict[str, Any],
    partial: bool,
) -> InformationResource:
    fields = ("name", "name_sv", "name_en", "description", "description_sv", "description_en")
    values: dict[str, Any] = {k: sent[k] for k in fields if k in sent}
    if "area" in sent or resource is None:
        values["area"] = _target_area(request, draft, sent.get("area"))
    _check_names(InformationResource, draft, resource, values)
    items = _item_rows(sent["items"]) if "items" in sent else _current_items(resource) if resource else []
    current = services.facts_of(draft, resource=resource) if partial and resource is not None else None
    try:
        saved = services.save_resource(draft, resource, values, items)
        services.save_facts(draft, _facts_data(sent, current), resource=saved)
    except ValidationError as error:
        raise _invalid(error) from error
    except IntegrityError as error:  # the database's own unique check, should two names meet anyway
        raise HttpError(409, _("The name is already in use in the draft.")) from error
    return saved


@router.post(
    "/organisations/{org_slug}/draft/resources",
    response={201: DraftResourceOut, **WRITE_ERRORS},
    summary="Add an information resource to the draft",
)
def resource_create(
    request: HttpRequest, response: HttpResponse, payload: ResourceIn, org_slug: str = ORG
) -> Status[DraftResourceOut]:
    """A key limited to service areas must name one of its areas as `area`."""
    live = _organisation(request, org_slug, Action.EDIT_CATALOG)
    with services.editing(live, "organisation", "", None) as draft:
        resource = _save_resource(request, draft, None, _sent(payload, False), False)
    out = _resource_response(response, live, str(resource.uid))
    response["Location"] = out.url
    return Status(201, out)


@router.api_operation(
    GET_HEAD,
    "/organisations/{org_slug}/draft/resources/{uid}",
    response={200: DraftResourceOut, 304: None, **ERRORS},
    summary="One information resource of the draft, with its ETag",
)
def resource_get(
    request: HttpRequest, response: HttpResponse, uid: uuid.UUID, org_slug: str = ORG
) -> DraftResourceOut:
    live = _organisation(request, org_slug, Action.OPEN_DESK)
    resource = _draft_resource(draft_for(live), uid)
    return _resource_response(response, live, str(resource.uid))


def _resource_write(
    request: HttpRequest,
    response: HttpResponse,
    org_slug: str,
    uid: uuid.UUID,
    payload: BaseModel,
    partial: bool,
    if_match: str | None,
) -> DraftResourceOut:
    live = _organisation(request, org_slug, Action.EDIT_CATALOG)
    _area_scope(request, _draft_resource(draft_for(live), uid).area)
    with _editing_row(live, "resource", uid, if_match) as draft:
        resource = _draft_resource(draft, uid)
        _area_scope(request, resource.area)
        _save_resource(request, draft, resource, _sent(payload, partial), partial)
    return _resource_response(response, live, str(uid))


@router.put(
    "/organisations/{org_slug}/draft/resources/{uid}",
    response={200: DraftResourceOut, **ROW_WRITE_ERRORS},
    summary="Replace an information resource of the draft",
)
def resource_replace(
    request: HttpRequest,
    response: HttpResponse,
    uid: uuid.UUID,
    payload: ResourceIn,
    org_slug: str = ORG,
    if_match: str | None = IF_MATCH,
) -> DraftResourceOut:
    return _resource_write(request, response, org_slug, uid, payload, False, if_match)


@router.patch(
    "/organisations/{org_slug}/draft/resources/{uid}",
    response={200: DraftResourceOut, **ROW_WRITE_ERRORS},
    summary="Change some fields of an information resource of the draft",
)
def resource_update(
    request: HttpRequest,
    response: HttpResponse,
    uid: uuid.UUID,
    payload: ResourcePatch,
    org_slug: str = ORG,
    if_match: str | None = IF_MATCH,
) -> DraftResourceOut:
    return _resource_write(request, response, org_slug, uid, payload, True, if_match)


@router.delete(
    "/organisations/{org_slug}/draft/resources/{uid}",
    response={204: None, **ROW_WRITE_ERRORS},
    summary="Delete an information resource from the draft",
)
def resource_delete(
    request: HttpRequest, uid: uuid.UUID, org_slug: str = ORG, if_match: str | None = IF_MATCH
) -> Status[None]:
    live = _organisation(request, org_slug, Action.EDIT_CATALOG)
    _area_scope(request, _draft_resource(draft_for(live), uid).area)
    with _editing_row(live, "resource", uid, if_match) as draft:
        resource = _draft_resource(draft, uid)
        _area_scope(request, resource.area)
        services.delete_resource(draft, resource)
    return Status(204, None)
