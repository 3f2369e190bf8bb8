from django.urls import path

from . import views

app_name = "territories"
urlpatterns = [
    path("epci/recherche/", views.epci_search, name="epci_search"),
]
