"""Search entries: the database no longer checks their resource reference either.

Indexing takes one lock before anything else (search/indexing.py, lock_index); the check of an
entry's resource took a lock on the resource's row from inside a rebuild holding it, where a
transaction changing that row's slug and then waiting for the index's lock deadlocked with it.
Deleting a resource still deletes its entry (Django's cascade, after the index's lock).

SQLite alters the column by copying the table, which drops its full-text triggers: made again
here, as migration 0013 did. PostgreSQL drops the constraint in place.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from tietovaranto.search.migrations._vendor_sql import run_on

# the full-text triggers, as migration 0013 made them again
TRIGGERS = importlib.import_module("tietovaranto.search.migrations.0013_entry_checks_only_resource").TRIGGERS


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_names_in_any_language"),
        ("search", "0016_postgres_entries_uncompressed"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, run_on("sqlite", TRIGGERS)),
        migrations.AlterField(
            model_name="searchentry",
            name="resource",
            field=models.OneToOneField(
                db_constraint=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="search_entry",
                to="catalog.informationresource",
            ),
        ),
        migrations.RunPython(run_on("sqlite", TRIGGERS), migrations.RunPython.noop),
    ]
