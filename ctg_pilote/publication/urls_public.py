from django.urls import path

from . import views_public

app_name = "public"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("accessibilite/", views_public.accessibility, name="accessibility"),
    path("<slug:slug>/", views_public.page, name="page"),
    path("<slug:slug>/communes.geojson", views_public.communes_geojson, name="communes_geojson"),
    path("<slug:slug>/brochure/", views_public.brochure_html, name="brochure_html"),
    # <slug>/brochure.pdf (brochure_pdf): reports.urls, joined in ctg_pilote/urls.py
    path("<slug:slug>/donnees/", views_public.open_data, name="open_data"),
    path(
        "<slug:slug>/donnees/<str:dataset>.<str:fmt>",
        views_public.open_data_file,
        name="open_data_file",
    ),
]
