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
    status, text = facts.interface_summary()
    decider = facts.decider.value if facts.decider else None
    return ResourceOut(
        id=resource.pk,
        name=resource.name,
        slug=resource.slug,
        organisation=resource.organisation.name,
        organisation_slug=resource.organisation.slug,
        area=resource.area.name if resource.area else None,
        description=resource.description,
        items=[
            ItemOut(name=link.item.name, kind=link.item.kind, note=link.item.note)  # type: ignore[arg-type]
            for link in resource.resource_items.all()
        ],
        search_criteria=[criterion.value.name for criterion in facts.criteria],
        request_contacts=[
            ContactOut(kind=c.kind, value=c.value)  # type: ignore[arg-type]
            for c in (facts.contacts.value if facts.contacts else [])
        ],
        request_contacts_stated_for=facts.contacts.source if facts.contacts else None,  # type: ignore[arg-type]
        decider=DeciderOut(
            title=decider.title,
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
                text=fact.value.text,
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
