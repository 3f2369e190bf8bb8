"""API v1 routes below /api/v1/ctg/{slug}/plan/."""

from django.urls import path

from .views import plan, plan_indicators

urlpatterns = [
    path("noeuds/", plan.NodeList.as_view(), name="plan-node-list"),
    path("noeuds/<int:id>/", plan.NodeDetail.as_view(), name="plan-node-detail"),
    path("actions/", plan.ActionList.as_view(), name="plan-action-list"),
    path("actions/<int:id>/", plan.ActionDetail.as_view(), name="plan-action-detail"),
    path("actions/<int:id>/notes/", plan.NoteList.as_view(), name="plan-note-list"),
    path("indicateurs/", plan_indicators.IndicatorList.as_view(), name="plan-indicator-list"),
    path(
        "indicateurs/<int:id>/",
        plan_indicators.IndicatorDetail.as_view(),
        name="plan-indicator-detail",
    ),
    path(
        "indicateurs/<int:id>/valeurs/", plan_indicators.ValueList.as_view(), name="plan-value-list"
    ),
    path(
        "indicateurs/<int:id>/valeurs/<int:annee>/",
        plan_indicators.ValueDetail.as_view(),
        name="plan-value-detail",
    ),
]
