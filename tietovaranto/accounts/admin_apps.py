from django.contrib.admin.apps import AdminConfig


class SuperuserAdminConfig(AdminConfig):
    """The Django admin for superusers only; organisations manage their people on the staff pages."""

    default_site = "tietovaranto.accounts.admin_site.SuperuserAdminSite"
