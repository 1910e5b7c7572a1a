"""One organisation's description as a canonical, pk-free snapshot, and the way back to rows.

The same snapshot is the publication record, the draft preview's source of truth, the base of a
re-import merge and the content of a restore. Rows are identified by `uid`, never by pk, so a draft and
its live organisation share identities and a restored row keeps its old identity.
"""

import hashlib
import json
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from django.db import models

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
)

SCHEMA_VERSION = 1
Snapshot = dict[str, Any]

# Bookkeeping, not content: never part of a snapshot or a diff.
_NOT_CONTENT = {"id", "uid", "version", "created_at", "updated_at", "published_at", "draft_of"}

FACT_MODELS: dict[str, type[models.Model]] = {
    "criteria": SearchCriterion,
    "contacts": RequestContact,
    "deciders": Decider,
    "interface": InterfaceStatement,
}
FACT_KEYS = tuple(FACT_MODELS)


def normalise_text(value: str) -> str:
    """Text as typed: one kind of line ending, composed Unicode. Browsers send textareas with CRLF."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))


def content_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.is_relation and f.name not in _NOT_CONTENT and not f.name.startswith("history")
    ]


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _row(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: _value(getattr(instance, name)) for name in fields}


def catalog_snapshot(organisation: Organisation) -> Snapshot:
    """The whole description of one organisation (live or draft) in canonical form."""
    areas = list(
        ServiceArea.all_objects.filter(organisation=organisation).order_by("position", "name", "uid")
    )
    area_uid = {a.pk: str(a.uid) for a in areas}
    items = list(Item.all_objects.filter(organisation=organisation).order_by("kind", "name", "uid"))
    item_uid = {i.pk: str(i.uid) for i in items}
    resources = list(
        InformationResource.all_objects.filter(organisation=organisation).order_by("position", "name", "uid")
    )
    resource_uid = {r.pk: str(r.uid) for r in resources}
    links: dict[int, list[str]] = {r.pk: [] for r in resources}
    for link in ResourceItem.all_objects.filter(resource__organisation=organisation).order_by(
        "resource_id", "position", "pk"
    ):
        links[link.resource_id].append(item_uid[link.item_id])

    snapshot: Snapshot = {
        "schema": SCHEMA_VERSION,
        "organisation": _row(organisation, content_fields(Organisation)),
        "areas": [{"uid": str(a.uid), **_row(a, content_fields(ServiceArea))} for a in areas],
        "items": [{"uid": str(i.uid), **_row(i, content_fields(Item))} for i in items],
        "resources": [
            {
                "uid": str(r.uid),
                "area": area_uid.get(r.area_id) if r.area_id else None,
                **_row(r, content_fields(InformationResource)),
                "items": links[r.pk],
            }
            for r in resources
        ],
    }
    for key, model in FACT_MODELS.items():
        rows = model.all_objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        facts = [
            {
                "uid": str(row.uid),
                "area": area_uid.get(row.area_id) if row.area_id else None,
                "resource": resource_uid.get(row.resource_id) if row.resource_id else None,
                **_row(row, content_fields(model)),
            }
            for row in rows
        ]
        facts.sort(key=lambda f: (f["resource"] or "", f["area"] or "", f["position"], f["uid"]))
        snapshot[key] = facts
    return snapshot


def snapshot_hash(snapshot: Snapshot) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def upgrade_snapshot(snapshot: Snapshot) -> Snapshot:
    """Every stored snapshot is read through here; one small step per schema bump."""
    if snapshot.get("schema") != SCHEMA_VERSION:
        raise ValueError(f"unknown snapshot schema {snapshot.get('schema')!r}")
    return snapshot


# ---------------------------------------------------------------------------------------------
# Back to rows


@contextmanager
def _search_indexing_deferred() -> Iterator[None]:
    from tietovaranto.search.indexing import indexing_deferred

    with indexing_deferred():
        yield


def _assign(instance: models.Model, values: dict[str, Any], fields: Iterable[str]) -> bool:
    changed = False
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed = True
    return changed


def _save(instance: models.Model, reason: str) -> None:
    instance._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history
    instance.save()


def _park_unique_names(
    model: type[models.Model], organisation: Organisation, wanted: dict[str, dict]
) -> None:
    """Rows whose unique name or slug changes (or that will go) get a temporary one: no swap collides."""
    unique = [f for f in ("name", "slug") if f in content_fields(model)]
    for row in model.all_objects.filter(organisation=organisation):  # type: ignore[attr-defined]
        target = wanted.get(str(row.uid))
        if target is None or any(getattr(row, f) != target.get(f, getattr(row, f)) for f in unique):
            parked = {f: f"~{row.uid}" for f in unique}
            model.all_objects.filter(pk=row.pk).update(**parked)  # type: ignore[attr-defined]


def _upsert(
    model: type[models.Model],
    organisation: Organisation,
    rows: list[dict[str, Any]],
    reason: str,
    refs: dict[str, dict[str, models.Model]] | None = None,
) -> dict[str, Any]:
    fields = content_fields(model)
    existing = {str(r.uid): r for r in model.all_objects.filter(organisation=organisation)}  # type: ignore[attr-defined]
    result: dict[str, Any] = {}
    for data in rows:
        instance = existing.get(data["uid"])
        if instance is None:
            instance = model(organisation=organisation, uid=uuid.UUID(data["uid"]))  # type: ignore[misc]
            changed = True
            _assign(instance, data, fields)
        else:
            changed = _assign(instance, data, fields)
        for ref, targets in (refs or {}).items():
            wanted_uid = data.get(ref)
            target = targets[wanted_uid] if wanted_uid else None
            if getattr(instance, f"{ref}_id") != (target.pk if target else None):
                setattr(instance, ref, target)
                changed = True
        if changed:
            _save(instance, reason)
        result[data["uid"]] = instance
    return result


def _delete_absent(model: type[models.Model], organisation: Organisation, keep: Iterable[str]) -> int:
    keep_uids = [uuid.UUID(u) for u in keep]
    queryset = model.all_objects.filter(organisation=organisation).exclude(uid__in=keep_uids)  # type: ignore[attr-defined]
    deleted = 0
    for row in queryset:  # one by one so that history records the deletion
        row._change_reason = "removed"
        row.delete()
        deleted += 1
    return deleted


def apply_snapshot(organisation: Organisation, snapshot: Snapshot, *, reason: str) -> None:
    """Make the organisation's rows equal to the snapshot: update by uid, create, delete what is absent.

    Call inside a transaction. Only rows that differ are written, so unchanged rows keep their history.
    """
    snapshot = upgrade_snapshot(snapshot)
    with _search_indexing_deferred():
        org_fields = content_fields(Organisation)
        if _assign(organisation, snapshot["organisation"], org_fields):
            _save(organisation, reason)

        wanted_areas = {a["uid"]: a for a in snapshot["areas"]}
        wanted_items = {i["uid"]: i for i in snapshot["items"]}
        wanted_resources = {r["uid"]: r for r in snapshot["resources"]}
        for key, model in FACT_MODELS.items():
            _delete_absent(model, organisation, [f["uid"] for f in snapshot[key]])
        _delete_absent(InformationResource, organisation, wanted_resources)
        _delete_absent(Item, organisation, wanted_items)
        _park_unique_names(ServiceArea, organisation, wanted_areas)
        _park_unique_names(InformationResource, organisation, wanted_resources)
        _park_unique_items(organisation, wanted_items)

        areas = _upsert(ServiceArea, organisation, snapshot["areas"], reason)
        items = _upsert(Item, organisation, snapshot["items"], reason)
        resources = _upsert(
            InformationResource, organisation, snapshot["resources"], reason, refs={"area": areas}
        )
        _delete_absent(ServiceArea, organisation, wanted_areas)
        _sync_links(resources, items, snapshot["resources"])
        for key, model in FACT_MODELS.items():
            _upsert(model, organisation, snapshot[key], reason, refs={"area": areas, "resource": resources})


def _park_unique_items(organisation: Organisation, wanted: dict[str, dict]) -> None:
    for row in Item.all_objects.filter(organisation=organisation):
        target = wanted.get(str(row.uid))
        if target is not None and (row.kind, row.name) != (target["kind"], target["name"]):
            Item.all_objects.filter(pk=row.pk).update(name=f"~{row.uid}")


def _sync_links(
    resources: dict[str, InformationResource], items: dict[str, Item], rows: list[dict[str, Any]]
) -> None:
    current: dict[int, list[int]] = {r.pk: [] for r in resources.values()}
    for link in ResourceItem.all_objects.filter(resource__in=list(resources.values())).order_by(
        "position", "pk"
    ):
        current[link.resource_id].append(link.item_id)
    for data in rows:
        resource = resources[data["uid"]]
        wanted = [items[u].pk for u in data["items"]]
        if current[resource.pk] == wanted:
            continue
        ResourceItem.all_objects.filter(resource=resource).delete()
        ResourceItem.all_objects.bulk_create(
            [ResourceItem(resource=resource, item_id=pk, position=n) for n, pk in enumerate(wanted)]
        )


# ---------------------------------------------------------------------------------------------
# Differences


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots, readable by a records manager."""

    entity: str  # organisation, area, resource, item
    uid: str
    label: str  # the entity's name (new name when renamed)
    change: str  # added, removed, changed
    field: str = ""
    old: str = ""
    new: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def _named(row: dict[str, Any], field: str = "name") -> str:
    """A row's name in Finnish, else Swedish, else English (a description in Swedish has no Finnish)."""
    return str(row.get(field) or row.get(f"{field}_sv") or row.get(f"{field}_en") or "")


