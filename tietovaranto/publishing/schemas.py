"""The published shape of a resource: the API, `export --format json` and CSV all use it.

Stability: fields are only added within /api/v1; a removal or change of meaning gets /api/v2.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from tietovaranto.catalog.models import InformationResource
from tietovaranto.catalog.selectors import FactResolver, ResourceFacts
from tietovaranto.core.translation import localized, localized_language


class ItemOut(Schema):
    name: str
    kind: Literal["register", "dataset", "system", "collection"]
    note: str = ""


class ContactOut(Schema):
    kind: Literal["email", "postal", "phone", "person"]
    value: str


class DeciderOut(Schema):
    title: str = ""
    name: str = ""
    email: str = ""
    phone: str = ""
    authority: str = ""


class InterfaceOut(Schema):
    status: Literal["yes", "no", "unknown"]
    text: str = ""


class InterfaceFactOut(Schema):
    aspect: Literal["open", "authorities", "viewing"]
    status: Literal["yes", "no", "unknown"]
    text: str = ""
    url: str = Field("", description="The interface's or open data's address, where one is given.")
    stated_for: Literal["resource", "area", "organisation"]


class ResourceOut(Schema):
    id: int
    name: str
    language: Literal["fi", "sv", "en"] = Field(
        "fi",
        description="The language of name, description, items, search criteria, the decider's title "
        "and the interface sentences: Finnish, or Swedish (English) for a resource described in that "
        "language only. A text missing in it is given as the public pages show it: in Finnish, else "
        "Swedish, else English.",
    )
    name_sv: str = ""
    name_en: str = ""
    description_sv: str = ""
    description_en: str = ""
    slug: str
    organisation: str
    organisation_slug: str
    area: str | None
    description: str
    items: list[ItemOut]
    search_criteria: list[str]
    request_contacts: list[ContactOut]
    request_contacts_stated_for: Literal["resource", "area", "organisation"] | None
    decider: DeciderOut | None
    interface: InterfaceOut = Field(description="Summary: 'yes' if any interface fact says yes.")
    interface_facts: list[InterfaceFactOut]
    url: str
    updated_at: datetime


def resource_out(resource: InformationResource, facts: ResourceFacts, base_url: str = "") -> ResourceOut:
    # Finnish; a resource described only in Swedish (or English) in that language
    language = localized_language(resource, "name", "fi")
    status, text = facts.interface_summary(language)
    decider = facts.decider.value if facts.decider else None
    return ResourceOut(
        id=resource.pk,
        name=localized(resource, "name", language),
        language=language,  # type: ignore[arg-type]
        name_sv=resource.name_sv,
        name_en=resource.name_en,
        description_sv=resource.description_sv,
        description_en=resource.description_en,
        slug=resource.slug,
        organisation=resource.organisation.name,
        organisation_slug=resource.organisation.slug,
        # the area as the Finnish pages name it: the same for its resources in either language
        area=localized(resource.area, "name", "fi") if resource.area else None,
        description=localized(resource, "description", language),
        items=[
            ItemOut(name=localized(link.item, "name", language), kind=link.item.kind, note=link.item.note)  # type: ignore[arg-type]
            for link in resource.resource_items.all()
        ],
        search_criteria=[localized(criterion.value, "name", language) for criterion in facts.criteria],
        request_contacts=[
            ContactOut(kind=c.kind, value=c.value)  # type: ignore[arg-type]
            for c in (facts.contacts.value if facts.contacts else [])
        ],
        request_contacts_stated_for=facts.contacts.source if facts.contacts else None,  # type: ignore[arg-type]
        decider=DeciderOut(
            title=localized(decider, "title", language),
            name=decider.name,
            email=decider.email,
            phone=decider.phone,
            authority=decider.authority,
        )
        if decider
        else None,
        interface=InterfaceOut(status=status, text=text),  # type: ignore[arg-type]
        interface_facts=[
            InterfaceFactOut(
                aspect=aspect,  # type: ignore[arg-type]
                status=fact.value.status,
                text=localized(fact.value, "text", language),
                url=fact.value.url,
                stated_for=fact.source,  # type: ignore[arg-type]
            )
            for aspect, fact in facts.interface.items()
        ],
        url=base_url + resource.get_absolute_url(),
        updated_at=resource.updated_at,
    )


def resources_out(resources: Iterable[InformationResource], base_url: str = "") -> list[ResourceOut]:
    resources = list(resources)
    # a few resources (one resource's own page): only their facts, not their organisations' all
    resolver = FactResolver(
        (r.organisation_id for r in resources), resources if len(resources) <= 100 else None
    )
    return [resource_out(r, resolver.facts(r), base_url) for r in resources]
