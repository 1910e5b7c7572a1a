"""An entry's texts and card are JSON in text columns: a search reads them as text for every
candidate, and PostgreSQL's conversion of jsonb to text was a tenth of its time per search.

SQLite already keeps JSON as text; altering the field there would rebuild the table and drop its
full-text triggers, so only PostgreSQL's columns change."""

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
                            "ALTER TABLE search_searchentry "
                            + ", ".join(f"ALTER COLUMN {c} TYPE text USING {c}::text" for c in COLUMNS)
                        ],
                    ),
                    run_on(
                        "postgresql",
                        [
                            "ALTER TABLE search_searchentry "
                            + ", ".join(f"ALTER COLUMN {c} TYPE jsonb USING {c}::jsonb" for c in COLUMNS)
                        ],
                    ),
                )
            ],
        ),
    ]
