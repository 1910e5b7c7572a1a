from django.urls import path

from tietovaranto.catalog import check_views

app_name = "check"
urlpatterns = [
    path("<slug:org_slug>/check/", check_views.check_page, name="report"),
]
