"""Search entries hold what a result shows of their resource, organisation and area (`card`), so a
result page needs no join to the catalog.

A nullable column: SQLite adds it in place and keeps search_searchentry's full-text triggers. The
existing entries are filled from the catalog here."""

from typing import Any

from django.db import migrations, models

CARD_BATCH = 500


def fill_cards(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("search", "SearchEntry")
    resource_model = apps.get_model("catalog", "InformationResource")
    entries = dict(entry_model.objects.values_list("resource_id", "pk"))
    rows = resource_model._base_manager.filter(pk__in=list(entries)).values_list(
        "pk",
        "slug",
        "name",
        "name_sv",
        "name_en",
        "organisation__slug",
        "organisation__name",
        "organisation__name_sv",
        "organisation__name_en",
        "area__name",
        "area__name_sv",
        "area__name_en",
    )
    updated = []
    for pk, *values in rows.iterator():
        entry = entry_model(pk=entries[pk], card=entry_card(*values))
        updated.append(entry)
        if len(updated) >= CARD_BATCH:
            entry_model.objects.bulk_update(updated, ["card"])
            updated = []
    if updated:
        entry_model.objects.bulk_update(updated, ["card"])


def entry_card(*values: Any) -> dict[str, Any]:
    # the same shape as tietovaranto.search.indexing.IndexedResource.card (kept here: migrations do not
    # import code that may change after them)
    slug, name, name_sv, name_en, org_slug, org_name, org_name_sv, org_name_en, *area = values
    return {
        "resource": {"slug": slug, "name": name, "name_sv": name_sv, "name_en": name_en},
        "organisation": {"slug": org_slug, "name": org_name, "name_sv": org_name_sv, "name_en": org_name_en},
        "area": None if area[0] is None else dict(zip(("name", "name_sv", "name_en"), area, strict=True)),
    }


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0008_entry_resource_name_position"),
        ("catalog", "0005_organisation_kind_region"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="card",
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.RunPython(fill_cards, migrations.RunPython.noop),
    ]
