from django.urls import path

from tietovaranto.catalog import views
from tietovaranto.publishing import views as history

app_name = "catalog"
urlpatterns = [
    path("", views.front_page, name="front"),
    path("<slug:org_slug>/", views.organisation_page, name="organisation"),
    path("<slug:org_slug>/description/", views.description_page, name="description"),
    path("<slug:org_slug>/export.<str:format_name>", views.organisation_export, name="export"),
    path("<slug:org_slug>/resources/<slug:resource_slug>/", views.resource_page, name="resource"),
    path("<slug:org_slug>/history/", history.history_page, name="history"),
    path("<slug:org_slug>/history.atom", history.HistoryFeed(), name="history_feed"),
    path("<slug:org_slug>/history.json", history.history_json, name="history_json"),
    path("<slug:org_slug>/history/<int:number>/", history.publication_page, name="publication"),
]
