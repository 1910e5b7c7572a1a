from django.urls import path

from tietovaranto.inforequests import views

app_name = "inforequests"
urlpatterns = [
    path("requests/<str:token>/", views.status_page, name="status"),
    path("requests/<str:token>/attachments/<int:pk>/", views.attachment, name="attachment"),
    path("requests/<str:token>/decision/", views.decision_document, name="decision"),
    path("requests/<str:token>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("<slug:org_slug>/privacy/", views.privacy_notice, name="privacy"),
    path("<slug:org_slug>/fees/", views.price_list, name="fees"),
    path("<slug:org_slug>/request/", views.request_form, name="new"),
    path("<slug:org_slug>/statistics/", views.statistics_page, name="statistics"),
    path("<slug:org_slug>/statistics.csv", views.statistics_csv, name="statistics_csv"),
]
