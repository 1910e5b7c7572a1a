"""Search entries hold their resource's name and position (ranking read them through a join).

Nullable columns: SQLite adds them in place and keeps search_searchentry's full-text triggers.
The existing entries are filled from the resources here."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_postgres_tier_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="resource_name",
            field=models.CharField(blank=True, max_length=255, null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="resource_position",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.RunSQL(
            "UPDATE search_searchentry SET "
            "resource_name = (SELECT r.name FROM catalog_informationresource r WHERE r.id = resource_id), "
            "resource_position = (SELECT r.position FROM catalog_informationresource r WHERE r.id = resource_id)",
            migrations.RunSQL.noop,
        ),
    ]
