"""API v1 routes below /api/v1/ctg/{slug}/diagnostic/."""

from django.urls import path

from .views import diagnostic

urlpatterns = [
    path("indicateurs/", diagnostic.IndicatorList.as_view(), name="diagnostic-indicators"),
    path("valeurs/", diagnostic.IndicatorValueList.as_view(), name="diagnostic-values"),
    path("agregats/", diagnostic.AggregateView.as_view(), name="diagnostic-aggregates"),
    path("offre/", diagnostic.OfferList.as_view(), name="diagnostic-offers"),
    path("offre/<int:id>/", diagnostic.OfferDetail.as_view(), name="diagnostic-offer"),
]
