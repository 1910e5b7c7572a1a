from django.contrib import admin

from tietovaranto.inforequests.models import FeeItem, InformationRequest, RequestEvent


@admin.register(FeeItem)
class FeeItemAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "price", "organisation", "position"]
    list_filter = ["organisation"]


class EventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    readonly_fields = ["at", "kind", "actor", "text", "public"]
    can_delete = False


@admin.register(InformationRequest)
class InformationRequestAdmin(admin.ModelAdmin):
    """Read-only overview for administrators; requests are handled on the staff pages."""

    list_display = ["reference", "organisation", "kind", "status", "received_at", "due_date"]
    list_filter = ["organisation", "status", "kind"]
    search_fields = ["reference"]
    # never shown in full, not even here (criteria may hold identity codes too)
    exclude = ["identity_code", "token", "criteria_values"]
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
