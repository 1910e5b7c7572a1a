"""Keeping the search index in step with the catalog.

Every catalog change schedules its organisation for re-indexing when the transaction commits; the
importer defers that and re-indexes once at the end. `rebuild-search-index` rebuilds everything.
"""

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from tietovaranto.catalog.models import (
    InformationResource,
    InterfaceStatement,
    Organisation,
    ResourceItem,
    ScopedModel,
    SearchCriterion,
)
from tietovaranto.catalog.selectors import FactResolver, ResourceFacts, organisations_public
from tietovaranto.search import backends
from tietovaranto.search.analyzer import analyze_text
from tietovaranto.search.models import FIELDS, JSONTextField, SearchEntry, SearchIndexState

NAMES = ("name", "name_sv", "name_en")


@dataclass
class IndexedResource:
    """What the index reads of a resource: plain columns, no model instances (a rebuild at national
    scale read a quarter of a million of them)."""

    pk: int
    organisation_id: int
    area_id: int | None
    position: int
    slug: str
    names: tuple[str, str, str]  # fi, sv, en
    descriptions: tuple[str, str, str]
    organisation: dict[str, str]  # slug and NAMES, shared by the organisation's resources
    area: dict[str, str] | None  # NAMES, shared by the area's resources
    item_texts: list[str] = field(default_factory=list)  # every item's names and note, in order

    @property
    def area_name(self) -> str:
        return self.area["name"] if self.area else ""

    def card(self) -> dict[str, Any]:
        """What a search result shows of the resource, its organisation and area (slugs and names)."""
        return {
            "resource": {"slug": self.slug, **dict(zip(NAMES, self.names, strict=True))},
            "organisation": self.organisation,
            "area": self.area,
        }


def _indexed_resources(organisation_ids: list[int]) -> list[IndexedResource]:
    rows = (
        InformationResource.all_objects.filter(
            organisation_id__in=organisation_ids,
            organisation__draft_of__isnull=True,
            organisation__published_at__isnull=False,
        )
        .order_by("pk")
        .values_list(
            "pk",
            "organisation_id",
            "area_id",
            "position",
            "slug",
            "name",
            "name_sv",
            "name_en",
            "description",
            "description_sv",
            "description_en",
            "area__name",
            "area__name_sv",
            "area__name_en",
        )
    )
    # shown with every resource: read once per organisation and area
    organisations = {
        pk: {"slug": slug, **dict(zip(NAMES, names, strict=True))}
        for pk, slug, *names in Organisation.all_objects.filter(pk__in=organisation_ids).values_list(
            "pk", "slug", *NAMES
        )
    }
    areas: dict[int, dict[str, str]] = {}
    resources = {}
    for pk, organisation, area, position, slug, *texts in rows:
        if area is not None and area not in areas:
            areas[area] = dict(zip(NAMES, texts[6:9], strict=True))
        resources[pk] = IndexedResource(
            pk,
            organisation,
            area,
            position,
            slug,
            tuple(texts[:3]),  # type: ignore[arg-type]
            tuple(texts[3:6]),  # type: ignore[arg-type]
            organisations[organisation],
            None if area is None else areas[area],
        )
    items = (
        ResourceItem.all_objects.filter(resource_id__in=list(resources))
        .order_by("resource_id", "position", "pk")
        .values_list("resource_id", "item__name", "item__name_sv", "item__name_en", "item__note")
    )
    for resource_id, *texts in items:
        resources[resource_id].item_texts += [text for text in texts if text]
    return list(resources.values())


# what resource_field_texts reads of the facts
INDEXED_FACTS: dict[type[ScopedModel], tuple[str, ...]] = {
    SearchCriterion: ("name", "name_sv", "name_en"),
    InterfaceStatement: ("aspect", "status", "text"),
}


