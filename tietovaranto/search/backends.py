"""The database-specific half of search: which entries contain any of the terms, best first.

SQLite uses the FTS5 table `search_fts` (external content: the term columns of
search_searchentry) and bm25 with per-column weights; PostgreSQL a tsvector document per field
(name, items, criteria, description), each with a GIN index, and ts_rank weighted by field. Both
are filled by triggers from search_searchentry (migrations 0003, 0006, 0007, 0014 and 0015). The
final order is decided in Python (services.py), the same on both databases; the ranks here only
choose which candidates are scored. The facet counts come from the matching ids and each entry's
facet values held in memory (EntryFacets).
"""

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import OperationalError, connection, transaction

from tietovaranto.search import postings, prepared
from tietovaranto.search.postings import CommonPostings
from tietovaranto.search.prepared import Prepared

# name, items, criteria, description: the same order of importance as the Python ranking
SQLITE_BM25_WEIGHTS = "10.0, 6.0, 3.0, 1.0"
SQLITE_COLUMNS = ("name_terms", "items_terms", "criteria_terms", "description_terms")
# PostgreSQL: each field's terms as a document of its own, with a GIN index (migrations 0007 and
# 0015): a tier's matches are read from its small index and ranked on its small document. One
# document of every term could not tell its fields apart (its lexemes have no positions, which is
# where tsvector keeps weights), and writing it was a third of a rebuild's work in the database.
POSTGRES_FIELD_DOCUMENTS = (
    "e.name_document",
    "e.items_document",
    "e.criteria_document",
    "e.description_document",
)
POSTGRES_TIER_DOCUMENTS = POSTGRES_FIELD_DOCUMENTS[:3]
# A match in any field: in one of the field documents
ANY_FIELD = "any field"
# PostgreSQL: the rank of a match in any field is the weighted sum of its ranks in each
POSTGRES_RANK_WEIGHTS = (1.0, 0.6, 0.3, 0.1)


@dataclass(frozen=True)
class Filters:
    organisation_id: int | None = None
    area_id: int | None = None
    interface_status: str | None = None
    # any of these: the organisations named in the query, or every one of a kind it names (hundreds)
    organisation_ids: frozenset[int] = frozenset()

    @property
    def active(self) -> bool:
        return bool(self.organisation_ids) or any(
            value is not None for value in (self.organisation_id, self.area_id, self.interface_status)
        )

    def admits(self, organisation: int, area: int | None, status: str) -> bool:
        return (
            (not self.organisation_ids or organisation in self.organisation_ids)
            and self.organisation_id in (None, organisation)
            and self.area_id in (None, area)
            and self.interface_status in (None, status)
        )


def _fts5_query(terms: Iterable[str]) -> str:
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in sorted(terms))


def _tsquery(terms: Iterable[str]) -> str:
    return " | ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in sorted(terms))


def _in_any_field(query: str) -> str:
    return "(" + " OR ".join(f"{document} @@ {query}::tsquery" for document in POSTGRES_FIELD_DOCUMENTS) + ")"


def _postgres_condition(document: str, words: int = 0) -> str:
    """Where PostgreSQL's tier matches, on search_document e: its query ($1) in `document` (or in any
    field), or (`words` > 0) every one of that many words' queries ($2, $3 …) in any field.

    PostgreSQL searches the narrow table search_document (migration 0003): its small rows keep
    the tsvectors inline, so the planner uses the GIN indexes instead of scanning TOASTed documents.
    """
    if words:
        return " AND ".join(_in_any_field(f"${n}") for n in range(2, words + 2))
    return _in_any_field("$1") if document == ANY_FIELD else f"{document} @@ $1::tsquery"


def _postgres_rank(document: str) -> str:
    """PostgreSQL's rank of a match of the query $1 in `document`, or in any field (weighted)."""
    if document != ANY_FIELD:
        return f"ts_rank({document}, $1::tsquery)"
    parts = zip(POSTGRES_FIELD_DOCUMENTS, POSTGRES_RANK_WEIGHTS, strict=True)
    return " + ".join(f"ts_rank({part}, $1::tsquery) * {weight}" for part, weight in parts)


def query_text(terms: Iterable[str]) -> str:
    return _tsquery(terms) if connection.vendor == "postgresql" else _fts5_query(terms)


# (dimension, value, count): dimension 1 organisation id, 2 interface status, 3 area id
FacetRow = tuple[int, int | str, int]

