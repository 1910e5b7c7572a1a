"""PostgreSQL: the whole document gives way to a document of the description's terms.

The whole document held every field's terms, the name's, items' and criteria's a second time beside
their own documents (migration 0007): of the bench catalog's 1.10 million GIN entries, 0.32 million
were such copies, and writing them was a third of a rebuild's work in the database (1.05 → 0.73 s).
A match anywhere is now a match in any of the four field documents (search/backends.py).
"""

import importlib

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on

_STATEMENTS = importlib.import_module("tietovaranto.search.migrations.0014_postgres_statement_triggers")


WHOLE = _STATEMENTS.DOCUMENT_COLUMNS["document"]
DESCRIPTION = _STATEMENTS._lexemes("n.description_terms")
COLUMNS = {
    **{column: value for column, value in _STATEMENTS.DOCUMENT_COLUMNS.items() if column != "document"},
    "description_document": DESCRIPTION,
}


def _documents_from_entries(column: str, value: str) -> str:
    return (
        f"UPDATE search_document d SET {column} = {value} "
        "FROM search_searchentry n WHERE n.id = d.entry_id"
    )


FORWARD = [
    "DROP INDEX IF EXISTS search_document_gin",
    "ALTER TABLE search_document RENAME COLUMN document TO description_document",
    "ALTER TABLE search_document ALTER COLUMN description_document SET DEFAULT ''",
    _documents_from_entries("description_document", DESCRIPTION),
    _STATEMENTS.written_function(COLUMNS),
    "CREATE INDEX search_document_description_gin ON search_document USING gin (description_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_description_gin",
    "ALTER TABLE search_document ALTER COLUMN description_document DROP DEFAULT",
    "ALTER TABLE search_document RENAME COLUMN description_document TO document",
    _documents_from_entries("document", WHOLE),
    _STATEMENTS.written_function(_STATEMENTS.DOCUMENT_COLUMNS),
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0014_postgres_statement_triggers")]

    operations = [migrations.RunPython(run_on("postgresql", FORWARD), run_on("postgresql", BACKWARD))]
