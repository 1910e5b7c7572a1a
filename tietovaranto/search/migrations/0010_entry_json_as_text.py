"""PostgreSQL stores search entries as a search reads them, for every candidate:

- texts and card are JSON in text columns: converting jsonb to text was a tenth of the server's time
  per search;
- rows are kept uncompressed up to a page's size (toast_tuple_target): a row of about 3 kB was
  compressed, and decompressing sixty candidates cost more than reading a larger table. Entries are
  stored so as they are next indexed (`tietovaranto rebuild-search-index` rewrites them all).

SQLite already keeps JSON as text and does not compress; altering the field there would rebuild the
table and drop its full-text triggers, so only PostgreSQL changes."""

from django.db import migrations

import tietovaranto.search.models
from tietovaranto.search.migrations._vendor_sql import run_on

COLUMNS = ("texts", "card")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_entry_card"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchentry",
                    name="texts",
                    field=tietovaranto.search.models.JSONTextField(default=dict),
                ),
                migrations.AlterField(
                    model_name="searchentry",
                    name="card",
                    field=tietovaranto.search.models.JSONTextField(blank=True, null=True),
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    run_on(
                        "postgresql",
                        [
                            "ALTER TABLE search_searchentry SET (toast_tuple_target = 8160)",
                            "ALTER TABLE search_searchentry "
                            + ", ".join(f"ALTER COLUMN {c} TYPE text USING {c}::text" for c in COLUMNS),
                        ],
                    ),
                    run_on(
                        "postgresql",
                        [
                            "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
                            "ALTER TABLE search_searchentry "
                            + ", ".join(f"ALTER COLUMN {c} TYPE jsonb USING {c}::jsonb" for c in COLUMNS),
                        ],
                    ),
                )
            ],
        ),
    ]
