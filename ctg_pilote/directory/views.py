"""Public pages of the directory of services for families: no sign-in, no personal data."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ctg_pilote.core.page_cache import cached_site_page
from ctg_pilote.core.text import whole_number
from ctg_pilote.territories.geojson import feature_collection

from . import opendata
from .models import Service
from .places import commune_centres
from .selectors import (
    conventions_covering,
    current_communes,
    find_communes,
    map_geojson,
    nearby_services,
    nearest_commune,
    with_distances,
)
from .typology import THEMES, Public

PAGE_SIZE = 20


def _coordinate(value: str, bound: float) -> float | None:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if -bound <= number <= bound else None


@require_GET
@cached_site_page
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    public = request.GET.get("public", "")
    public = public if public in dict(Public.CHOICES) else ""
    theme = request.GET.get("theme", "")
    theme = theme if theme in dict(THEMES) else ""
    context = {
        "query": query,
        "public": public,
        "theme": theme,
        "publics": Public.CHOICES,
        "themes": THEMES,
        "searched": bool(query or request.GET.get("commune") or request.GET.get("lat")),
    }
    commune, problem, choices = None, "", []
    position = None
    if request.GET.get("commune"):
        commune = current_communes().filter(code=request.GET["commune"][:5]).first()
        if commune is None:
            problem = _("Cette commune est inconnue : saisissez son nom ou son code postal.")
    elif request.GET.get("lat") or request.GET.get("lon"):
        lat = _coordinate(request.GET.get("lat", ""), 90)
        lon = _coordinate(request.GET.get("lon", ""), 180)
        position = (lat, lon) if lat is not None and lon is not None else None
        commune = nearest_commune(lat, lon) if position else None
        if commune is None:
            problem = _(
                "Votre position n'a pas permis de trouver une commune couverte par l'annuaire : "
                "saisissez le nom de votre commune ou son code postal."
            )
    elif query:
        commune, choices, problem = _lookup(query)
    context.update({"commune": commune, "problem": problem, "choices": choices})
    if commune:
        context.update(_results(request, commune, position, public=public, theme=theme))
        context["query"] = query or commune.name
    template = (
        "directory/_results.html" if request.headers.get("HX-Request") else "directory/search.html"
    )
    return render(request, template, context)


def _lookup(query: str):
    """(commune, choices, problem) for what a family typed."""
    lookup = find_communes(query)
    if lookup.commune:
        return lookup.commune, [], ""
    if lookup.communes:
        return None, lookup.communes, ""
    if lookup.is_postcode:
        problem = _(
            "Le code postal « %(query)s » ne correspond à aucune commune. Vérifiez les "
            "5 chiffres, ou saisissez le nom de la commune."
        )
    else:
        problem = _(
            "Aucune commune ne s'appelle « %(query)s ». Vérifiez l'orthographe, ou "
            "saisissez le code postal."
        )
    return None, [], problem % {"query": query}


def _results(request, commune, position, *, public: str, theme: str) -> dict:
    """The services of the commune (nearest the family's position, else the commune's centre,
    first); when there is none, those of the nearest communes with their distance."""
    origin = position or commune_centres([commune.pk]).get(commune.pk)
    services = Service.objects.search(commune=commune, public=public, theme=theme, origin=origin)
    page = Paginator(services.for_display(), PAGE_SIZE).get_page(request.GET.get("page"))
    with_distances(page.object_list, origin)
    nearby = (
        [] if page.paginator.count else nearby_services(commune, origin, public=public, theme=theme)
    )
    return {
        "page": page,
        "nearby": nearby,
        "conventions": conventions_covering(commune),
    }


@require_GET
def detail(request, pk: int):
    service = get_object_or_404(Service.objects.for_display(), pk=pk)
    return render(request, "directory/detail.html", {"service": service})


@require_GET
def communes_geojson(request):
    commune = current_communes().filter(code=request.GET.get("commune", "")[:5]).first()
    if commune is None:
        return JsonResponse(feature_collection([]))
    return JsonResponse(map_geojson(commune))


def _open_data_response(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Licence"] = opendata.LICENCE
    return response


def _page_number(request, name: str, default: int, maximum: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    value = whole_number(raw, maximum=maximum)
    if not value:
        raise ValueError(
            _("Le paramètre « %(name)s » doit être un nombre entier de 1 à %(max)s.")
            % {"name": name, "max": maximum}
        )
    return value


def _open_data_page(request, build) -> JsonResponse:
    """A page of records, data·inclusion style: `?page=2&size=500` (at most MAX_SIZE)."""
    try:
        size = _page_number(request, "size", opendata.DEFAULT_SIZE, opendata.MAX_SIZE)
        number = _page_number(request, "page", 1, 1_000_000)
    except ValueError as error:
        return _open_data_response({"detail": str(error)}, status=400)
    page = build(page=number, size=size)
    if number > page.pages:
        message = _("La page %(page)s n'existe pas : il y a %(pages)s page(s).") % {
            "page": number,
            "pages": page.pages,
        }
        return _open_data_response({"detail": message}, status=404)

    def link(target: int) -> str | None:
        if not 1 <= target <= page.pages:
            return None
        query = urlencode({"page": target, "size": size})
        return request.build_absolute_uri(f"{request.path}?{query}")

    return _open_data_response(
        {
            "items": page.items,
            "total": page.total,
            "page": number,
            "size": size,
            "pages": page.pages,
            "next": link(number + 1),
            "previous": link(number - 1),
        }
    )


@require_GET
def open_data(request):
    context = {
        "licence": opendata.LICENCE,
        "default_size": opendata.DEFAULT_SIZE,
        "max_size": opendata.MAX_SIZE,
    }
    return render(request, "directory/open_data.html", context)


@require_GET
@cached_site_page
def structures_json(request):
    return _open_data_page(request, opendata.structures)


@require_GET
@cached_site_page
def services_json(request):
    return _open_data_page(request, opendata.services)
