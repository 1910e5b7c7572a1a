"""PostgreSQL: search_document is written once per statement, not once per entry.

A rebuild copies thousands of entries in one statement; a row trigger then ran a plpgsql call and
an INSERT per entry (a sixth of the database's work in a rebuild). The statement triggers read the
statement's rows (transition tables) and write their documents, or delete them, in one statement.

The whole document is one tsvector of every field's terms: its parts were weighted with setweight,
which only labels positions, and these lexemes have none, so the document is the same. Empty terms
(a field of two texts, one of them only stop words, had two spaces) are left out, where
array_to_tsvector refused them. The TRUNCATE trigger of migration 0003 stays.
"""

import importlib

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on

TIER_FIELDS = ("name", "items", "criteria")


def _lexemes(terms: str) -> str:
    return f"array_to_tsvector(array_remove(string_to_array({terms}, ' '), ''))"


DOCUMENT_COLUMNS = {
    "entry_id": "n.id",
    "organisation_id": "n.organisation_id",
    "area_id": "n.area_id",
    "interface_status": "n.interface_status",
    "document": _lexemes(
        "concat_ws(' ', n.name_terms, n.items_terms, n.criteria_terms, n.description_terms)"
    ),
    **{f"{field}_document": _lexemes(f"n.{field}_terms") for field in TIER_FIELDS},
}


def written_function(columns: dict[str, str]) -> str:
    """The statement trigger function writing these columns of search_document (column -> SQL over
    the statement's rows `n`), also for the migrations that change them."""
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns if column != "entry_id")
    return f"""CREATE OR REPLACE FUNCTION search_entries_written() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_document ({", ".join(columns)})
        SELECT {", ".join(columns.values())} FROM new_entries n
        ON CONFLICT (entry_id) DO UPDATE SET {updates};
        RETURN NULL;
    END $$"""


FORWARD = [
    "DROP TRIGGER IF EXISTS search_entry_document ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_document_delete ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_document()",
    written_function(DOCUMENT_COLUMNS),
    """CREATE FUNCTION search_entries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_document d USING old_entries o WHERE d.entry_id = o.id;
        RETURN NULL;
    END $$""",
    # one event per trigger: PostgreSQL allows transition tables only so
    """CREATE TRIGGER search_entries_inserted AFTER INSERT ON search_searchentry
        REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION search_entries_written()""",
    """CREATE TRIGGER search_entries_updated AFTER UPDATE ON search_searchentry
        REFERENCING NEW TABLE AS new_entries FOR EACH STATEMENT EXECUTE FUNCTION search_entries_written()""",
    """CREATE TRIGGER search_entries_deleted AFTER DELETE ON search_searchentry
        REFERENCING OLD TABLE AS old_entries FOR EACH STATEMENT EXECUTE FUNCTION search_entries_deleted()""",
]

# back to the row triggers of migrations 0003 and 0007, as they made them
_SPEED = importlib.import_module("tietovaranto.search.migrations.0003_search_speed")
_TIERS = importlib.import_module("tietovaranto.search.migrations.0007_postgres_tier_documents")
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entries_inserted ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entries_updated ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entries_deleted ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entries_written()",
    "DROP FUNCTION IF EXISTS search_entries_deleted()",
    _TIERS.FORWARD[1],  # the row function writing the tier documents too
    *(
        statement
        for statement in _SPEED.POSTGRES_FORWARD
        if statement.startswith("CREATE TRIGGER") and "FOR EACH ROW" in statement
    ),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0013_entry_checks_only_resource")]

    operations = [migrations.RunPython(run_on("postgresql", FORWARD), run_on("postgresql", BACKWARD))]
