from django.contrib.auth import views as auth_views
from django.urls import path

from tietovaranto.inforequests import staff_views

app_name = "staff"
urlpatterns = [
    path("requests/", staff_views.inbox, name="inbox"),
    path("requests/new/", staff_views.new_request, name="new"),
    path("requests/<str:reference>/", staff_views.detail, name="detail"),
    path("requests/<str:reference>/decision/", staff_views.decision_document, name="decision"),
    path("requests/<str:reference>/letter/", staff_views.letter, name="letter"),
    path("requests/<str:reference>/decision.pdf", staff_views.decision_pdf, name="decision_pdf"),
    path("requests/<str:reference>/letter.pdf", staff_views.letter_pdf, name="letter_pdf"),
    path("requests/<str:reference>/<slug:name>/", staff_views.action, name="action"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
