"""A stand-in for the desk's edit pages, to show that findings link to them once they exist."""

from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def _page(*args: object, **kwargs: object) -> HttpResponse:
    return HttpResponse()


desk_patterns = (
    [
        path("<slug:org_slug>/", _page, name="organisation"),
        path("<slug:org_slug>/areas/<slug:area_slug>/", _page, name="area"),
        path("<slug:org_slug>/resources/<slug:resource_slug>/", _page, name="resource"),
    ],
    "desk",
)
urlpatterns = [path("desk/", include(desk_patterns)), path("admin/", admin.site.urls)]
