from django.urls import path

from tietovaranto.inforequests import views

app_name = "inforequests"
urlpatterns = [
    path("requests/<str:token>/", views.status_page, name="status"),
    path("<slug:org_slug>/request/", views.request_form, name="new"),
    path("<slug:org_slug>/statistics/", views.statistics_page, name="statistics"),
    path("<slug:org_slug>/statistics.csv", views.statistics_csv, name="statistics_csv"),
]
