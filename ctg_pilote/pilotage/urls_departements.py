from django.urls import path

from . import views_departements as views

app_name = "departements"
urlpatterns = [
    path("suivies/", views.followed, name="followed"),
    path("<str:code>/", views.departement, name="detail"),
    path("<str:code>/epci.geojson", views.epci_geojson, name="epci_geojson"),
]
