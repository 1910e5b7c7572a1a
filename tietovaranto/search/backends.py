"""The database-specific half of search: which entries contain any of the terms, best first.

SQLite uses the FTS5 table `search_fts` and bm25 with per-column weights; PostgreSQL a weighted
tsvector column `document` with a GIN index and ts_rank. Both are filled by triggers from
search_searchentry (migration 0002). The final order is decided in Python (services.py), the same
on both databases; the ranks here only choose which candidates are scored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection

# name, items, criteria, description: the same order of importance as the Python ranking
SQLITE_BM25_WEIGHTS = "10.0, 6.0, 3.0, 1.0"
POSTGRES_RANK_WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"  # D, C, B, A


@dataclass(frozen=True)
class Filters:
    organisation_id: int | None = None
    area_id: int | None = None
    interface_status: str | None = None
    organisation_ids: tuple[int, ...] = ()  # any of these (organisations named in the query)

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.organisation_ids:
            clauses.append(f"e.organisation_id IN ({', '.join(['%s'] * len(self.organisation_ids))})")
            params.extend(self.organisation_ids)
        for column, value in (
            ("organisation_id", self.organisation_id),
            ("area_id", self.area_id),
            ("interface_status", self.interface_status),
        ):
            if value is not None:
                clauses.append(f"e.{column} = %s")
                params.append(value)
        return "".join(f" AND {clause}" for clause in clauses), params


def _fts5_query(terms: Iterable[str]) -> str:
    return " OR ".join('"' + term.replace('"', '""') + '"' for term in sorted(terms))


def _tsquery(terms: Iterable[str]) -> str:
    return " | ".join("'" + term.replace("\\", "\\\\").replace("'", "''") + "'" for term in sorted(terms))


def _match_source() -> tuple[str, str, str]:
    """FROM clause, WHERE condition and rank expression for the current backend.

    PostgreSQL searches the narrow table search_document (migration 0003): its small rows keep
    the tsvector inline, so the planner uses the GIN index instead of scanning TOASTed documents.
    """
    if connection.vendor == "postgresql":
        return (
            "search_document e",
            "e.document @@ %s::tsquery",
            f"-ts_rank('{POSTGRES_RANK_WEIGHTS}', e.document, %s::tsquery)",
        )
    return (
        "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid",
        "search_fts MATCH %s",
        f"bm25(search_fts, {SQLITE_BM25_WEIGHTS})",
    )


def _query_text(terms: Iterable[str]) -> str:
    return _tsquery(terms) if connection.vendor == "postgresql" else _fts5_query(terms)


# (dimension, value, count): dimension 1 organisation id, 2 interface status, 3 area id
FacetRow = tuple[int, int | str, int]

# The counts per facet from the matching rows `m` (o, a, s). Areas only within one organisation:
# across several they mean nothing (and would be thousands of rows at national scale).
FACET_SELECTS = (
    "SELECT 1 AS kind, o AS k, NULL AS s, COUNT(*) AS n FROM m GROUP BY o "
    "UNION ALL SELECT 2, NULL, s, COUNT(*) FROM m GROUP BY s "
    "UNION ALL SELECT 3, a, NULL, COUNT(*) FROM m "
    "WHERE a IS NOT NULL AND (SELECT COUNT(DISTINCT o) FROM m) = 1 GROUP BY a"
)


@dataclass(frozen=True)
class Matches:
    candidate_ids: list[int]  # best database rank first
    facet_rows: list[FacetRow]


def match_sql(terms: set[str], filters: Filters, limit: int) -> tuple[str, list[Any]]:
    """One MATCH for both the candidates and the facet counts: the matching rows are materialised
    once, then the best `limit` of them and their counts per facet value are read from it."""
    source, condition, rank = _match_source()
    where, filter_params = filters.sql()
    query = _query_text(terms)
    id_column = "e.entry_id" if connection.vendor == "postgresql" else "e.id"
    rank_params = [query] if "%s" in rank else []
    materialized = "MATERIALIZED " if connection.vendor == "sqlite" else ""
    sql = (
        f"WITH m AS {materialized}(SELECT {id_column} AS id, e.organisation_id AS o, e.area_id AS a, "
        f"e.interface_status AS s, {rank} AS r FROM {source} WHERE {condition}{where}) "
        "SELECT * FROM (SELECT 0 AS kind, id AS k, CAST(NULL AS varchar(10)) AS s, r AS n "
        "FROM m ORDER BY r, id LIMIT %s) c "
        f"UNION ALL SELECT * FROM ({FACET_SELECTS}) f"
    )
    return sql, [*rank_params, query, *filter_params, limit]


def _facet_row(kind: int, key: int | None, status: str | None, count: float) -> FacetRow:
    return (kind, str(status) if kind == 2 else int(key or 0), int(count))


def match(terms: set[str], filters: Filters, limit: int) -> Matches:
    """The entries containing any of the terms: the best `limit` ids and the facet counts."""
    if not terms:
        return Matches([], [])
    sql, params = match_sql(terms, filters, limit)
    candidates: list[int] = []
    facets: list[FacetRow] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, status, value in cursor.fetchall():
            if kind == 0:
                candidates.append(key)
            else:
                facets.append(_facet_row(kind, key, status, value))
    return Matches(candidates, facets)


def _plain_source() -> tuple[str, str]:
    if connection.vendor == "postgresql":
        return "search_document e", "e.entry_id"
    return "search_searchentry e", "e.id"


def all_entries(filters: Filters, limit: int) -> list[int]:
    """Every entry within the filters (a query that only names an organisation)."""
    source, id_column = _plain_source()
    where, params = filters.sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {id_column} FROM {source} WHERE 1 = 1{where} ORDER BY 1 LIMIT %s", [*params, limit]
        )
        return [row[0] for row in cursor.fetchall()]


def facet_counts_all(filters: Filters) -> list[FacetRow]:
    source, _id_column = _plain_source()
    where, params = filters.sql()
    materialized = "MATERIALIZED " if connection.vendor == "sqlite" else ""
    sql = (
        f"WITH m AS {materialized}(SELECT e.organisation_id AS o, e.area_id AS a, e.interface_status AS s "
        f"FROM {source} WHERE 1 = 1{where}) {FACET_SELECTS}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [_facet_row(*row) for row in cursor.fetchall()]
