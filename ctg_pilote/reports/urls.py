"""The document downloads, mounted by ctg_pilote/urls.py in the namespaces of the pages that
link to them: `pilotage` (under /ctg/<slug>/pilotage/) and `public` (under /publique/)."""

from django.urls import path

from . import views

pilotage_urlpatterns = [
    path("bilans/<str:kind>/<int:year>/bilan.<str:fmt>", views.bilan_export, name="bilan_export"),
    path("bilans/<str:kind>/<int:year>/adopter/", views.bilan_adopt, name="bilan_adopt"),
    path(
        "bilans-adoptes/<int:adoption_pk>/bilan.<str:fmt>",
        views.adopted_bilan_file,
        name="adopted_bilan_file",
    ),
]
public_urlpatterns = [
    path("<slug:slug>/brochure.pdf", views.brochure_pdf, name="brochure_pdf"),
]