# Beyond this many matches the candidates are picked tier by tier (below) rather than by ranking
# every match: bm25 over thousands of rows was most of a common word's search time.
RANK_ALL_LIMIT = 100
RANK_TIER_LIMIT = 300  # a tier larger than this is taken in id order, unranked


@dataclass(frozen=True)
class EntryFacets:
    """Every index entry's organisation, area and interface status, held in memory per index
    generation: the facet counts and filters of a search are then a pass over the matching ids,
    with no join to the (wide) entry rows."""

    organisation_of: dict[int, int]  # entry id -> organisation id
    area_of: dict[int, int | None]
    status_of: dict[int, str]

    @classmethod
    def load(cls) -> "EntryFacets":
        source, id_column = _plain_source()
        organisation_of: dict[int, int] = {}
        area_of: dict[int, int | None] = {}
        status_of: dict[int, str] = {}
        statuses: dict[str, str] = {}  # one string object per status, not one per entry
        with connection.cursor() as cursor:
            # covered by the (organisation, area, interface_status) index: no wide rows are read
            cursor.execute(
                f"SELECT {id_column}, e.organisation_id, e.area_id, e.interface_status FROM {source}"
            )
            for entry_id, organisation, area, status in cursor.fetchall():
                organisation_of[entry_id] = organisation
                area_of[entry_id] = area
                status_of[entry_id] = statuses.setdefault(status, status)
        return cls(organisation_of, area_of, status_of)

    def within(self, ids: list[int], filters: Filters) -> list[int]:
        if not filters.active:
            return ids
        organisation, area, status = self.organisation_of, self.area_of, self.status_of
        return [i for i in ids if filters.admits(organisation[i], area[i], status[i])]

    def counts(self, ids: list[int]) -> list[FacetRow]:
        """Counts per organisation and per interface status; per area only within one organisation
        (across several they mean nothing, and would be thousands of rows at national scale)."""
        # Counter over map() counts in C: thousands of ids in a fraction of a millisecond
        organisations = Counter(map(self.organisation_of.__getitem__, ids))
        rows: list[FacetRow] = [(1, organisation, n) for organisation, n in organisations.items()]
        rows += [(2, status, n) for status, n in Counter(map(self.status_of.__getitem__, ids)).items()]
        if len(organisations) == 1:
            areas = Counter(map(self.area_of.__getitem__, ids))
            rows += [(3, area, n) for area, n in areas.items() if area is not None]
        return rows


@dataclass(frozen=True)
class Matches:
    candidate_ids: list[int]  # best database rank first
    facet_rows: list[FacetRow]


def id_in(column: str, ids: list[int]) -> tuple[str, list[Any]]:
    """`column` is one of the ids: one array parameter on PostgreSQL (planned once, not per list
    length), a list of values on SQLite."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _sqlite_ids(fts_query: str) -> list[int]:
    """The ids of the matching entries, as one string: thousands of ids as rows cost more."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT group_concat(rowid) FROM search_fts WHERE search_fts MATCH %s", [fts_query])
        row = cursor.fetchone()
    return _id_list(row[0] if row else None)


def _id_list(listed: str | None) -> list[int]:
    """ "1,5,9" -> [1, 5, 9]: json parses thousands of ids in half the time of split and int."""
    return json.loads(f"[{listed}]") if listed else []


@dataclass(frozen=True)
class Tier:
    """One tier of candidates: the query that finds and ranks its entries (on SQLite restricted to a
    column) and, on PostgreSQL, the document it is matched and ranked against; `words`: on
    PostgreSQL, each word's query, every one of which must match in some field (the every-word
    tier, ranked by `query`, any of the terms)."""

    query: str
    document: str = ANY_FIELD
    words: tuple[str, ...] = ()


def _field_tier(terms: Iterable[str], column: int) -> Tier:
    """The terms in one ranked field (0 name … 3 description)."""
    if connection.vendor == "postgresql":
        return Tier(_tsquery(terms), POSTGRES_FIELD_DOCUMENTS[column])
    return Tier(f"{{{SQLITE_COLUMNS[column]}}} : ({_fts5_query(terms)})")


def _every_word(groups: list[frozenset[str]]) -> Tier:
    if connection.vendor == "postgresql":
        return Tier(_tsquery(set().union(*groups)), ANY_FIELD, tuple(_tsquery(group) for group in groups))
    return Tier(" AND ".join(f"({_fts5_query(group)})" for group in groups))


