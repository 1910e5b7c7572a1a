from django.urls import path

from tietovaranto.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("<slug:org_slug>/", views.organisation_page, name="organisation"),
    path("<slug:org_slug>/description/", views.description_page, name="description"),
    path("<slug:org_slug>/export.<str:format_name>", views.organisation_export, name="export"),
    path("<slug:org_slug>/resources/<slug:resource_slug>/", views.resource_page, name="resource"),
]
