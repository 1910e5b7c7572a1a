from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_search_lexicon"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchindexstate",
            name="catalog_generation",
            field=models.PositiveBigIntegerField(default=0),
        ),
    ]
