"""The records manager's edits: every change goes to the organisation's draft, checked against
what the editor loaded (optimistic locking), under the same lock that publishing takes."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import F, Max

from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceAspect,
    InterfaceStatement,
    Item,
    ItemKind,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
    first_name,
)
from tietovaranto.catalog.slugs import unique_slug
from tietovaranto.importer.merge import identity_value
from tietovaranto.publishing.services import _lock_live, bump_draft_version, draft_for
from tietovaranto.publishing.snapshot import (
    Change,
    Snapshot,
    catalog_snapshot,
    normalise_text,
    snapshot_diff,
    snapshot_hash,
)


class EditConflict(Exception):
    """Someone else changed the same thing after it was loaded: nothing was saved."""

    def __init__(self, changes: list[Change]) -> None:
        self.changes = changes
        super().__init__("edit conflict")


# ---------------------------------------------------------------------------------------------
# What an editor loads: the part of the snapshot a page edits


def scope_snapshot(draft: Organisation, scope: str, uid: str = "", full: Snapshot | None = None) -> Snapshot:
    """The organisation, one area or one resource with its items and facts, as a (small) snapshot.
    `full`: the draft's catalog_snapshot when the caller already has it (the API lists every row)."""
    full = catalog_snapshot(draft) if full is None else full
    facts_keys = ("criteria", "contacts", "deciders", "interface")
    if scope == "organisation":
        part = {k: [f for f in full[k] if not f["area"] and not f["resource"]] for k in facts_keys}
        return {**full, "areas": [], "items": [], "resources": [], **part}
    if scope == "area":
        part = {k: [f for f in full[k] if f["area"] == uid and not f["resource"]] for k in facts_keys}
        areas = [a for a in full["areas"] if a["uid"] == uid]
        return {**full, "organisation": {}, "areas": areas, "items": [], "resources": [], **part}
    resources = [r for r in full["resources"] if r["uid"] == uid]
    linked = {u for r in resources for u in r["items"]}
    part = {k: [f for f in full[k] if f["resource"] == uid] for k in facts_keys}
    return {
        **full,
        "organisation": {},
        "areas": [],
        "items": [i for i in full["items"] if i["uid"] in linked],
        "resources": resources,
        **part,
    }


def scope_tag(draft: Organisation, scope: str, uid: str = "", full: Snapshot | None = None) -> str:
    """The loaded state as a short tag (the write API's ETag): equal tags, equal scope snapshots."""
    return snapshot_hash(scope_snapshot(draft, scope, uid, full))[:32]


@contextmanager
def editing(
    live: Organisation, scope: str, uid: str, loaded: Snapshot | None, *, loaded_tag: str | None = None
) -> Iterator[Organisation]:
    """Lock, check that what the editor loaded is still current, yield the draft, bump its version.
    The desk sends back what it loaded (`loaded`); an API client the tag of it (`loaded_tag`)."""
    with transaction.atomic():
        _lock_live(live)
        draft = draft_for(live)
        if loaded is not None:
            current = scope_snapshot(draft, scope, uid)
            if current != loaded:
                raise EditConflict(snapshot_diff(loaded, current))
        if loaded_tag is not None and scope_tag(draft, scope, uid) != loaded_tag:
            raise EditConflict([])
        yield draft
        bump_draft_version(draft)


# ---------------------------------------------------------------------------------------------
# Facts of a scope (organisation, area or resource)


@dataclass
class FactsData:
    criteria: list[dict[str, str]] = field(default_factory=list)  # name, name_sv, name_en
    contacts: list[dict[str, str]] = field(default_factory=list)  # kind, value
    decider: dict[str, str] | None = None  # authority, title(_sv,_en), name, email, phone
    interface: dict[str, dict[str, str]] = field(default_factory=dict)  # aspect -> status, text(_sv,_en), url


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: normalise_text(v).strip() if isinstance(v, str) else v for k, v in values.items()}


def _scope_filter(
    draft: Organisation, area: ServiceArea | None, resource: InformationResource | None
) -> dict:
    return {"organisation": draft, "area": area, "resource": resource}


def _attribute(row: Any, name: str) -> Any:
    return getattr(row, name, "")


def _item(values: dict[str, Any], name: str) -> Any:
    return values.get(name, "")


def _key(get: Callable[[str], Any], key: tuple[str, ...]) -> tuple[Any, ...]:
    """What makes two rows of a scope the same fact; a criterion named in Swedish or English only is
    known by that name (importer.merge.identity_value)."""
    return tuple(identity_value(get, name) for name in key)


