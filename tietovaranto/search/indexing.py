"""Keeping the search index in step with the catalog.

Every catalog change schedules its organisation for re-indexing when the transaction commits; the
importer defers that and re-indexes once at the end. `rebuild-search-index` rebuilds everything.
"""

import gc
import multiprocessing
import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import F
from django.utils import timezone

from tietovaranto.catalog.models import (
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    ResourceItem,
    ScopedModel,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.catalog.selectors import FactResolver, interface_status, organisations_public
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
        name, name_sv, name_en = self.names
        return {
            "resource": {"slug": self.slug, "name": name, "name_sv": name_sv, "name_en": name_en},
            "organisation": self.organisation,
            "area": self.area,
        }


ITEM_QUERY_IDS = 5_000


def _indexed_resources(organisation_ids: list[int], foreign: "ForeignTexts") -> list[IndexedResource]:
    """The published resources of these organisations, with their items' texts, in id order; adds
    their Swedish and English texts (names, descriptions, items' names) to `foreign`.

    Plain SQL: a rebuild reads every resource and item of the catalog (the bench catalog's 84,000
    items: 0.31 s through the ORM, 0.18 s as plain SQL)."""
    ids = ", ".join(["%s"] * len(organisation_ids))
    resource = InformationResource._meta.db_table
    organisation = Organisation._meta.db_table
    area = ServiceArea._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT r.id, r.organisation_id, r.area_id, r.position, r.slug, r.name, r.name_sv,
                       r.name_en, r.description, r.description_sv, r.description_en, a.name, a.name_sv,
                       a.name_en
                FROM {resource} r JOIN {organisation} o ON o.id = r.organisation_id
                LEFT JOIN {area} a ON a.id = r.area_id
                WHERE r.organisation_id IN ({ids}) AND o.draft_of_id IS NULL
                      AND o.published_at IS NOT NULL
                ORDER BY r.id""",
            organisation_ids,
        )
        rows = cursor.fetchall()
        cursor.execute(
            f"SELECT id, slug, name, name_sv, name_en FROM {organisation} WHERE id IN ({ids})",
            organisation_ids,
        )
        # shown with every resource: read once per organisation and area
        organisations = {
            pk: {"slug": slug, **dict(zip(NAMES, names, strict=True))}
            for pk, slug, *names in cursor.fetchall()
        }
        areas: dict[int, dict[str, str]] = {}
        resources = {}
        for pk, organisation_id, area_id, position, slug, *texts in rows:
            if area_id is not None and area_id not in areas:
                areas[area_id] = dict(zip(NAMES, texts[6:9], strict=True))
            resources[pk] = IndexedResource(
                pk,
                organisation_id,
                area_id,
                position,
                slug,
                tuple(texts[:3]),  # type: ignore[arg-type]
                tuple(texts[3:6]),  # type: ignore[arg-type]
                organisations[organisation_id],
                None if area_id is None else areas[area_id],
            )
            if texts[1] or texts[2] or texts[4] or texts[5]:  # names and descriptions in sv, en
                foreign[organisation_id].update(t for t in (texts[1], texts[2], texts[4], texts[5]) if t)
        if not resources:
            return []
        # By the resources' ids: through their index, whether or not the tables have statistics yet.
        # Joined to the resources by organisation, a first build's PostgreSQL scanned the items of
        # every resource up to the chunk's last, chunk after chunk (its first build 1.358 -> 1.294 s).
        # A few thousand ids a query: SQLite takes at most 32,766 parameters, PostgreSQL 65,535.
        resource_ids = list(resources)
        texts_of = None
        for start in range(0, len(resource_ids), ITEM_QUERY_IDS):
            batch = resource_ids[start : start + ITEM_QUERY_IDS]
            cursor.execute(
                f"""SELECT ri.resource_id, i.name, i.name_sv, i.name_en, i.note
                    FROM {ResourceItem._meta.db_table} ri JOIN {Item._meta.db_table} i ON i.id = ri.item_id
                    WHERE ri.resource_id IN ({", ".join(["%s"] * len(batch))})
                    ORDER BY ri.resource_id, ri.position, ri.id""",
                batch,
            )
            for resource_id, name, name_sv, name_en, note in cursor.fetchall():
                if texts_of is None or resource_id != texts_of.pk:  # the rows come resource by resource
                    texts_of = resources[resource_id]
                texts_of.item_texts += [text for text in (name, name_sv, name_en, note) if text]
                if name_sv or name_en:
                    foreign[texts_of.organisation_id].update(t for t in (name_sv, name_en) if t)
    return list(resources.values())


# what resource_field_texts reads of the facts
INDEXED_FACTS: dict[type[ScopedModel], tuple[str, ...]] = {
    SearchCriterion: ("name", "name_sv", "name_en"),
    InterfaceStatement: ("aspect", "status", "text"),
}


def criteria_texts(criteria: list[Any]) -> tuple[list[str], set[str]]:
    """The names of search criteria in every language, in order, and which of them are Swedish or
    English."""
    return (
        [t for c in criteria for t in (c.name, c.name_sv, c.name_en) if t],
        {t for c in criteria for t in (c.name_sv, c.name_en) if t},
    )


def resource_field_texts(
    resource: IndexedResource, criteria: list[str], interface: list[Any]
) -> dict[str, list[str]]:
    """The texts of a resource per ranked field, given its search criteria's texts and its
    interface statements (as FactResolver.indexed gives them); the same texts are used for highlighting."""
    return {
        "name": [t for t in resource.names if t],
        "items": resource.item_texts,
        "criteria": criteria,
        "description": [
            t for t in (*resource.descriptions, resource.area_name, *(s.text for s in interface)) if t
        ],
    }


# Catalogs repeat their texts (the same item, area or interface sentence in many resources). Two
# caches of one argument each: such a cache finds its key fastest, in the hot loop of a rebuild.
@lru_cache(maxsize=20_000)
def _text_terms(text: str) -> str:
    return " ".join(sorted(analyze_text(text)))


@lru_cache(maxsize=5_000)
def _foreign_text_terms(text: str) -> str:
    return " ".join(sorted(analyze_text(text, finnish=False)))


def _field_terms(texts: list[str], foreign: set[str]) -> str:
    """A field's terms, its Swedish and English texts (`foreign`) analysed as such."""
    if not foreign:
        return " ".join(filter(None, map(_text_terms, texts)))
    return " ".join(filter(None, (_foreign_text_terms(t) if t in foreign else _text_terms(t) for t in texts)))


def bump_generation() -> None:
    updated = SearchIndexState.objects.filter(pk=1).update(generation=F("generation") + 1)
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"generation": 1})