def resource_field_texts(resource: IndexedResource, facts: ResourceFacts) -> dict[str, list[str]]:
    """The texts of a resource per ranked field; the same texts are used for highlighting."""
    interface_texts = [statement.value.text for statement in facts.interface.values()]
    return {
        "name": [t for t in resource.names if t],
        "items": resource.item_texts,
        "criteria": [
            t for c in facts.criteria for t in (c.value.name, c.value.name_sv, c.value.name_en) if t
        ],
        "description": [t for t in (*resource.descriptions, resource.area_name, *interface_texts) if t],
    }


@lru_cache(maxsize=20_000)
def _text_terms(text: str) -> str:
    # catalogs repeat their texts (the same item, area or interface sentence in many resources)
    return " ".join(sorted(analyze_text(text)))


def _entry_values(known: dict[str, object], texts: dict[str, list[str]]) -> dict[str, object]:
    """The entry's column values: its SOURCE_COLUMNS (`known`) and its texts with their terms."""
    return {
        **known,
        **{f"{name}_terms": " ".join(map(_text_terms, field_texts)) for name, field_texts in texts.items()},
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


# a few organisations at a time keeps queries and memory bounded at national scale
CHUNK_ORGANISATIONS = 10
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Processes for a rebuild: one per CPU this process may use (a container's CPU set), at most
    MAX_DEFAULT_WORKERS."""
    return min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS)


def index_organisations(organisation_ids: Iterable[int]) -> int:
    """(Re)index every resource of these organisations; returns the number of resources indexed."""
    return sum(_write_chunk(_read_chunk(chunk)) for chunk in _chunks(organisation_ids))


def rebuild_index(workers: int = 1) -> int:
    """Drop and rebuild the whole index, e.g. after an analyser change; returns the number of
    resources indexed.

    `workers` > 1: that many processes read the catalog, analyse it and build the entries while this
    one writes them. Only outside a transaction (else in this process): the workers read through
    connections of their own, which would not see what the caller's transaction wrote.
    """
    if workers <= 1 or connection.in_atomic_block:
        return _rebuild(lambda chunks: map(_chunk_rows, chunks))
    # Forked with no connection open, each worker opens its own: a connection inherited across a
    # fork would carry two processes' queries.
    connections.close_all()
    analyze_text("tietovaranto")  # Voikko loaded once, here, and shared with the forked workers
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        return _rebuild(lambda chunks: pool.imap(_chunk_rows, chunks))


def _rebuild(rows_of: Callable[[list[list[int]]], Iterable[list["_Row"]]]) -> int:
    """Empty the index and insert every chunk's rows as `rows_of` gives them, in one transaction."""
    with transaction.atomic():
        # the workers start on the first chunks while this process empties the index
        batches = rows_of(_chunks(organisations_public().values_list("pk", flat=True)))
        with backends.emptied_for_rebuild() as emptied:
            indexed = sum(_insert_rows(rows, emptied) for rows in batches)
        bump_generation()
        return indexed


def _chunks(organisation_ids: Iterable[int]) -> list[list[int]]:
    ids = sorted(set(organisation_ids))
    return [ids[start : start + CHUNK_ORGANISATIONS] for start in range(0, len(ids), CHUNK_ORGANISATIONS)]


@dataclass
class _Chunk:
    """What indexing read of a few organisations: their resources, each one's facts and texts."""

    organisation_ids: list[int]
    resources: list[IndexedResource]
    facts: list[ResourceFacts]
    texts: list[dict[str, list[str]]]  # resource_field_texts


def _read_chunk(ids: list[int]) -> _Chunk:
    resources = _indexed_resources(ids)
    resolver = FactResolver(ids, columns=INDEXED_FACTS)
    facts = [resolver.facts(resource, contacts=False) for resource in resources]
    texts = [resource_field_texts(resource, fact) for resource, fact in zip(resources, facts, strict=True)]
    return _Chunk(ids, resources, facts, texts)


# An entry's columns as read of its resource, in the order _sources gives them
SOURCE_COLUMNS = (
    "organisation_id",
    "area_id",
    "resource_name",
    "resource_position",
    "interface_status",
    "card",
)


def _sources(chunk: _Chunk) -> list[tuple[int, dict[str, object], dict[str, list[str]]]]:
    """Each resource's id, its entry's SOURCE_COLUMNS, and its texts per field."""
    return [
        (
            resource.pk,
            dict(
                zip(
                    SOURCE_COLUMNS,
                    (
                        resource.organisation_id,
                        resource.area_id,
                        resource.names[0],
                        resource.position,
                        facts.interface_summary()[0],
                        resource.card(),
                    ),
                    strict=True,
                )
            ),
            texts,
        )
        for resource, facts, texts in zip(chunk.resources, chunk.facts, chunk.texts, strict=True)
    ]


def _chunk_rows(organisation_ids: list[int]) -> list["_Row"]:
    """The entries of these organisations' resources, as inserted (in a worker in a parallel
    rebuild)."""
    return [
        _row(resource_id, _entry_values(known, texts))
        for resource_id, known, texts in _sources(_read_chunk(organisation_ids))
    ]


def _write_chunk(chunk: _Chunk) -> int:
    """Index a chunk into the live index: new entries inserted, changed ones updated, gone ones
    deleted."""
    ids = chunk.organisation_ids
    if not ids:
        return 0
    existing = {e.resource_id: e for e in SearchEntry.objects.filter(organisation_id__in=ids)}
    changed = False
    with transaction.atomic():
        new_rows = []
        for resource_id, known, texts in _sources(chunk):
            values = _entry_values(known, texts)
            entry = existing.pop(resource_id, None)
            if entry is None:
                new_rows.append(_row(resource_id, values))
            elif any(getattr(entry, key) != value for key, value in values.items()):
                SearchEntry.objects.filter(pk=entry.pk).update(**values)
                changed = True
        if new_rows:
            _insert_rows(new_rows)
            changed = True
        # Resources that moved to another organisation or were deleted
        deleted, _by_model = SearchEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
        if changed or deleted:
            bump_generation()
    return len(chunk.resources)


# An entry as inserted: its values in ROW_COLUMNS' order, the JSON columns (texts, card) as text
_Row = list[Any]
ROW_COLUMNS = ("resource_id", *SOURCE_COLUMNS, *(f"{name}_terms" for name in FIELDS), "texts")
JSON_FIELDS = {f.attname: f for f in SearchEntry._meta.concrete_fields if isinstance(f, JSONTextField)}


def _row(resource_id: int, values: dict[str, object]) -> _Row:
    columns = {"resource_id": resource_id, **values}
    return [
        JSON_FIELDS[column].get_prep_value(columns[column]) if column in JSON_FIELDS else columns[column]
        for column in ROW_COLUMNS
    ]


def _insert_rows(rows: list[_Row], emptied: backends.EmptiedIndex | None = None) -> int:
    """Plain INSERTs (bulk_create compiling ten thousand model instances was a fifth of a rebuild);
    returns the number of rows.

    In a rebuild (`emptied`), an entry keeps the id it had before: a search that read ids from the
    old index just before the rebuild committed still finds their rows after it.
    """
    entry_ids = emptied.entry_ids if emptied else {}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    kept: list[_Row] = []
    new: list[_Row] = []
    for row in rows:
        entry_id = entry_ids.get(row[0])
        if entry_id is None:
            new.append([*row, now])
        else:
            kept.append([entry_id, *row, now])
    for columns, group in ((("id", *ROW_COLUMNS, "indexed_at"), kept), ((*ROW_COLUMNS, "indexed_at"), new)):
        if group:
            _insert(", ".join(columns), group)
    if emptied:
        emptied.index_full_text([row[0] for row in rows])
    return len(rows)


def _insert(column_list: str, rows: list[_Row]) -> None:
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one statement for all rows, where INSERTs were parsed and bound one by one
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", rows)


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
