"""Search entries: the database checks only their resource reference.

The organisation and area of an entry are its resource's; their foreign-key checks, and an index
of the organisation beside the (organisation, area, interface status) index that starts with it,
were a tenth of writing the entries in a rebuild. Django still cascades deletions.

SQLite alters a column by copying the table, which drops its full-text triggers (made again here)
and also drops the JSON checks a JSONField had left on `texts` and `card` (migration 0010 kept
them, to keep the triggers). PostgreSQL drops the constraints and the index in place.
"""

import importlib

import django.db.models.deletion
from django.db import migrations, models

from tietovaranto.search.migrations._vendor_sql import run_on

# the triggers of migration 0006, as it made them
_FTS = importlib.import_module("tietovaranto.search.migrations.0006_sqlite_fts_external_content")
TRIGGERS = [*_FTS.DROP_TRIGGERS, *(s for s in _FTS.FORWARD if s.startswith("CREATE TRIGGER"))]


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0006_names_in_any_language"),
        ("search", "0012_synonym_help_text"),
    ]

    operations = [
        # back: after the alterations below are undone (each copies the table again)
        migrations.RunPython(migrations.RunPython.noop, run_on("sqlite", TRIGGERS)),
        migrations.AlterField(
            model_name="searchentry",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="catalog.servicearea",
            ),
        ),
        migrations.AlterField(
            model_name="searchentry",
            name="organisation",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="catalog.organisation",
            ),
        ),
        migrations.RunPython(run_on("sqlite", TRIGGERS), migrations.RunPython.noop),
    ]
