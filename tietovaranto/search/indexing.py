"""Keeping the search index in step with the catalog.

Every catalog change schedules its organisation for re-indexing when the transaction commits; the
importer defers that and re-indexes once at the end. `rebuild-search-index` rebuilds everything.
"""

import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.pool import AsyncResult
from typing import Any

from django.db import connection, transaction
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
from tietovaranto.search.models import JSONTextField, SearchEntry, SearchIndexState

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


def _entry_values(
    resource: IndexedResource,
    facts: ResourceFacts,
    texts: dict[str, list[str]],
    analysed: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """The entry's column values; `texts`: resource_field_texts; `analysed`: every one of them
    already analysed (text -> its terms), else they are analysed here."""
    status, _statement = facts.interface_summary()
    terms_of: Callable[[str], str] = analysed.__getitem__ if analysed is not None else _text_terms
    return {
        "organisation_id": resource.organisation_id,
        "area_id": resource.area_id,
        "resource_name": resource.names[0],
        "resource_position": resource.position,
        "interface_status": status,
        "card": resource.card(),
        **{f"{name}_terms": " ".join(map(terms_of, field_texts)) for name, field_texts in texts.items()},
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
# With two, the command waited on its workers for a tenth of the rebuild (the rest is its own
# reading and writing): more than a few only fork.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Analysing processes for a rebuild: one per CPU this process may use (a container's CPU set),
    at most MAX_DEFAULT_WORKERS."""
    return min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS)


def index_organisations(
    organisation_ids: Iterable[int], entry_ids: dict[int, int] | None = None, workers: int = 1
) -> int:
    """(Re)index every resource of these organisations; returns the number of resources indexed.

    `entry_ids`: resource id -> the id its entry had before a rebuild emptied the index, to keep.
    `workers` > 1: analyse the texts in that many processes while this one reads and writes the
    database (a rebuild; they are forked, so only from a process without other threads).
    """
    ids = sorted(set(organisation_ids))
    chunks = [ids[start : start + CHUNK_ORGANISATIONS] for start in range(0, len(ids), CHUNK_ORGANISATIONS)]
    if workers <= 1 or len(chunks) <= 1:
        return sum(_write_chunk(_read_chunk(chunk), entry_ids) for chunk in chunks)
    analyze_text("tietovaranto")  # Voikko loaded once, here, and shared with the forked workers
    indexed = 0
    with multiprocessing.get_context("fork").Pool(workers) as pool:

        def write(chunk: _Chunk, texts: list[str], analysing: AsyncResult[list[list[str]]]) -> int:
            analysed = dict(zip(texts, itertools.chain.from_iterable(analysing.get()), strict=True))
            return _write_chunk(chunk, entry_ids, analysed)

        # the workers analyse a chunk while this process reads the next and writes the one before
        pending: tuple[_Chunk, list[str], AsyncResult[list[list[str]]]] | None = None
        for chunk_ids in chunks:
            chunk = _read_chunk(chunk_ids)
            texts = list(
                dict.fromkeys(
                    t for resource_texts in chunk.texts for field in resource_texts.values() for t in field
                )
            )
            analysing = pool.map_async(_analysed_texts, _shares(texts, workers))
            if pending is not None:
                indexed += write(*pending)
            pending = (chunk, texts, analysing)
        if pending is not None:
            indexed += write(*pending)
    return indexed


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


def _shares(texts: list[str], parts: int) -> list[list[str]]:
    """`texts` in `parts` consecutive pieces (the answers are joined back in this order)."""
    size = -(-len(texts) // parts)
    return [texts[start : start + size] for start in range(0, len(texts), size)] if texts else []


def _analysed_texts(texts: list[str]) -> list[str]:
    """In a worker process: each text's terms."""
    return [_text_terms(text) for text in texts]


def _write_chunk(
    chunk: _Chunk, entry_ids: dict[int, int] | None, analysed: Mapping[str, str] | None = None
) -> int:
    """Write a chunk's entries; `entry_ids` (a rebuild): as in index_organisations."""
    ids = chunk.organisation_ids
    if not ids:
        return 0
    # a rebuild emptied the index: nothing to compare with
    existing: dict[int, SearchEntry] = (
        {}
        if entry_ids is not None
        else {e.resource_id: e for e in SearchEntry.objects.filter(organisation_id__in=ids)}
    )
    entry_ids = entry_ids or {}
    changed = False
    with transaction.atomic():
        new_entries = []
        for resource, facts, texts in zip(chunk.resources, chunk.facts, chunk.texts, strict=True):
            values = _entry_values(resource, facts, texts, analysed)
            entry = existing.pop(resource.pk, None)
            if entry is None:
                new_entries.append({"resource_id": resource.pk, **values})
            elif any(getattr(entry, key) != value for key, value in values.items()):
                SearchEntry.objects.filter(pk=entry.pk).update(**values)
                changed = True
        if new_entries:
            # An entry keeps its id through a rebuild: a search that read ids from the old index
            # just before the rebuild committed still finds their rows after it.
            kept = [
                {"id": entry_ids[e["resource_id"]], **e} for e in new_entries if e["resource_id"] in entry_ids
            ]
            for group in (kept, [e for e in new_entries if e["resource_id"] not in entry_ids]):
                if group:
                    _insert(group)
            changed = True
        # Resources that moved to another organisation or were deleted
        deleted, _by_model = SearchEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
        if changed or deleted:
            bump_generation()
    return len(chunk.resources)


# the entry's JSON columns (texts, card), written as their field writes them
JSON_FIELDS = {f.attname: f for f in SearchEntry._meta.concrete_fields if isinstance(f, JSONTextField)}


def _insert(entries: list[dict[str, object]]) -> None:
    """Plain INSERTs: bulk_create compiling ten thousand model instances was a fifth of a rebuild."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = [*entries[0], "indexed_at"]
    rows: list[list[Any]] = [
        [
            JSON_FIELDS[column].get_prep_value(value) if column in JSON_FIELDS else value
            for column, value in entry.items()
        ]
        + [now]
        for entry in entries
    ]
    table, column_list = SearchEntry._meta.db_table, ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one statement for all rows, where INSERTs were parsed and bound one by one
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})", rows)


def rebuild_index(workers: int = 1) -> int:
    """Drop and rebuild the whole index, e.g. after an analyser change; `workers`: as in
    index_organisations."""
    with transaction.atomic(), backends.emptied_for_rebuild() as entry_ids:
        return index_organisations(organisations_public().values_list("pk", flat=True), entry_ids, workers)


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