def bump_catalog_generation() -> None:
    updated = SearchIndexState.objects.filter(pk=1).update(catalog_generation=F("catalog_generation") + 1)
    if not updated:
        SearchIndexState.objects.get_or_create(pk=1, defaults={"catalog_generation": 1})


# Some organisations at a time keeps queries and memory bounded at national scale; each chunk costs
# its queries and a hand-over to the writer (the bench catalog's rebuild command: 10 at a time
# 1.23 s, 20 at a time 1.18 s; no change on PostgreSQL, whose writing is the longer part)
CHUNK_ORGANISATIONS = 20
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """Processes for a rebuild: one per CPU this process may use (a container's CPU set), at most
    MAX_DEFAULT_WORKERS."""
    return min(len(os.sched_getaffinity(0)), MAX_DEFAULT_WORKERS)


def lock_index() -> None:
    """Take the index's lock, held until the transaction ends: every writer of the index takes it
    before it reads what it will write, and before any lock of its own on entries (deleting a catalog
    row deletes or changes its entries: search/signals.py takes it first). One lock, taken first
    everywhere, cannot deadlock.

    PostgreSQL: the index state row, FOR UPDATE; a catalog change holds it anyway from its first live
    change until it commits (bump_catalog_generation), and may index inside that transaction. Four
    re-indexings of one organisation at once failed 3 of 4 (the unique resource id) without it, and a
    rebuild beside them too. SQLite: nothing to take; its write transactions take turns from their
    start (transaction_mode IMMEDIATE)."""
    if connection.vendor == "sqlite":
        return
    if not connection.in_atomic_block:
        raise RuntimeError("the index is locked for a transaction")
    state = SearchIndexState.objects.select_for_update().filter(pk=1)
    if not state.exists():  # a new database: the first to create the row locks it
        SearchIndexState.objects.get_or_create(pk=1)
        state.all().exists()