def ranked_sql(tier: Tier, within: list[int] | None, limit: int) -> tuple[str, list[Any]]:
    """The best `limit` entries of the tier by the database's rank (same field weights as the
    Python ranking), optionally only among the ids `within`."""
    if connection.vendor == "postgresql":
        args: list[Any] = [tier.query, *tier.words, limit]
        restriction = ""
        if within is not None:
            restriction = f" AND e.entry_id = ANY(${len(args) + 1})"
            args.append(list(within))
        return prepared.plain(
            f"SELECT e.entry_id, -({_postgres_rank(tier.document)}) AS r FROM search_document e "
            f"WHERE {_postgres_condition(tier.document, len(tier.words))}{restriction} "
            f"ORDER BY r, 1 LIMIT ${len(tier.words) + 2}",
            args,
        )
    params: list[Any] = [tier.query]
    restriction = ""
    if within is not None:
        # "+rowid": a filter on FTS5's rows, not a constraint handed to it (which would run the
        # full-text query once per listed id)
        in_list, listed = id_in("+search_fts.rowid", within)
        restriction = f" AND {in_list}"
        params.extend(listed)
    sql = (
        f"SELECT search_fts.rowid, bm25(search_fts, {SQLITE_BM25_WEIGHTS}) AS r FROM search_fts "
        f"WHERE search_fts MATCH %s{restriction} ORDER BY r, 1 LIMIT %s"
    )
    return sql, [*params, limit]


