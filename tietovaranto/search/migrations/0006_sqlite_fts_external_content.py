"""SQLite: the FTS5 table indexes search_searchentry's term columns without a copy of them.

Until now search_fts kept its own copy of every entry's terms. As an external-content table it
reads them from search_searchentry: the database is smaller, a rebuild fills the index in one
statement ('rebuild') instead of a trigger call per entry, and emptying it is one statement
('delete-all'). Triggers keep it in step as before; an external-content table is told the old
values of a row it forgets. PostgreSQL is unchanged.
"""

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on

TOKENIZER = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '-'\""
COLUMNS = "name_terms, items_terms, criteria_terms, description_terms"
NEW = "new.id, new.name_terms, new.items_terms, new.criteria_terms, new.description_terms"
OLD = "old.id, old.name_terms, old.items_terms, old.criteria_terms, old.description_terms"

DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
]

FORWARD = [
    *DROP_TRIGGERS,
    "DROP TABLE IF EXISTS search_fts",
    # remove_diacritics 0: "ä" and "a" are different letters in Finnish; '-' is part of a term
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {COLUMNS}, content = 'search_searchentry', content_rowid = 'id', {TOKENIZER}
    )""",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', {OLD});
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) VALUES ('delete', {OLD});
        INSERT INTO search_fts(rowid, {COLUMNS}) VALUES ({NEW});
    END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]

# migration 0002's table, which holds its own copy of the terms
OLD_COLUMNS = "name, items, criteria, description"
BACKWARD = [
    *DROP_TRIGGERS,
    "DROP TABLE IF EXISTS search_fts",
    f"CREATE VIRTUAL TABLE search_fts USING fts5({OLD_COLUMNS}, {TOKENIZER})",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, {OLD_COLUMNS}) VALUES ({NEW});
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        INSERT INTO search_fts(rowid, {OLD_COLUMNS}) VALUES ({NEW});
    END""",
    f"INSERT INTO search_fts(rowid, {OLD_COLUMNS}) SELECT id, {COLUMNS} FROM search_searchentry",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0005_search_catalog_generation")]

    operations = [migrations.RunPython(run_on("sqlite", FORWARD), run_on("sqlite", BACKWARD))]
