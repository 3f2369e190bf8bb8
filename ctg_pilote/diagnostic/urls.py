from django.urls import path

from . import views, views_findings, views_values

app_name = "diagnostic"
urlpatterns = [
    path("", views.portrait, name="portrait"),
    path("valeurs/", views_values.values_edit, name="values_edit"),
    path("historique/", views_values.history, name="history"),
    path("valeurs/importer/", views_values.values_import, name="values_import"),
    path("carte.geojson", views.choropleth_geojson, name="choropleth_geojson"),
    path("comparaison.csv", views.export_csv, name="export_csv"),
    path("comparaison.xlsx", views.export_xlsx, name="export_xlsx"),
    path("offre/", views.offer, name="offer"),
    path("offre/carte.geojson", views.offer_geojson, name="offer_geojson"),
    path("offre/places/", views.offer_feed_places, name="offer_feed_places"),
    path("offre/importer/", views.offer_import, name="offer_import"),
    path("offre/ajouter/", views.offer_form, name="offer_create"),
    path("offre/<int:pk>/modifier/", views.offer_form, name="offer_edit"),
    path("enquetes/", views.surveys, name="surveys"),
    path("enquetes/importer/", views.survey_import, name="survey_import"),
    path("enquetes/ajouter/", views_findings.survey_edit, name="survey_create"),
    path("enquetes/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("enquetes/<int:pk>/modifier/", views_findings.survey_edit, name="survey_edit"),
    path("enquetes/<int:pk>/themes/", views.survey_tag, name="survey_tag"),
    path("syntheses/", views.syntheses, name="syntheses"),
    path("syntheses/blocs/ajouter/", views_findings.block_edit, name="block_create"),
    path("syntheses/blocs/<int:pk>/modifier/", views_findings.block_edit, name="block_edit"),
    path("syntheses/blocs/<int:pk>/deplacer/", views_findings.block_move, name="block_move"),
    path("syntheses/blocs/<int:pk>/supprimer/", views_findings.block_delete, name="block_delete"),
    path(
        "syntheses/blocs/<int:block_pk>/elements/ajouter/",
        views_findings.item_edit,
        name="item_create",
    ),
    path("syntheses/elements/<int:pk>/modifier/", views_findings.item_edit, name="item_edit"),
    path("syntheses/elements/<int:pk>/deplacer/", views_findings.item_move, name="item_move"),
    path("syntheses/elements/<int:pk>/supprimer/", views_findings.item_delete, name="item_delete"),
    path("chiffres/ajouter/", views_findings.key_figure_edit, name="key_figure_create"),
    path("chiffres/<int:pk>/modifier/", views_findings.key_figure_edit, name="key_figure_edit"),
    path(
        "chiffres/<int:pk>/supprimer/",
        views_findings.key_figure_delete,
        name="key_figure_delete",
    ),
]