def _ranked(tier: Tier, within: list[int] | None, limit: int) -> list[int]:
    sql, params = ranked_sql(tier, within, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _tier_ids(
    tiers: list[Tier], all_ids: list[int], prefetched: dict[Tier, str | None] | None = None
) -> Iterator[tuple[list[int], dict[int, float] | None]]:
    """Each tier's ids, every entry only in the first tier it matches; asked of the index tier by
    tier (cheap: SQLite reads FTS5's doclists, PostgreSQL a small GIN index) until the caller has
    enough. Earlier tiers are left out here, not in the query: "NOT (earlier tiers)" made FTS5
    evaluate them all again. The last tier is every match left.

    With the ids, each one's rank when the tier query gave it: PostgreSQL ranks the name tier as it
    reads it (its documents are small), which saves a query to rank it. `prefetched`: PostgreSQL's
    answers already read with the matches (_postgres_reads), by tier."""
    seen: set[int] = set()
    for tier in tiers[:-1]:
        ranks = None
        if connection.vendor != "postgresql":
            tier_ids = _sqlite_ids(tier.query)
        else:
            read = _postgres_read(tier)
            listed = prefetched[tier] if prefetched and tier in prefetched else _postgres_reads([read])[0]
            if read.ranked:
                ranks = _rank_list(listed)
                tier_ids = list(ranks)
            else:
                tier_ids = _id_list(listed)
        ids = [entry_id for entry_id in tier_ids if entry_id not in seen]
        seen.update(ids)
        yield ids, ranks
    yield [entry_id for entry_id in all_ids if entry_id not in seen], None


@cache
def ids_statement(document: str, ranked: bool, words: int = 0) -> Prepared:
    """The ids of the entries matching the query $1 in `document` (or any field), or every one of
    `words` words' queries ($2 …) in any field; "id,rank" when `ranked`; all joined by ","."""
    listed = (
        f"e.entry_id::text || ',' || ({_postgres_rank(document)})::text" if ranked else "e.entry_id::text"
    )
    condition = _postgres_condition(document, words)
    sql = f"SELECT string_agg({listed}, ',') FROM search_document e WHERE {condition}"
    # "_ranks": ids and ranks as one list (an earlier version, "_ranked", paired them with spaces)
    kind = f"every_{words}" if words else document.removeprefix("e.").replace(" ", "_")
    return Prepared(f"tietovaranto_ids_{kind}{'_ranks' if ranked else ''}", sql, ("tsquery",) * (words + 1))


@dataclass(frozen=True)
class PostgresRead:
    """What _postgres_reads asks: the entries matching a tier's query, ranked or not."""

    tier: Tier
    ranked: bool = False

    @property
    def statement(self) -> Prepared:
        return ids_statement(self.tier.document, self.ranked, len(self.tier.words))

    def call(self) -> tuple[str, list[Any]]:
        return self.statement.call(self.tier.query, *self.tier.words)


def _postgres_read(tier: Tier) -> PostgresRead:
    """How a tier is read: the name tier is ranked as it is read."""
    return PostgresRead(tier, tier.document == POSTGRES_TIER_DOCUMENTS[0])


@dataclass
class ReadAlong:
    """A statement without parameters run with the next match reads (PostgreSQL), and its row."""

    statement: Prepared
    row: tuple[Any, ...] | None = None
    done: bool = False


_along = threading.local()


@contextmanager
def read_along(statement: Prepared) -> Iterator[ReadAlong]:
    """Run `statement` with this thread's next match reads on PostgreSQL, in their round trip and
    their snapshot; `done` stays False when nothing was read (SQLite, or no match read)."""
    along = ReadAlong(statement)
    _along.read = along
    try:
        yield along
    finally:
        _along.read = None


def _postgres_reads(reads: list[PostgresRead]) -> list[str | None]:
    """For each read: the entries whose `document` matches, as their ids, or "id,rank" when ranked,
    joined by ","; all in one round trip. With the database a 0.6 ms round trip away, this and
    reading the result page with the candidates made searches 7 % faster."""
    statements = [read.statement for read in reads]
    calls = [read.call() for read in reads]
    along: ReadAlong | None = getattr(_along, "read", None)
    if along is not None and along.done:
        along = None
    first = []
    if along is not None:
        first = [along.statement.call()]
        statements.append(along.statement)
    # The GIN index finds the matches; the planner, estimating many for a query of many words,
    # would otherwise read every document (30 ms instead of 7 at 10,500 resources). Statements
    # sent together run as one transaction, so SET LOCAL holds for these queries only (an
    # atomic block around separate statements cost four more round trips per search).
    sql = "; ".join(
        [
            *(call_sql for call_sql, _params in first),
            "SET LOCAL enable_seqscan = off",
            *(call_sql for call_sql, _params in calls),
            "SET LOCAL enable_seqscan = on",
        ]
    )
    params = [param for _sql, call_params in first + calls for param in call_params]
    listed: list[str | None] = []
    with connection.cursor() as cursor:
        prepared.execute(cursor, sql, params, statements)
        if along is not None:
            along.row, along.done = cursor.fetchone(), True
            cursor.cursor.nextset()  # to the SET
        for _statement in reads:
            cursor.cursor.nextset()  # from the previous result to this query's
            row = cursor.fetchone()
            listed.append(row[0] if row else None)
    return listed


def _rank_list(listed: str | None) -> dict[int, float]:
    """ "5,0.1,9,0.06" -> entry id -> ts_rank, in the order the index gave them (json parses the
    pairs of a common word's name tier in a third of the time of splitting them)."""
    flat = json.loads(f"[{listed}]") if listed else []
    return dict(zip(flat[::2], flat[1::2], strict=True))


def search_tiers(groups: list[frozenset[str]]) -> tuple[list[Tier], str]:
    """The tier queries (every word when there are several, then name, items, criteria,
    description) and the query of any term."""
    terms: set[str] = set().union(*groups) if groups else set()
    tiers = [_field_tier(terms, column) for column in range(4)]
    if len(groups) > 1:
        tiers.insert(0, _every_word(groups))
    return tiers, query_text(terms)


def match(
    groups: list[frozenset[str]],
    filters: Filters,
    limit: int,
    facets: EntryFacets,
    common: CommonPostings | None = None,
) -> Matches:
    """The entries containing any of the terms (`groups`: one set of terms per query word): the
    best `limit` ids and the facet counts. `common`: on PostgreSQL, the ids of the index's
    commonest terms (search/postings.py), read from memory instead of the table.

    With more matches than `limit`, the candidates come tier by tier: every query word matched,
    then a match in the name, in an item, in a search criterion, in the description. That is the
    Python ranking's own order of importance. Within a tier the database ranks when the tier is
    small enough; ranking every match of a common word was most of its search time.
    """
    groups = [group for group in groups if group]
    if not groups:
        return Matches([], [])
    tiers, any_term = search_tiers(groups)
    prefetched: dict[Tier, str | None] = {}
    if connection.vendor == "postgresql":
        # with the matches, the tiers most searches go on to read (up to the name tier): one round trip
        first = tiers[: next(n for n, t in enumerate(tiers) if t.document == POSTGRES_TIER_DOCUMENTS[0]) + 1]
        terms = set().union(*groups)
        in_memory = sorted(terms & common.spans.keys()) if common else []
        rest = terms.difference(in_memory)
        reads = [PostgresRead(Tier(_tsquery(rest)))] if rest else []
        listed = _postgres_reads(reads + [_postgres_read(tier) for tier in first])
        prefetched = dict(zip(first, listed[len(reads) :], strict=True))
        read_ids = _id_list(listed[0]) if rest else []
        all_ids = postings.union(common, in_memory, read_ids) if common and in_memory else read_ids
    else:
        all_ids = _sqlite_ids(any_term)
    try:
        ids = facets.within(all_ids, filters)
        facet_rows = facets.counts(ids)
    except KeyError as missing:  # an entry indexed after these facets were loaded
        raise StaleFacets from missing
    if len(ids) <= RANK_ALL_LIMIT:
        everything = Tier(any_term)
        return Matches(_ranked(everything, ids if filters.active else None, limit) if ids else [], facet_rows)
    admitted = set(ids) if filters.active else None
    candidates: list[int] = []
    for tier, (ids_of_tier, ranks) in zip(tiers, _tier_ids(tiers, all_ids, prefetched), strict=False):
        if admitted is not None:
            ids_of_tier = [entry_id for entry_id in ids_of_tier if entry_id in admitted]
        wanted = limit - len(candidates)
        if len(ids_of_tier) <= wanted:  # all of it is ranked in Python anyway
            candidates += sorted(ids_of_tier)
        elif ranks is not None and len(ids_of_tier) <= RANK_TIER_LIMIT:  # ranked as it was read
            candidates += sorted(ids_of_tier, key=lambda entry_id: (-ranks[entry_id], entry_id))[:wanted]
        elif len(ids_of_tier) <= RANK_TIER_LIMIT and connection.vendor == "sqlite" and admitted is None:
            # FTS5 ranks a tier's own matches sooner than it checks each against a list of ids: ask
            # for as many more as the earlier tiers gave (all of them are candidates), leave those out
            taken = set(candidates)
            candidates += [i for i in _ranked(tier, None, wanted + len(taken)) if i not in taken][:wanted]
        elif len(ids_of_tier) <= RANK_TIER_LIMIT:
            candidates += _ranked(tier, ids_of_tier, wanted)
        else:
            candidates += sorted(ids_of_tier)[:wanted]
        if len(candidates) >= limit:
            break
    return Matches(candidates, facet_rows)


class StaleFacets(Exception):
    """The index changed after the in-memory facets were loaded: load them again."""


def _plain_source() -> tuple[str, str]:
    if connection.vendor == "postgresql":
        return "search_document e", "e.entry_id"
    return "search_searchentry e", "e.id"


def all_entries(filters: Filters, limit: int, facets: EntryFacets) -> Matches:
    """Every entry within the filters (a query that only names an organisation): the first `limit`
    ids and the facet counts."""
    ids = sorted(facets.within(list(facets.organisation_of), filters))
    return Matches(ids[:limit], facets.counts(ids))


@dataclass
class EmptiedIndex:
    """The index during a rebuild, emptied, with what its entries were."""

    entry_ids: dict[int, int]  # resource id -> the id of its entry before the rebuild

    def index_full_text(self, resource_ids: list[int]) -> None:
        """Index the full text of these resources' new entries. On SQLite only: PostgreSQL keeps its
        triggers through a rebuild."""
        if connection.vendor != "sqlite" or not resource_ids:
            return
        columns = ", ".join(SQLITE_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO search_fts(rowid, {columns}) SELECT id, {columns} FROM search_searchentry "
                f"WHERE resource_id IN ({', '.join(['%s'] * len(resource_ids))})",
                resource_ids,
            )


def pending_document_indexes() -> list[str]:
    """PostgreSQL: the GIN indexes of search_document this role may maintain, largest first (two
    workers merging them finish closer together).

    New entries wait in their pending lists until autovacuum merges them, and every search scans
    those lists (the bench's search p95 was 13.7 ms right after a rebuild, 6.7 ms once merged): a
    rebuild merges them before it commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.oid::regclass::text
               FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
               WHERE i.indrelid = 'search_document'::regclass AND a.amname = 'gin'
                     AND pg_has_role(c.relowner, 'USAGE')
               ORDER BY pg_relation_size(c.oid) DESC, c.relname"""
        )
        return [name for (name,) in cursor.fetchall()]


