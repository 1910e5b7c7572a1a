"""The backend's full-text index over search_searchentry, kept in sync by triggers, and starter synonyms."""

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    # remove_diacritics 0: "ä" and "a" are different letters in Finnish; '-' is part of a term
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        name, items, criteria, description,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '-'"
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, name, items, criteria, description)
        VALUES (new.id, new.name_terms, new.items_terms, new.criteria_terms, new.description_terms);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        DELETE FROM search_fts WHERE rowid = old.id;
        INSERT INTO search_fts(rowid, name, items, criteria, description)
        VALUES (new.id, new.name_terms, new.items_terms, new.criteria_terms, new.description_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]

# The terms are already analysed: array_to_tsvector keeps them exactly, no parser or dictionary.
POSTGRES_FORWARD = [
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
    "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_document_gin",
    "DROP TRIGGER IF EXISTS search_entry_document ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_document()",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def _run(statements_by_vendor: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements_by_vendor:
            raise RuntimeError(f"Search needs SQLite or PostgreSQL, not {vendor}")
        for statement in statements_by_vendor[vendor]:
            schema_editor.execute(statement)

    return run


# A starter list of the words people use for what the catalog calls otherwise; staff add their own.
STARTER_SYNONYMS = {
    "budjetti": "talousarvio",
    "valtuutettu": "luottamushenkilö",
    "poliitikko": "luottamushenkilö",
    "lautakunta": "luottamushenkilö, päätöksenteko",
    "palkka": "palkanlaskenta",
    "palkkatieto": "palkanlaskenta",
    "työntekijä": "henkilöstö",
    "henkilökunta": "henkilöstö",
    "virkamies": "henkilöstö",
    "työhakemus": "rekrytointi, työnhakija",
    "työpaikkahakemus": "rekrytointi, työnhakija",
    "rekry": "rekrytointi",
    "pöytäkirja": "päätöksenteko, asianhallinta",
    "päätös": "päätöksenteko, asianhallinta",
    "diaari": "asiarekisteri, asianhallinta",
    "nettisivu": "verkkosivu",
    "kotisivu": "verkkosivu",
    "chat": "digiopastus",
    "lasku": "ostolasku, myyntilasku",
    "kilpailutus": "hankinta",
    "äänestys": "vaali",
    "puhelu": "puhelutallenne",
    "salasana": "käyttöoikeus, käyttäjätunnus",
    "päiväkoti": "varhaiskasvatus",
    "koulu": "perusopetus, opetus",
    "rakennuslupa": "rakennusvalvonta, lupa",
    "sote": "sosiaalihuolto, terveydenhuolto",
    # Swedish and English words for a Finnish-only catalog
    "lön": "palkanlaskenta",
    "salary": "palkanlaskenta",
    "avtal": "sopimus",
    "contract": "sopimus",
    "arkiv": "arkisto",
    "archive": "arkisto",
    "budget": "talousarvio",
    "personal": "henkilöstö",
    "staff": "henkilöstö",
    "employee": "henkilöstö",
    "förtroendevald": "luottamushenkilö",
    "councillor": "luottamushenkilö",
    "faktura": "ostolasku, myyntilasku",
    "invoice": "ostolasku, myyntilasku",
    "foto": "valokuva",
    "photo": "valokuva",
    "rekrytering": "rekrytointi",
    "recruitment": "rekrytointi",
    "upphandling": "hankinta",
    "procurement": "hankinta",
}


def add_starter_synonyms(apps: Any, schema_editor: Any) -> None:
    Synonym = apps.get_model("search", "Synonym")
    for word, means in STARTER_SYNONYMS.items():
        Synonym.objects.get_or_create(organisation=None, word=word, defaults={"means": means})


def remove_starter_synonyms(apps: Any, schema_editor: Any) -> None:
    apps.get_model("search", "Synonym").objects.filter(organisation=None, word__in=STARTER_SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
        migrations.RunPython(add_starter_synonyms, remove_starter_synonyms),
    ]
