from django.urls import include, path


def failing_view(request):
    raise RuntimeError("panne simulée")


urlpatterns = [
    path("panne/", failing_view),
    path("", include("ctg_pilote.urls")),
]
