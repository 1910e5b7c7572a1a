"""Statements PostgreSQL plans once per connection: what every search runs.

Django sends PostgreSQL plain SQL (client-side binding), which is planned on every run: for a
search's few statements that was a tenth of its time on the database. A `Prepared` statement is
PREPAREd on a connection the first time it is used there and then run by name (EXECUTE), in the
same batches as before.

A connection pooler in transaction mode (PgBouncer) may give each transaction another server
session, without the statements; and a migration may change what a prepared statement returns
while a web worker runs. A statement found missing, already there or out of date is prepared
again and the batch run again (outside a transaction; inside one the error stands). Behind such a
pooler, set DATABASE_PREPARED_STATEMENTS=0 to send plain SQL as before.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import DatabaseError, connection

_PLACEHOLDER = re.compile(r"\$(\d+)")
# invalid_sql_statement_name (not prepared in this session), duplicate_prepared_statement, and
# feature_not_supported: "cached plan must not change result type" after a migration altered a
# column the statement returns
_SESSION_CHANGED = {"26000", "42P05", "0A000"}
# the statements each (psycopg) connection has prepared
_prepared_on: "WeakKeyDictionary[Any, set[str]]" = WeakKeyDictionary()


@dataclass(frozen=True)
class Prepared:
    """A PostgreSQL statement with its parameters as $1, $2 … of `types`."""

    name: str
    sql: str
    types: tuple[str, ...] = ()

    def call(self, *args: Any) -> tuple[str, list[Any]]:
        """The SQL and parameters that run the statement in a batch: EXECUTE it by name, or (prepared
        statements off) its own SQL with %s placeholders."""
        if enabled():
            listed = f"({', '.join(['%s'] * len(self.types))})" if self.types else ""
            return f"EXECUTE {self.name}{listed}", list(args)
        return plain(self.sql, args)

    def preparation(self) -> str:
        types = f"({', '.join(self.types)})" if self.types else ""
        return f"PREPARE {self.name}{types} AS {self.sql}"


def plain(sql: str, args: Sequence[Any]) -> tuple[str, list[Any]]:
    """SQL with parameters as $1, $2 … (a parameter may be used more than once) as Django runs it:
    with %s placeholders and one value each."""
    return _PLACEHOLDER.sub("%s", sql), [args[int(n) - 1] for n in _PLACEHOLDER.findall(sql)]


def enabled() -> bool:
    return connection.vendor == "postgresql" and bool(getattr(settings, "DATABASE_PREPARED_STATEMENTS", True))


def execute(cursor: Any, sql: str, params: Sequence[Any], statements: Sequence[Prepared]) -> None:
    """cursor.execute(sql, params), where `sql` runs `statements` (their `call`): those this
    connection has not prepared are prepared first, in a round trip of their own."""
    if not enabled():
        cursor.execute(sql, params)
        return
    statements = list({statement.name: statement for statement in statements}.values())
    prepared = _prepared_on.setdefault(connection.connection, set())
    try:
        missing = [statement for statement in statements if statement.name not in prepared]
        if missing:
            cursor.execute("; ".join(statement.preparation() for statement in missing))
            prepared.update(statement.name for statement in missing)
        cursor.execute(sql, params)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) not in _SESSION_CHANGED:
            raise
        if connection.in_atomic_block:  # the transaction is aborted: nothing to try again in
            raise RuntimeError(
                "The statements search prepared in this database session are missing, already there "
                "or out of date, and inside a transaction they cannot be prepared again. Behind a "
                "connection pooler in transaction mode, set DATABASE_PREPARED_STATEMENTS=0; after a "
                "migration, restart the workers."
            ) from error
        # another server session than the one the statements were prepared in: start it afresh
        prepared.clear()
        cursor.execute("DEALLOCATE ALL; " + "; ".join(statement.preparation() for statement in statements))
        prepared.update(statement.name for statement in statements)
        cursor.execute(sql, params)