def index_organisations(organisation_ids: Iterable[int]) -> int:
    """(Re)index every resource of these organisations; returns the number of resources indexed.

    Each chunk is read and written in one transaction under the index's lock (lock_index): two
    indexings of one organisation take turns and the second reads what the first wrote."""
    return sum(map(_index_chunk, _chunks(organisation_ids)))


def _index_chunk(organisation_ids: list[int]) -> int:
    with transaction.atomic():
        lock_index()
        return _write_chunk(_read_chunk(organisation_ids))


def rebuild_index(workers: int = 1) -> int:
    """Drop and rebuild the whole index, e.g. after an analyser change; returns the number of
    resources indexed.

    `workers` > 1: that many processes read the catalog, analyse it and build the entries while this
    one writes them. Only outside a transaction (else in this process): the workers read through
    connections of their own, which would not see what the caller's transaction wrote. On PostgreSQL
    into an empty index (a first build) the workers also write them (_rebuild).
    """
    with _collection_paused():
        if workers <= 1 or connection.in_atomic_block:
            return _rebuild(lambda chunks: map(_chunk_rows, chunks))
        return _rebuild_in_parallel(workers)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a rebuild: what it builds holds no reference cycles (a
    rebuild of the bench catalog left none to collect), and the collector scanning the growing rows
    and caches again and again was a tenth of the work. Forked workers inherit it off."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rebuild_in_parallel(workers: int) -> int:
    # Forked with no connection open, each worker opens its own: a connection inherited across a
    # fork would carry two processes' queries.
    connections.close_all()
    # Voikko and the JSON encoder loaded once, here, and shared with the forked workers (each
    # imported the encoder's library itself: 20-30 ms of a worker)
    analyze_text("tietovaranto")
    JSON_FIELDS["texts"].get_prep_value({})
    with _worker_processes(workers) as pool:

        def merge(indexes: list[str]) -> None:
            # PostgreSQL: the workers merge the pending lists side by side, where this process merged
            # them one after another while they idled (the end of a first build 0.21 -> 0.14 s)
            list(pool.map(backends.merge_pending, indexes))

        return _rebuild(
            lambda chunks: pool.map(_chunk_rows, chunks),
            merge,
            written_by_workers=lambda organisation_ids: _first_build(
                pool, _chunks(organisation_ids, workers)
            ),
        )


