"""Catalog changes made anywhere (admin, importer, shell) schedule a re-index of their organisation."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from tietovaranto.catalog import models as catalog
from tietovaranto.search.indexing import bump_generation, lock_index, schedule_organisation
from tietovaranto.search.models import Synonym

WATCHED = (
    catalog.Organisation,
    catalog.ServiceArea,
    catalog.InformationResource,
    catalog.Item,
    catalog.ResourceItem,
    catalog.SearchCriterion,
    catalog.InterfaceStatement,
    catalog.RequestContact,  # not searched, but shown on the cached public pages
    catalog.Decider,
)


def _organisation_id(instance: Any) -> int | None:
    if isinstance(instance, catalog.Organisation):
        return instance.pk
    if isinstance(instance, catalog.ResourceItem):
        return (
            catalog.InformationResource.objects.filter(pk=instance.resource_id)
            .values_list("organisation_id", flat=True)
            .first()
        )
    return getattr(instance, "organisation_id", None)


def catalog_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the caller rebuilds the index
        return
    organisation_id = _organisation_id(instance)
    if organisation_id is not None:
        schedule_organisation(organisation_id)
    if isinstance(instance, catalog.Organisation) and instance.draft_of_id is None:
        bump_generation()  # its names are searched for (a query naming the authority)


def catalog_row_deleting(sender: type, instance: Any, **kwargs: Any) -> None:
    # Deleting a resource, area or organisation deletes or changes its entries (Django's cascade,
    # after this signal): the index's lock comes first, as for every writer of the index, else a
    # rebuild holding it and waiting for those entries would wait for this transaction, and this
    # transaction's re-index for the rebuild.
    lock_index()


def synonyms_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    bump_generation()  # every process reloads its synonyms on its next search


def resource_items_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "").startswith("post_"):
        catalog_changed(sender, instance)


def connect() -> None:
    m2m_changed.connect(
        resource_items_changed, sender=catalog.InformationResource.items.through, dispatch_uid="search-items"
    )
    post_save.connect(synonyms_changed, sender=Synonym, dispatch_uid="search-synonym-save")
    post_delete.connect(synonyms_changed, sender=Synonym, dispatch_uid="search-synonym-delete")
    for model in WATCHED:
        post_save.connect(catalog_changed, sender=model, dispatch_uid=f"search-{model.__name__}-save")
        post_delete.connect(catalog_changed, sender=model, dispatch_uid=f"search-{model.__name__}-delete")
    for model in (catalog.Organisation, catalog.ServiceArea, catalog.InformationResource):  # entries' own
        pre_delete.connect(catalog_row_deleting, sender=model, dispatch_uid=f"search-{model.__name__}-lock")
