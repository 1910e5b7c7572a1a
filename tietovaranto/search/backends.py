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

    def sql(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
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


def _match_sql() -> tuple[str, str, str]:
    """FROM clause, WHERE condition and rank expression for the current backend."""
    if connection.vendor == "postgresql":
        return (
            "search_searchentry e",
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


def candidate_entry_ids(terms: set[str], filters: Filters, limit: int) -> list[int]:
    """Ids of entries containing any of the terms, best database rank first."""
    if not terms:
        return []
    source, condition, rank = _match_sql()
    where, filter_params = filters.sql()
    query = _query_text(terms)
    rank_params = [query] if "%s" in rank else []
    sql = f"SELECT e.id FROM {source} WHERE {condition}{where} ORDER BY {rank}, e.id LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *filter_params, *rank_params, limit])
        return [row[0] for row in cursor.fetchall()]


def facet_counts(terms: set[str], filters: Filters) -> list[tuple[int, int | None, str, int]]:
    """(organisation id, area id, interface status, number of matching entries) for the facets."""
    if not terms:
        return []
    source, condition, _rank = _match_sql()
    where, filter_params = filters.sql()
    sql = (
        f"SELECT e.organisation_id, e.area_id, e.interface_status, COUNT(*) FROM {source} "
        f"WHERE {condition}{where} GROUP BY e.organisation_id, e.area_id, e.interface_status"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_query_text(terms), *filter_params])
        return [(row[0], row[1], row[2], row[3]) for row in cursor.fetchall()]
