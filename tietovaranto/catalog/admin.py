"""Editing for the records manager; every change is kept by django-simple-history ("History" button)."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from tietovaranto.catalog.models import (
    Decider,
    InformationResource,
    InterfaceStatement,
    Item,
    Organisation,
    RequestContact,
    ResourceItem,
    SearchCriterion,
    ServiceArea,
)
from tietovaranto.core.forms import URL_FIELD_OPTIONS


class ResourceItemInline(admin.TabularInline):
    model = ResourceItem
    extra = 0
    autocomplete_fields = ["item"]


class ScopedInline(admin.TabularInline):
    extra = 0
    fk_name = "resource"
    exclude = ["organisation", "area"]


class CriterionInline(ScopedInline):
    model = SearchCriterion


class ContactInline(ScopedInline):
    model = RequestContact


class DeciderInline(ScopedInline):
    model = Decider
    max_num = 1


class InterfaceInline(ScopedInline):
    model = InterfaceStatement
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}


@admin.register(InformationResource)
class InformationResourceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "organisation", "updated_at"]
    list_filter = ["organisation", "area"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ResourceItemInline, CriterionInline, ContactInline, DeciderInline, InterfaceInline]

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        # scoped rows always belong to the resource's organisation
        for instance in formset.save(commit=False):
            if hasattr(instance, "organisation_id") and not instance.organisation_id:
                instance.organisation = form.instance.organisation
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "registry_email", "updated_at"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}


@admin.register(ServiceArea)
class ServiceAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "position"]
    list_filter = ["organisation"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Item)
class ItemAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "note", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "note"]


for model in (SearchCriterion, RequestContact, Decider, InterfaceStatement):
    admin.site.register(model, SimpleHistoryAdmin)