def _fact_text(key: str, fact: dict[str, Any]) -> str:
    if key == "criteria":
        return _named(fact)
    if key == "contacts":
        return f"{fact['kind']}: {fact['value']}"
    if key == "deciders":
        parts = [fact.get("authority", ""), _named(fact, "title"), fact.get("name", "")]
        parts += [fact.get("email", ""), fact.get("phone", "")]
        return ", ".join(p for p in parts if p)
    return f"{fact['aspect']}: {fact['status']}" + (f" – {fact['text']}" if fact.get("text") else "")


def _facts_by_scope(snapshot: Snapshot) -> dict[tuple[str, str], dict[str, list[str]]]:
    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for key in FACT_MODELS:
        for fact in snapshot[key]:
            if fact["resource"]:
                scope = ("resource", fact["resource"])
            elif fact["area"]:
                scope = ("area", fact["area"])
            else:
                scope = ("organisation", "")
            grouped.setdefault(scope, {}).setdefault(key, []).append(_fact_text(key, fact))
    return grouped


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def snapshot_diff(old: Snapshot | None, new: Snapshot) -> list[Change]:
    """What changed from `old` to `new`, entity by entity and field by field (matched by uid)."""
    empty: Snapshot = {"organisation": {}, "areas": [], "items": [], "resources": []}
    empty.update({k: [] for k in FACT_MODELS})
    old = old or empty
    changes: list[Change] = []
    org_label = str(new["organisation"].get("name") or old["organisation"].get("name", ""))
    for name in sorted(set(old["organisation"]) | set(new["organisation"])):
        before, after = old["organisation"].get(name), new["organisation"].get(name)
        if before != after and old["organisation"]:
            changes.append(
                Change("organisation", "", org_label, "changed", name, _text(before), _text(after))
            )

    def names(snapshot: Snapshot, key: str) -> dict[str, str]:
        return {row["uid"]: _named(row) for row in snapshot[key]}

    item_names = {**names(old, "items"), **names(new, "items")}
    area_names = {**names(old, "areas"), **names(new, "areas")}
    old_facts, new_facts = _facts_by_scope(old), _facts_by_scope(new)

    for entity, key in (("area", "areas"), ("item", "items"), ("resource", "resources")):
        before_rows = {row["uid"]: row for row in old[key]}
        after_rows = {row["uid"]: row for row in new[key]}
        for uid, row in after_rows.items():
            if uid not in before_rows:
                changes.append(Change(entity, uid, _named(row), "added"))
        for uid, row in before_rows.items():
            if uid not in after_rows:
                changes.append(Change(entity, uid, _named(row), "removed"))
        for uid, after in after_rows.items():
            before = before_rows.get(uid)
            if before is None:
                continue
            for name in after:
                if name == "uid" or before.get(name) == after.get(name):
                    continue
                if before.get(name) is None and after.get(name) == "":
                    continue  # a text field added since the earlier snapshot, still empty
                old_value, new_value = before.get(name), after.get(name)
                if name == "items":
                    old_value = [item_names.get(u, u) for u in old_value or []]
                    new_value = [item_names.get(u, u) for u in new_value or []]
                elif name == "area":
                    old_value = area_names.get(old_value or "", "")
                    new_value = area_names.get(new_value or "", "")
                changes.append(
                    Change(entity, uid, _named(after), "changed", name, _text(old_value), _text(new_value))
                )
    labels = {("resource", r["uid"]): _named(r) for r in old["resources"] + new["resources"]}
    labels.update({("area", a["uid"]): _named(a) for a in old["areas"] + new["areas"]})
    for scope in sorted(set(old_facts) | set(new_facts)):
        before_facts, after_facts = old_facts.get(scope, {}), new_facts.get(scope, {})
        entity, uid = scope
        for key in FACT_MODELS:
            if before_facts.get(key, []) != after_facts.get(key, []):
                label = labels.get(scope, org_label)
                changes.append(
                    Change(
                        entity,
                        uid,
                        label,
                        "changed",
                        key,
                        _text(before_facts.get(key, [])),
                        _text(after_facts.get(key, [])),
                    )
                )
    return changes