# PostgreSQL: search_document's GIN indexes (migrations 0007 and 0015) and their documents, the
# largest first (two workers building them finish closer together)
DOCUMENT_GIN_INDEXES = {
    "search_document_items_gin": "items_document",
    "search_document_description_gin": "description_document",
    "search_document_name_gin": "name_document",
    "search_document_criteria_gin": "criteria_document",
}


def drop_document_indexes() -> list[str]:
    """PostgreSQL, in a transaction of its own (a first build's worker): drop the GIN indexes of
    search_document, for a first build to write its documents without them and then build them anew
    (create_document_index); returns the indexes to build, every one of DOCUMENT_GIN_INDEXES,
    including any a failed build left missing.

    Drops none and returns none when this role does not own the table (a site that migrates with
    another role), or when searches held it for a second: the build then fills the indexes' pending
    lists and merges them, as a rebuild does."""
    if not _owns_documents():
        return []
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL lock_timeout = '1s'")
                for name in DOCUMENT_GIN_INDEXES:
                    cursor.execute(f"DROP INDEX IF EXISTS {name}")
        except OperationalError:  # lock_timeout
            return []
    return list(DOCUMENT_GIN_INDEXES)


def create_document_index(name: str) -> None:
    """PostgreSQL: build one of DOCUMENT_GIN_INDEXES unless it exists."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON search_document USING gin ({DOCUMENT_GIN_INDEXES[name]})"
        )


def missing_document_indexes() -> list[str]:
    """PostgreSQL: those of DOCUMENT_GIN_INDEXES that a failed first build left dropped, if this role
    may build them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
               WHERE i.indrelid = 'search_document'::regclass"""
        )
        present = {name for (name,) in cursor.fetchall()}
    missing = [name for name in DOCUMENT_GIN_INDEXES if name not in present]
    return missing if missing and _owns_documents() else []


def _owns_documents() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = 'search_document'::regclass"
        )
        return bool(cursor.fetchone()[0])


def merge_pending(index: str) -> None:
    """Merge the pending list of one GIN index (PostgreSQL). The list holds index entries, whoever
    wrote them: another connection may merge what a rebuild's open transaction inserted."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


