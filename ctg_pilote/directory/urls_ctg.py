from django.urls import path

from . import views_ctg

app_name = "directory_ctg"
urlpatterns = [
    path(
        "data-inclusion/importer/",
        views_ctg.data_inclusion_import,
        name="data_inclusion_import",
    ),
]
