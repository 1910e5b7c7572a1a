"""PostgreSQL: the tsvector moves to a narrow table of its own, search_document.

In search_searchentry the tsvector sat beside the texts and terms, in rows wide enough to be
TOASTed; the planner then chose a sequential scan over them instead of the GIN index. The narrow
table (entry id, the facet columns, the document) keeps rows small and the GIN index used. It is
kept in step with search_searchentry by a trigger, as before. SQLite's FTS5 table is unchanged.
"""

from django.db import migrations

from tietovaranto.search.migrations._vendor_sql import run_on

POSTGRES_FORWARD = [
    "DROP TRIGGER IF EXISTS search_entry_document ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_document()",
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
    """CREATE TABLE search_document (
        entry_id bigint PRIMARY KEY,
        organisation_id bigint NOT NULL,
        area_id bigint NULL,
        interface_status varchar(10) NOT NULL,
        document tsvector NOT NULL
    )""",
    """CREATE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_document (entry_id, organisation_id, area_id, interface_status, document)
        VALUES (
            NEW.id, NEW.organisation_id, NEW.area_id, NEW.interface_status,
            setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.name_terms, ''), ' ')), ''), 'A')
            || setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.items_terms, ''), ' ')), ''), 'B')
            || setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.criteria_terms, ''), ' ')), ''), 'C')
            || setweight(
                coalesce(array_to_tsvector(string_to_array(nullif(NEW.description_terms, ''), ' ')), ''), 'D'
            )
        )
        ON CONFLICT (entry_id) DO UPDATE SET
            organisation_id = EXCLUDED.organisation_id,
            area_id = EXCLUDED.area_id,
            interface_status = EXCLUDED.interface_status,
            document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_document AFTER INSERT OR UPDATE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_document()""",
    # No foreign key: Django's flush TRUNCATEs search_searchentry alone, which a reference would refuse.
    """CREATE FUNCTION search_entry_document_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE search_document;
        ELSE
            DELETE FROM search_document WHERE entry_id = OLD.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_document_delete AFTER DELETE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_document_delete()""",
    """CREATE TRIGGER search_entry_document_truncate AFTER TRUNCATE ON search_searchentry
        FOR EACH STATEMENT EXECUTE FUNCTION search_entry_document_delete()""",
    # existing entries
    "UPDATE search_searchentry SET name_terms = name_terms",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "CREATE INDEX search_document_facets ON search_document (organisation_id, area_id, interface_status)",
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_document_truncate ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_entry_document_delete ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_document_delete()",
    "DROP TRIGGER IF EXISTS search_entry_document ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_document()",
    "DROP TABLE IF EXISTS search_document",
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector",
    """CREATE FUNCTION search_entry_document() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.document :=
            setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.name_terms, ''), ' ')), ''), 'A')
            || setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.items_terms, ''), ' ')), ''), 'B')
            || setweight(coalesce(array_to_tsvector(string_to_array(nullif(NEW.criteria_terms, ''), ' ')), ''), 'C')
            || setweight(
                coalesce(array_to_tsvector(string_to_array(nullif(NEW.description_terms, ''), ' ')), ''), 'D'
            );
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_entry_document BEFORE INSERT OR UPDATE ON search_searchentry
        FOR EACH ROW EXECUTE FUNCTION search_entry_document()""",
    "UPDATE search_searchentry SET name_terms = name_terms",
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
]


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_and_synonyms")]

    operations = [
        migrations.RunPython(run_on("postgresql", POSTGRES_FORWARD), run_on("postgresql", POSTGRES_BACKWARD))
    ]
