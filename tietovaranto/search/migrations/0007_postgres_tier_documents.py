"""PostgreSQL: search can tell in which field a document matched.

Documents are built with array_to_tsvector, which gives lexemes without positions, and setweight
only labels positions: every document was unweighted, so a query for a term in the name ('x':A)
matched the term in any field. Search's tiers (name, items, criteria, description) were then one
tier, a common word's candidates were taken in id order, and the database's rank weighed every
field alike. The name, items and criteria terms are now also documents of their own, with GIN
indexes: a tier's matches come from its small index (the name tier of a word in 4,400 of 10,500
resources: 1 ms; sorting every match into tiers with weighted queries, on documents given
positions, took 16 ms against 7 to find them), and the rank weighs the fields.
SQLite's FTS5 columns were never affected.
"""

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on

FIELDS = (("name", "A"), ("items", "B"), ("criteria", "C"), ("description", "D"))
TIER_FIELDS = ("name", "items", "criteria")  # the description is the last tier: no test needed


def _plain(field: str) -> str:
    return f"coalesce(array_to_tsvector(string_to_array(nullif(NEW.{field}_terms, ''), ' ')), '')"


def _document_function(values: dict[str, str]) -> str:
    """The trigger function writing an entry's row of search_document; `values`: column -> SQL."""
    updates = ",\n            ".join(f"{column} = EXCLUDED.{column}" for column in values if column != "entry_id")
    return f"""CREATE OR REPLACE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_document ({", ".join(values)})
        VALUES ({", ".join(values.values())})
        ON CONFLICT (entry_id) DO UPDATE SET
            {updates};
        RETURN NULL;
    END $$"""


# 0003's row; the weights stay for what else reads the document, though they have no effect
ROW = {
    "entry_id": "NEW.id",
    "organisation_id": "NEW.organisation_id",
    "area_id": "NEW.area_id",
    "interface_status": "NEW.interface_status",
    "document": " || ".join(f"setweight({_plain(field)}, '{weight}')" for field, weight in FIELDS),
}

FORWARD = [
    "ALTER TABLE search_document "
    + ", ".join(f"ADD COLUMN {field}_document tsvector NOT NULL DEFAULT ''" for field in TIER_FIELDS),
    _document_function({**ROW, **{f"{field}_document": _plain(field) for field in TIER_FIELDS}}),
    "UPDATE search_searchentry SET name_terms = name_terms",
    *(f"CREATE INDEX search_document_{f}_gin ON search_document USING gin ({f}_document)" for f in TIER_FIELDS),
]
BACKWARD = [
    _document_function(ROW),
    "ALTER TABLE search_document " + ", ".join(f"DROP COLUMN {field}_document" for field in TIER_FIELDS),
]


class Migration(migrations.Migration):
    dependencies = [("search", "0006_sqlite_fts_external_content")]

    operations = [migrations.RunPython(run_on("postgresql", FORWARD), run_on("postgresql", BACKWARD))]
