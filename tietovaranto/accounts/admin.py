from django.contrib import admin

from tietovaranto.accounts.models import AccessEvent, Invitation, Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """For superusers, e.g. to name an organisation's first administrator (or `tietovaranto grant-role`)."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "user__email"]
    filter_horizontal = ["areas"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["organisation"]
    exclude = ["key_digest"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # invitations are sent from the staff pages, which e-mail the link

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(admin.ModelAdmin):
    list_display = ["at", "organisation", "kind", "actor", "subject", "email", "role"]
    list_filter = ["organisation", "kind"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