def _replace_rows(
    model: Any, scope: dict[str, Any], rows: list[dict[str, Any]], key: tuple[str, ...]
) -> None:
    """Make the scope's rows equal to `rows`, keeping the row (and its uid) of an unchanged value."""
    existing = list(model.all_objects.filter(**scope).order_by("position", "pk"))
    by_key = {_key(partial(_attribute, r), key): r for r in existing}
    kept: set[int] = set()
    for position, values in enumerate(rows):
        row = by_key.get(_key(partial(_item, values), key))
        if row is None or row.pk in kept:
            row = model(**scope)
        changed = row.pk is None or row.position != position
        row.position = position
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed = True
        if changed:
            row.full_clean()
            row.save()
        kept.add(row.pk)
    for row in existing:
        if row.pk not in kept:
            row.delete()


def _once(rows: list[dict[str, Any]], key: tuple[str, ...]) -> list[dict[str, Any]]:
    """The first of rows that say the same ("nimi" typed twice, or "Nimi" and "nimi"): one fact."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for row in rows:
        identity = tuple(str(part).casefold() for part in _key(partial(_item, row), key))
        if identity not in seen:
            seen.add(identity)
            kept.append(row)
    return kept


def save_facts(
    draft: Organisation,
    facts: FactsData,
    *,
    area: ServiceArea | None = None,
    resource: InformationResource | None = None,
) -> None:
    scope = _scope_filter(draft, area, resource)
    # a criterion named in Swedish or English only is one too (a description written in Swedish)
    criteria = _once([_clean(c) for c in facts.criteria if identity_value(c.get, "name")], ("name",))
    _replace_rows(SearchCriterion, scope, criteria, ("name",))
    contacts = _once([_clean(c) for c in facts.contacts if c.get("value", "").strip()], ("kind", "value"))
    _replace_rows(RequestContact, scope, contacts, ("kind", "value"))
    decider = _clean(facts.decider or {})
    named = any(decider.get(k) for k in ("authority", "title", "title_sv", "title_en", "name"))
    _replace_rows(Decider, scope, [decider] if named else [], ("authority", "title", "name"))
    statements = []
    for aspect in InterfaceAspect.values:
        values = _clean(facts.interface.get(aspect) or {})
        stated = values.get("status", "unknown") != "unknown"
        if stated or any(values.get(name) for name in ("text", "text_sv", "text_en", "url")):
            statements.append({"aspect": aspect, **values})
    _replace_rows(InterfaceStatement, scope, statements, ("aspect",))


def facts_of(
    draft: Organisation, *, area: ServiceArea | None = None, resource: InformationResource | None = None
) -> FactsData:
    scope = _scope_filter(draft, area, resource)
    decider = Decider.all_objects.filter(**scope).order_by("position").first()
    return FactsData(
        criteria=[
            {"name": c.name, "name_sv": c.name_sv, "name_en": c.name_en}
            for c in SearchCriterion.all_objects.filter(**scope).order_by("position", "pk")
        ],
        contacts=[
            {"kind": c.kind, "value": c.value}
            for c in RequestContact.all_objects.filter(**scope).order_by("position", "pk")
        ],
        decider=(
            {
                name: getattr(decider, name)
                for name in ("authority", "title", "title_sv", "title_en", "name", "email", "phone")
            }
            if decider
            else None
        ),
        interface={
            s.aspect: {name: getattr(s, name) for name in ("status", "text", "text_sv", "text_en", "url")}
            for s in InterfaceStatement.all_objects.filter(**scope)
        },
    )


# ---------------------------------------------------------------------------------------------
# Organisation, areas, resources, items


def save_organisation(draft: Organisation, values: dict[str, Any]) -> None:
    changed = False
    for name, value in _clean(values).items():
        if getattr(draft, name) != value:
            setattr(draft, name, value)
            changed = True
    if changed:
        draft.save()


def save_area(draft: Organisation, area: ServiceArea | None, values: dict[str, Any]) -> ServiceArea:
    values = _clean(values)
    if area is None:
        position = (
            ServiceArea.all_objects.filter(organisation=draft).aggregate(m=Max("position"))["m"] or 0
        ) + 1
        area = ServiceArea(organisation=draft, position=position)
    for name, value in values.items():
        setattr(area, name, value)
    area.slug = unique_slug(
        ServiceArea.all_objects.filter(organisation=draft).exclude(pk=area.pk), first_name(area)
    )
    area.full_clean()
    area.save()
    ServiceArea.all_objects.filter(pk=area.pk).update(version=F("version") + 1)
    return area


@dataclass
class ItemRow:
    kind: str
    name: str
    note: str = ""
    name_sv: str = ""
    name_en: str = ""


def save_resource(
    draft: Organisation,
    resource: InformationResource | None,
    values: dict[str, Any],
    items: list[ItemRow],
    shared_item_uids: list[str] | None = None,
) -> InformationResource:
    """Save a resource with its items in the given order. An item is found by kind and name, so a
    system typed on two resources is one shared system; items used by no resource any more go."""
    values = _clean(values)
    if resource is None:
        last = InformationResource.all_objects.filter(organisation=draft).aggregate(m=Max("position"))["m"]
        resource = InformationResource(organisation=draft, position=(last or 0) + 1)
    for name, value in values.items():
        setattr(resource, name, value)
    resource.slug = unique_slug(
        InformationResource.all_objects.filter(organisation=draft).exclude(pk=resource.pk),
        first_name(resource),
    )
    resource.full_clean()
    resource.save()
    InformationResource.all_objects.filter(pk=resource.pk).update(version=F("version") + 1)

    wanted: list[Item] = []
    for row in items:
        names = {attr: normalise_text(getattr(row, attr)).strip() for attr in ("name", "name_sv", "name_en")}
        # found by its Finnish name, else (an item of a description in Swedish) by the one it has
        key = next((attr for attr, name in names.items() if name), None)
        if key is None:
            continue
        found = Item.all_objects.filter(organisation=draft, kind=row.kind, **{key: names[key]})
        item = (found if key == "name" else found.filter(name="")).first()
        if item is None:
            item = Item(organisation=draft, kind=row.kind)
        for attr, name in names.items():
            setattr(item, attr, name)
        item.note = normalise_text(row.note).strip()
        item.full_clean()
        item.save()
        if item not in wanted:
            wanted.append(item)
    for uid in shared_item_uids or []:
        item = Item.all_objects.filter(organisation=draft, uid=uid).first()
        if item is not None and item not in wanted:
            wanted.append(item)
    before = list(ResourceItem.all_objects.filter(resource=resource).order_by("position"))
    if [link.item_id for link in before] != [item.pk for item in wanted]:
        ResourceItem.all_objects.filter(resource=resource).delete()
        ResourceItem.all_objects.bulk_create(
            [ResourceItem(resource=resource, item=item, position=n) for n, item in enumerate(wanted)]
        )
    remove_orphan_items(draft)
    return resource


def remove_orphan_items(draft: Organisation) -> None:
    Item.all_objects.filter(organisation=draft, resource_items__isnull=True).delete()


@dataclass
class DeletionPlan:
    """What goes with a deletion, shown before the editor confirms."""

    resources: list[str]
    items: list[str]
    facts: int


def deletion_plan(
    draft: Organisation, *, area: ServiceArea | None = None, resource: InformationResource | None = None
) -> DeletionPlan:
    resources = [resource] if resource else list(InformationResource.all_objects.filter(area=area))
    linked = Item.all_objects.filter(resource_items__resource__in=resources).distinct()
    only_here = [i for i in linked if not i.resource_items.exclude(resource__in=resources).exists()]
    facts = 0
    for model in (SearchCriterion, RequestContact, Decider, InterfaceStatement):
        facts += model.all_objects.filter(resource__in=resources).count()
        if area is not None:
            facts += model.all_objects.filter(area=area).count()
    return DeletionPlan([str(r) for r in resources], [str(i) for i in only_here], facts)


def delete_resource(draft: Organisation, resource: InformationResource) -> None:
    resource.delete()
    remove_orphan_items(draft)


def delete_area(draft: Organisation, area: ServiceArea) -> None:
    InformationResource.all_objects.filter(area=area).delete()
    area.delete()
    remove_orphan_items(draft)


def move(model: Any, row: Any, direction: int) -> None:
    """Swap a row with its neighbour in the list (areas: in the organisation; resources: in their area)."""
    siblings = model.all_objects.filter(organisation=row.organisation)
    if model is InformationResource:
        siblings = siblings.filter(area=row.area)
    ordered = list(siblings.order_by("position", "name"))
    index = ordered.index(row)
    other = index + direction
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, sibling in enumerate(ordered):
            if sibling.position != position:
                model.all_objects.filter(pk=sibling.pk).update(position=position)


def systems_of(draft: Organisation) -> list[Item]:
    """The draft's systems, which any resource may share (pick an existing system)."""
    return list(Item.all_objects.filter(organisation=draft, kind=ItemKind.SYSTEM).order_by("name"))