# merges the pending lists of the named indexes
PendingMerge = Callable[[list[str]], None]


def merge_here(indexes: list[str]) -> None:
    for index in indexes:
        merge_pending(index)


FTS5_AUTOMERGE = 4  # FTS5's default: segments of one level are merged four at a time
REBUILD_AUTOMERGE = 16  # the most FTS5 allows


@contextmanager
def emptied_for_rebuild(merge: PendingMerge = merge_here) -> Iterator[EmptiedIndex]:
    """Empty the index and let the caller fill it, calling `index_full_text` after each batch of
    entries it inserts. On PostgreSQL `merge` merges the GIN indexes' pending lists at the end (by
    default here, one after another; a parallel rebuild has its workers merge them side by side).

    On SQLite the full-text triggers are dropped for the duration, and FTS5 indexes each batch in one
    statement (a trigger call per entry was half of a rebuild; one 'rebuild' at the end ran alone
    after the workers had finished, a tenth of the command). PostgreSQL keeps its triggers: its
    DELETE leaves searches reading the old index until the rebuild commits. Must run in the
    caller's transaction, so that a failure leaves the old index and triggers whole.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("an index rebuild must run in a transaction")
    with connection.cursor() as cursor:
        cursor.execute("SELECT resource_id, id FROM search_searchentry")
        emptied = EmptiedIndex(dict(cursor.fetchall()))
        if connection.vendor != "sqlite":
            cursor.execute("DELETE FROM search_searchentry")
            yield emptied
            merge(pending_document_indexes())
            # after the merge, by this transaction: the workers' connections would not see them
            for name in missing_document_indexes():
                create_document_index(name)
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'search_searchentry'"
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute("DELETE FROM search_searchentry")
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
        # Each batch becomes a segment of the FTS5 index. Merged four at a time as they come (FTS5's
        # default), merging was a fifth of the full-text indexing; sixteen at a time, the bench
        # catalog's 15 stay unmerged and searches are as fast (the command: CPU 1.86 -> 1.79 s, wall
        # 1.20 -> 1.17 s, 2 x 10 rounds alternating); later edits merge them four at a time again.
        cursor.execute(f"INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', {REBUILD_AUTOMERGE})")
        yield emptied
        cursor.execute(f"INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', {FTS5_AUTOMERGE})")
        for _name, sql in triggers:
            cursor.execute(sql)
