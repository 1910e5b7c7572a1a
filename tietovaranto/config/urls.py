from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from tietovaranto.accounts.views import StaffLoginView
from tietovaranto.config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("staff/login/", StaffLoginView.as_view(), name="staff-login"),
    path("staff/", include("tietovaranto.accounts.urls")),
    path("staff/desk/", include("tietovaranto.desk.urls")),
    path("staff/", include("tietovaranto.federation.urls")),
    path("staff/", include("tietovaranto.inforequests.staff_urls")),
    path("staff/", include("tietovaranto.catalog.check_urls")),
    path("", include("tietovaranto.inforequests.urls")),
    path("", include("tietovaranto.search.urls")),
    path("", include("tietovaranto.catalog.urls")),
    prefix_default_language=False,
)
