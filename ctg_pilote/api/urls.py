"""/api/: the versioned open API. Version 1 lives under /api/v1/; see docs/api.md."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from .errors import json_not_found
from .views import conventions, territories

app_name = "api"

v1 = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    # The split view serves Swagger UI's start-up script as a file (no inline script: CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:openapi", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("ctg/", conventions.ConventionList.as_view(), name="convention-list"),
    path("ctg/<slug:slug>/", conventions.ConventionDetail.as_view(), name="convention-detail"),
    path("territoires/epci/", territories.EpciList.as_view(), name="epci-list"),
    path("territoires/epci/<str:siren>/", territories.EpciDetail.as_view(), name="epci-detail"),
    path("territoires/communes/", territories.CommuneList.as_view(), name="commune-list"),
    path(
        "territoires/communes/<str:code>/",
        territories.CommuneDetail.as_view(),
        name="commune-detail",
    ),
    path("ctg/<slug:slug>/plan/", include("ctg_pilote.api.urls_plan")),
    path("ctg/<slug:slug>/diagnostic/", include("ctg_pilote.api.urls_diagnostic")),
    path("ctg/<slug:slug>/gouvernance/", include("ctg_pilote.api.urls_governance")),
]

urlpatterns = [
    path("v1/", include(v1)),
    # [\s\S]: an address with a newline in it (%0A) matches too ("." would not).
    re_path(r"^[\s\S]*$", json_not_found),
]
