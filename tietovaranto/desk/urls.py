from django.urls import path

from tietovaranto.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.organisations, name="organisations"),
    path("tietovarannot-pohja.xlsx", views.catalog_template, name="catalog_template"),
    path("<slug:org_slug>/", views.home, name="home"),
    path("<slug:org_slug>/settings/", views.organisation_edit, name="organisation"),
    path("<slug:org_slug>/areas/new/", views.area_edit, name="area_new"),
    path("<slug:org_slug>/areas/<uuid:uid>/", views.area_edit, name="area"),
    path("<slug:org_slug>/resources/new/", views.resource_edit, name="resource_new"),
    path("<slug:org_slug>/resources/<uuid:uid>/", views.resource_edit, name="resource"),
    path("<slug:org_slug>/<str:kind>/<uuid:uid>/delete/", views.delete, name="delete"),
    path("<slug:org_slug>/<str:kind>/<uuid:uid>/move/<str:direction>/", views.move, name="move"),
    path("<slug:org_slug>/preview/", views.preview, name="preview"),
    path("<slug:org_slug>/import/", views.import_page, name="import"),
    path("<slug:org_slug>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("<slug:org_slug>/discard/", views.discard, name="discard"),
    path("<slug:org_slug>/history/", views.history, name="history"),
    path("<slug:org_slug>/history/<int:number>/restore/", views.restore, name="restore"),
    path(
        "<slug:org_slug>/history/<int:number>/restore-resource/",
        views.restore_one_resource,
        name="restore_resource",
    ),
]
