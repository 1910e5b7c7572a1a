"""Keeping the search index in step with the catalog.

Every catalog change schedules its organisation for re-indexing when the transaction commits; the
importer defers that and re-indexes once at the end. `rebuild-search-index` rebuilds everything.
"""

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F

from tietovaranto.catalog.models import InformationResource, Organisation
from tietovaranto.catalog.selectors import (
    FactResolver,
    ResourceFacts,
    organisations_public,
    resources_public,
)
from tietovaranto.search.analyzer import analyze_text
from tietovaranto.search.models import SearchEntry, SearchIndexState


def resource_field_texts(resource: InformationResource, facts: ResourceFacts) -> dict[str, list[str]]:
    """The texts of a resource per ranked field; the same texts are used for highlighting."""
    items = [link.item for link in resource.resource_items.all()]
    interface_texts = [statement.value.text for statement in facts.interface.values()]
    return {
        "name": [t for t in (resource.name, resource.name_sv, resource.name_en) if t],
        "items": [t for item in items for t in (item.name, item.name_sv, item.name_en, item.note) if t],
        "criteria": [
            t for c in facts.criteria for t in (c.value.name, c.value.name_sv, c.value.name_en) if t
        ],
        "description": [
            t
            for t in (
                resource.description,
                resource.description_sv,
                resource.description_en,
                resource.area.name if resource.area else "",
                *interface_texts,
            )
            if t
        ],
    }


def _terms(texts: list[str]) -> str:
    """Each text's terms once; a term in several texts repeats, so ranking can count the texts."""
    return " ".join(" ".join(sorted(analyze_text(text))) for text in texts)


def _entry_values(resource: InformationResource, facts: ResourceFacts) -> dict[str, object]:
    texts = resource_field_texts(resource, facts)
    status, _statement = facts.interface_summary()
    return {
        "organisation_id": resource.organisation_id,
        "area_id": resource.area_id,
        "interface_status": status,
        **{f"{name}_terms": _terms(field_texts) for name, field_texts in texts.items()},
        "texts": texts,
    }


def bump_generation() -> None:
    updated = SearchIndexState.objects.filter(pk=1).update(generation=F("generation") + 1)
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"generation": 1})


def bump_catalog_generation() -> None:
    updated = SearchIndexState.objects.filter(pk=1).update(catalog_generation=F("catalog_generation") + 1)
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"catalog_generation": 1})


def index_organisations(organisation_ids: Iterable[int]) -> int:
    """(Re)index every resource of these organisations; returns the number of resources indexed."""
    ids = sorted(set(organisation_ids))
    # a few organisations at a time keeps queries and memory bounded at national scale
    return sum(_index_chunk(ids[start : start + 10]) for start in range(0, len(ids), 10))


def _index_chunk(ids: list[int]) -> int:
    if not ids:
        return 0
    resources = list(resources_public().filter(organisation_id__in=ids))
    resolver = FactResolver(ids)
    existing = {e.resource_id: e for e in SearchEntry.objects.filter(organisation_id__in=ids)}
    changed = False
    with transaction.atomic():
        for resource in resources:
            values = _entry_values(resource, resolver.facts(resource))
            entry = existing.pop(resource.pk, None)
            if entry is None:
                SearchEntry.objects.create(resource=resource, **values)
                changed = True
            elif any(getattr(entry, key) != value for key, value in values.items()):
                SearchEntry.objects.filter(pk=entry.pk).update(**values)
                changed = True
        # Resources that moved to another organisation or were deleted
        deleted, _by_model = SearchEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
        if changed or deleted:
            bump_generation()
    return len(resources)


def rebuild_index() -> int:
    """Drop and rebuild the whole index, e.g. after an analyser change."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        return index_organisations(organisations_public().values_list("pk", flat=True))


# Scheduling from signals: every save asks for a re-index after commit; the first callback of a
# transaction does the work and the rest find nothing left. A rolled-back transaction's callbacks are
# dropped by Django, and its leftover ids are simply indexed with the next commit.
_local = threading.local()


def _pending() -> set[int]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    pending: set[int] = _local.pending
    return pending


def _flush() -> None:
    pending = _pending()
    ids = set(pending)
    pending.clear()
    if ids:
        index_organisations(ids)


def schedule_organisation(organisation_id: int) -> None:
    if getattr(_local, "deferred", 0):
        return  # the importer and publishing, which write drafts or set `published_at` themselves
    if Organisation.objects.filter(pk=organisation_id).exists():  # a live row changed, not a draft's
        bump_catalog_generation()  # in the same transaction: cached public pages switch with it
    _pending().add(organisation_id)
    transaction.on_commit(_flush)  # runs at once when no transaction is open


@contextmanager
def indexing_deferred() -> Iterator[None]:
    """Suppress per-save re-indexing, e.g. in the importer, which indexes once at the end."""
    _local.deferred = getattr(_local, "deferred", 0) + 1
    try:
        yield
    finally:
        _local.deferred -= 1