@contextmanager
def _worker_processes(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Forked worker processes. A worker that dies (killed for memory, say) fails the rebuild with
    BrokenProcessPool, and its transaction rolls back: multiprocessing.Pool waited for the dead
    worker's task forever. After a failure, the chunks not yet begun are dropped."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    try:
        # Every worker is forked at the first task: now, while this process has no connection open
        pool.submit(int).result()
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _first_build(pool: ProcessPoolExecutor, chunks: list[list[int]]) -> int:
    """PostgreSQL into an empty index: the workers write the chunks, each in a transaction of its own,
    without the GIN indexes of search_document, then build those anew side by side. Filling the four
    indexes' pending lists from two workers at once and merging them was more work than building them
    from the finished documents (first build 1.061 -> 1.020 s, 0.96x, 10 rounds alternating)."""
    dropped = pool.submit(backends.drop_document_indexes).result()
    try:
        indexed = sum(pool.map(_insert_chunk, chunks))
    except BrokenProcessPool:
        raise  # no worker left to build them: the next rebuild does (missing_document_indexes)
    except BaseException:
        _build_document_indexes(pool, dropped)  # the chunks committed so far are searched through them
        raise
    _build_document_indexes(pool, dropped)
    return indexed


def _build_document_indexes(pool: ProcessPoolExecutor, names: list[str]) -> None:
    list(pool.map(backends.create_document_index, names))


def _rebuild(
    rows_of: Callable[[list[list[int]]], Iterable[list["_Row"]]],
    merge: backends.PendingMerge = backends.merge_here,
    written_by_workers: Callable[[Iterable[int]], int] | None = None,
) -> int:
    """Empty the index and insert every chunk's rows as `rows_of` gives them, in one transaction.

    `written_by_workers`, on PostgreSQL into an empty index (a first build): it writes the
    organisations' entries itself instead, in chunks of its own, a transaction per chunk, while this
    transaction holds the index's lock, so that no other writer of the index comes between. No
    search has an old index to keep reading; each organisation is found as its chunk commits. A
    failure keeps the chunks committed so far, each organisation whole, and the command run again
    rebuilds them all in one transaction."""
    owned = not connection.in_atomic_block
    with transaction.atomic():
        lock_index()  # no other writer of the index until this one commits
        if owned:
            _commit_without_waiting()
        organisation_ids = organisations_public().values_list("pk", flat=True)
        if written_by_workers and connection.vendor == "postgresql" and not SearchEntry.objects.exists():
            indexed = written_by_workers(organisation_ids)
            merge(backends.pending_document_indexes())
        else:
            # the workers start on the first chunks while this process empties the index
            batches = rows_of(_chunks(organisation_ids))
            with backends.emptied_for_rebuild(merge) as emptied:
                indexed = sum(_insert_rows(rows, emptied) for rows in batches)
        bump_generation()
        return indexed


def _insert_chunk(organisation_ids: list[int]) -> int:
    """A first build's worker: write the entries of these organisations, which have none, in a
    transaction of its own (_rebuild holds the index's lock meanwhile)."""
    with transaction.atomic():
        return _insert_rows(_chunk_rows(organisation_ids))


def _commit_without_waiting() -> None:
    """PostgreSQL: the rebuild's own transaction commits without waiting for its write-ahead log to
    reach the disk (the catalog's writes keep waiting). The index is derived from the catalog: a
    crash in the moment after the commit can only lose the rebuild, and leaves the previous index,
    whole. That is the durability every commit has on SQLite here (WAL, synchronous=NORMAL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")


def _chunks(organisation_ids: Iterable[int], workers: int = 1) -> list[list[int]]:
    """The organisations in chunks of about CHUNK_ORGANISATIONS; with `workers` that write them
    (PostgreSQL's first build), as many chunks for each, of nearly one size, so that they finish
    together: 300 organisations in 15 chunks of 20 left one worker idle for the last chunk (first
    build 1.004 -> 0.966 s as 16 chunks of 18 or 19, 10 rounds alternating)."""
    ids = sorted(set(organisation_ids))
    if workers == 1:
        return [ids[start : start + CHUNK_ORGANISATIONS] for start in range(0, len(ids), CHUNK_ORGANISATIONS)]
    count = workers * max(1, -(-len(ids) // (workers * CHUNK_ORGANISATIONS)))
    size, larger = divmod(len(ids), count)
    ends = list(accumulate(size + (n < larger) for n in range(count)))
    return [ids[start:end] for start, end in zip([0, *ends[:-1]], ends, strict=True) if end > start]


# An entry's columns as read of its resource, in the order _read_chunk gives them (the card, a JSON
# column, last: _row encodes it)
SOURCE_COLUMNS = (
    "organisation_id",
    "area_id",
    "resource_name",
    "resource_position",
    "interface_status",
    "card",
)
# a resource's id, its entry's SOURCE_COLUMNS' values, its texts per field, and its organisation's
# Swedish and English texts
_Source = tuple[int, tuple[Any, ...], dict[str, list[str]], set[str]]


# An organisation's Swedish and English texts, which are analysed as such. Per organisation, which
# is always indexed whole: a text also written in Finnish there gets the Swedish and English stems
# in Finnish too (more terms, nothing lost), the same whichever organisations are indexed with it.
ForeignTexts = defaultdict[int, set[str]]


@dataclass
class _Chunk:
    """What indexing read of a few organisations: each resource's source of its entry."""

    organisation_ids: list[int]
    sources: list[_Source]


def _read_chunk(ids: list[int]) -> _Chunk:
    resolver = FactResolver(ids, columns=INDEXED_FACTS)
    sources: list[_Source] = []
    # id of a scope's criteria list -> their texts, and the Swedish and English ones
    texts_of_scope: dict[int, tuple[list[str], set[str]]] = {}
    foreign: ForeignTexts = defaultdict(set)
    for resource in _indexed_resources(ids, foreign):
        criteria: list[str] = []
        criteria_by_scope, interface = resolver.indexed(resource)
        for scope_criteria in criteria_by_scope:
            key = id(scope_criteria)
            if key not in texts_of_scope:
                texts_of_scope[key] = criteria_texts(scope_criteria)
                foreign[resource.organisation_id] |= texts_of_scope[key][1]
            criteria += texts_of_scope[key][0]
        known = (
            resource.organisation_id,
            resource.area_id,
            resource.names[0],
            resource.position,
            interface_status(interface),
            resource.card(),
        )
        texts = resource_field_texts(resource, criteria, interface)
        # the organisation's set, complete once the whole chunk is read
        organisation_foreign = foreign[resource.organisation_id]
        sources.append((resource.pk, known, texts, organisation_foreign))
    return _Chunk(ids, sources)


def _chunk_rows(organisation_ids: list[int]) -> list["_Row"]:
    """The entries of these organisations' resources, as inserted (in a worker in a parallel
    rebuild)."""
    return [_row(*source) for source in _read_chunk(organisation_ids).sources]


def _write_chunk(chunk: _Chunk) -> int:
    """Index a chunk into the live index: new entries inserted, changed ones updated, gone ones
    deleted. In the caller's transaction, the one the chunk was read in (_index_chunk)."""
    ids = chunk.organisation_ids
    if not ids:
        return 0
    existing = {e.resource_id: e for e in SearchEntry.objects.filter(organisation_id__in=ids)}
    changed = False
    new_rows = []
    for source in chunk.sources:
        row = _row(*source)
        entry = existing.pop(row[0], None)
        if entry is None:
            new_rows.append(row)
            continue
        values = _column_values(row)
        if any(getattr(entry, key) != value for key, value in values.items()):
            SearchEntry.objects.filter(pk=entry.pk).update(**values)
            changed = True
    if new_rows:
        _insert_rows(new_rows)
        changed = True
    # Resources that moved to another organisation or were deleted
    deleted, _by_model = SearchEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
    if changed or deleted:
        bump_generation()
    return len(chunk.sources)


# An entry as inserted: its values in ROW_COLUMNS' order, the JSON columns (texts, card) as text
_Row = list[Any]
ROW_COLUMNS = ("resource_id", *SOURCE_COLUMNS, *(f"{name}_terms" for name in FIELDS), "texts")
JSON_FIELDS = {f.attname: f for f in SearchEntry._meta.concrete_fields if isinstance(f, JSONTextField)}


_to_json = JSON_FIELDS["texts"].get_prep_value


def _row(resource_id: int, known: tuple[Any, ...], texts: dict[str, list[str]], foreign: set[str]) -> _Row:
    """The entry of a resource: its SOURCE_COLUMNS' values (`known`), and its texts per field with
    their terms; `foreign`: which texts are Swedish or English. Built as a list, without a dict of
    the columns on the way: a rebuild builds ten thousand of them."""
    *plain, card = known
    return [
        resource_id,
        *plain,
        _to_json(card),
        # a text of stop words alone has no terms: no empty term between two spaces
        *[_field_terms(texts[name], foreign) for name in FIELDS],
        _to_json(texts),
    ]


def _column_values(row: _Row) -> dict[str, Any]:
    """An entry's row as the model's attribute values (the JSON columns as Python values)."""
    return {
        column: JSON_FIELDS[column].to_python(value) if column in JSON_FIELDS else value
        for column, value in zip(ROW_COLUMNS[1:], row[1:], strict=True)
    }


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


@lru_cache(maxsize=4)
def _column_types(column_list: str) -> list[str]:
    """The database types of these entry columns ("bigint", "varchar", …), as binary COPY needs them."""
    fields = (SearchEntry._meta.get_field(column) for column in column_list.split(", "))
    return [field.db_type(connection).partition("(")[0] for field in fields]  # type: ignore[union-attr]


def _insert(column_list: str, rows: list[_Row]) -> None:
    table = SearchEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one statement for all rows, where INSERTs were parsed and bound one by one. Binary:
            # the texts go as they are, where the text format escaped and parsed them (rebuild 0.96x)
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(_column_types(column_list))
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
