"""The lexicon of an index generation also holds the entry ids of its commonest terms, which
PostgreSQL searches read from memory (search/postings.py). Stored lexicons are caches: they are
dropped here and worked out again, with the ids, by the next search."""

from typing import Any

from django.db import migrations, models


def drop_lexicons(apps: Any, schema_editor: Any) -> None:
    apps.get_model("search", "SearchLexicon").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_entry_json_as_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchlexicon",
            name="postings",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.RunPython(drop_lexicons, migrations.RunPython.noop),
    ]
