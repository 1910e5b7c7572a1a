from django.contrib import admin
from django.http import HttpRequest

from tietovaranto.accounts import two_factor


class SuperuserAdminSite(admin.AdminSite):
    """Active superusers only, after two-step verification when they have or need it.

    `is_staff` alone grants nothing: an organisation's people work on the staff pages, where every
    query is limited to their organisation; the admin is not.
    """

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and getattr(user, "is_superuser", False)):
            return False
        return two_factor.missing_step(request) is None
