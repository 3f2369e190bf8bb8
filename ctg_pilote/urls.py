from django.contrib import admin
from django.urls import include, path

from ctg_pilote.directory import urls as directory_urls
from ctg_pilote.pilotage import urls as pilotage_urls
from ctg_pilote.publication import urls_public
from ctg_pilote.reports import urls as reports_urls

# The apps' admin.py modules are read here, not as every command starts (core/apps.py).
admin.autodiscover()

# The document downloads are views of reports, which pilotage and publication may not import
# (see the layers in pyproject.toml): they join those apps' namespaces here.

urlpatterns = [
    path("", include("ctg_pilote.core.urls")),
    path("compte/jetons/", include("ctg_pilote.api.urls_tokens")),
    path("compte/", include("ctg_pilote.accounts.urls")),
    path("territoires/", include("ctg_pilote.territories.urls")),
    path("", include("ctg_pilote.collaboration.urls")),
    path("ctg/", include("ctg_pilote.conventions.urls")),
    path("ctg/<slug:slug>/diagnostic/", include("ctg_pilote.diagnostic.urls")),
    # The offer's data·inclusion import: a page of the directory, in the offer's area.
    path("ctg/<slug:slug>/diagnostic/offre/", include("ctg_pilote.directory.urls_ctg")),
    path("ctg/<slug:slug>/plan/", include("ctg_pilote.plan.urls")),
    path("ctg/<slug:slug>/gouvernance/", include("ctg_pilote.governance.urls")),
    path(
        "ctg/<slug:slug>/pilotage/",
        include((pilotage_urls.urlpatterns + reports_urls.pilotage_urlpatterns, "pilotage")),
    ),
    path("ctg/<slug:slug>/publication/", include("ctg_pilote.publication.urls")),
    path("departements/", include("ctg_pilote.pilotage.urls_departements")),
    path(
        "publique/",
        include((urls_public.urlpatterns + reports_urls.public_urlpatterns, "public")),
    ),
    path(directory_urls.MOUNT, include(directory_urls)),
    path("api/", include("ctg_pilote.api.urls")),
    path("travaux/", include("ctg_pilote.operations.urls")),
    path("admin/", admin.site.urls),
]
