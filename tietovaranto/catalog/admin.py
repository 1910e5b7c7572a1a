"""The catalog in the superusers' admin: to look at, with every row's history ("History" button).

Catalog rows change only through an organisation's draft and its publication (the desk, the importer,
the API): an edit here would reach the public pages unpublished and outside the publication history,
change a reviewed draft without a new version, and be overwritten when a draft made before it is
published. Deleting a whole organisation stays possible here (its history is kept).
"""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
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


class ViewOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CatalogAdmin(ViewOnly, SimpleHistoryAdmin):  # type: ignore[misc]
    formfield_overrides = {models.URLField: URL_FIELD_OPTIONS}  # the forms that show the rows

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        # simple-history saves a posted old version ("Revert") whatever the permissions say
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ResourceItemInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = ResourceItem
    extra = 0
    autocomplete_fields = ["item"]


class ScopedInline(ViewOnly, admin.TabularInline):  # type: ignore[type-arg]
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
class InformationResourceAdmin(CatalogAdmin):
    list_display = ["name", "area", "organisation", "updated_at"]
    list_filter = ["organisation", "area"]
    search_fields = ["name", "description"]
    inlines = [ResourceItemInline, CriterionInline, ContactInline, DeciderInline, InterfaceInline]


@admin.register(Organisation)
class OrganisationAdmin(CatalogAdmin):
    """Live organisations (the manager leaves the drafts out); one may be deleted with its draft and
    catalog, not while it has information requests."""

    list_display = ["name", "slug", "registry_email", "published_at", "updated_at"]
    search_fields = ["name"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(getattr(request.user, "is_superuser", False))


@admin.register(ServiceArea)
class ServiceAreaAdmin(CatalogAdmin):
    list_display = ["name", "organisation", "position"]
    list_filter = ["organisation"]


@admin.register(Item)
class ItemAdmin(CatalogAdmin):
    list_display = ["name", "kind", "note", "organisation"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "note"]


for model in (SearchCriterion, RequestContact, Decider, InterfaceStatement):
    admin.site.register(model, CatalogAdmin)
