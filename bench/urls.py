"""The application's URLs plus the floor of the national bench: the smallest Django view,
through the full middleware stack, with no database query."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("banc/plancher/", floor),
    path("", include("ctg_pilote.urls")),
]
