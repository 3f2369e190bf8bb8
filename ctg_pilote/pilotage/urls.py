from django.urls import path

from . import views

app_name = "pilotage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("actions/", views.action_list, name="actions"),
    path("bilans/", views.bilans, name="bilans"),
    path("bilans/<str:kind>/<int:year>/", views.bilan, name="bilan"),
    path("bilans/<str:kind>/<int:year>/textes/", views.bilan_edit, name="bilan_edit"),
    path("bilans/<str:kind>/<int:year>/comparer/", views.bilan_compare, name="bilan_compare"),
    # reports.urls, joined in ctg_pilote/urls.py: bilans/<kind>/<year>/bilan.<fmt>
    # (bilan_export), bilans/<kind>/<year>/adopter/ (bilan_adopt) and
    # bilans-adoptes/<pk>/bilan.<fmt> (adopted_bilan_file)
    path("evaluation/", views.evaluation, name="evaluation"),
    path("evaluation/<int:node_pk>/<int:position>/", views.evaluate, name="evaluate"),
    path("evaluation/comparer/", views.compare, name="compare"),
    path("rappels/", views.digest_settings, name="digest"),
]
