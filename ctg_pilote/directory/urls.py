from django.urls import path

from . import views

app_name = "directory"
# Where ctg_pilote/urls.py mounts the directory: a printed brochure links it without loading
# every URL module of the site (reports.brochure.directory_path).
MOUNT = "services/"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("communes.geojson", views.communes_geojson, name="communes_geojson"),
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/data-inclusion/structures.json", views.structures_json, name="structures"),
    path("donnees/data-inclusion/services.json", views.services_json, name="services"),
]
