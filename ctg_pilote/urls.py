from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("ctg_pilote.core.urls")),
    path("compte/", include("ctg_pilote.accounts.urls")),
    path("territoires/", include("ctg_pilote.territories.urls")),
    path("ctg/", include("ctg_pilote.conventions.urls")),
    path("admin/", admin.site.urls),
]
