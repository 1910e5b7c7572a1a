from django.urls import path

from tietovaranto.federation import views

app_name = "federation"
urlpatterns = [path("harvests/", views.harvest_list, name="harvests")]
