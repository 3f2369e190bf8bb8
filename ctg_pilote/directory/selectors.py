"""Reads for the directory: finding the family's commune, and what is near it."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from ctg_pilote.conventions.models import Convention
from ctg_pilote.core import revisions
from ctg_pilote.diagnostic.models import Offer
from ctg_pilote.territories.geojson import communes_feature_collection
from ctg_pilote.territories.models import Commune, CommuneContour, Vintage

from .models import Service
from .places import commune_centres, communes_named, distance_km, ranked_by_distance


def current_communes() -> QuerySet[Commune]:
    # The current vintage as a subquery: one query for a commune, not two.
    current = Vintage.objects.order_by("-year").values("pk")[:1]
    return Commune.objects.filter(vintage=Subquery(current)).select_related("departement")


def _communes_of(vintage: Vintage | None) -> QuerySet[Commune]:
    return Commune.objects.filter(vintage=vintage).select_related("departement")


@dataclass
class CommuneLookup:
    """What a family typed, and the communes it names (one, several, or none)."""

    query: str
    communes: list[Commune] = field(default_factory=list)
    is_postcode: bool = False

    @property
    def commune(self) -> Commune | None:
        return self.communes[0] if len(self.communes) == 1 else None


def find_communes(query: str, limit: int = 20) -> CommuneLookup:
    """A commune name (accents and hyphens optional), a postcode or an INSEE code."""
    query = " ".join(query.split())
    lookup = CommuneLookup(query=query)
    if not query:
        return lookup
    # The vintage is read once: it names the communes and keys the index of their names.
    vintage = Vintage.objects.current()
    communes = _communes_of(vintage)
    compact = query.replace(" ", "")
    if compact.isdigit() or (len(compact) == 5 and compact[:2].upper() in ("2A", "2B")):
        lookup.is_postcode = True
        # The JSON list is matched as text, then checked exactly (works on SQLite and PostgreSQL).
        by_postcode = [
            c for c in communes.filter(postcodes__icontains=compact) if compact in c.postcodes
        ]
        lookup.communes = by_postcode[:limit] or list(communes.filter(code=compact.upper()))
        return lookup
    if vintage is None:
        return lookup
    ids, exact = communes_named(vintage.pk, query, limit)
    found = {c.pk: c for c in communes.filter(pk__in=ids)}
    chosen = [found[pk] for pk in ids if pk in found]
    if not exact:
        chosen.sort(key=lambda c: (-(c.population or 0), c.name))
    lookup.communes = chosen[:limit]
    return lookup


def _rings(geometry: dict) -> list[list[list[float]]]:
    coordinates = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return coordinates[:1]
    return [polygon[0] for polygon in coordinates if polygon]


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def nearest_commune(latitude: float, longitude: float) -> Commune | None:
    """The commune (among those of a CTG or with a service) whose contour holds the point,
    else the one whose contour's centre is nearest. Contours are simplified: good enough to
    pick a commune, not to draw a border."""
    served = Offer.communes_served.through.objects.values("commune_id")
    candidates = current_communes().filter(
        Q(pk__in=Convention.communes.through.objects.values("commune_id"))
        | Q(pk__in=Offer.objects.values("commune_id"))
        | Q(pk__in=served)
    )
    best, best_distance = None, None
    for contour in CommuneContour.objects.filter(commune__in=candidates).select_related("commune"):
        rings = _rings(contour.geometry)
        if any(_inside(longitude, latitude, ring) for ring in rings):
            return contour.commune
        points = [point for ring in rings for point in ring]
        if not points:
            continue
        cx = sum(p[0] for p in points) / len(points)
        cy = sum(p[1] for p in points) / len(points)
        distance = (cx - longitude) ** 2 + (cy - latitude) ** 2
        if best_distance is None or distance < best_distance:
            best, best_distance = contour.commune, distance
    return best


def conventions_covering(commune: Commune) -> QuerySet[Convention]:
    return Convention.objects.filter(communes=commune).order_by("name")


def map_geojson(commune: Commune) -> dict:
    """Contours of the commune and of the other communes of the CTGs covering it."""
    conventions = conventions_covering(commune)
    communes = current_communes().filter(Q(pk=commune.pk) | Q(conventions__in=conventions))
    searched = str(_("Commune recherchée"))
    around = str(_("Autres communes du territoire"))
    return communes_feature_collection(
        communes, lambda row: {"zone": searched if row.pk == commune.pk else around}
    )


NEARBY_COMMUNES = 5
NEARBY_SERVICES = 20
# Communes looked at in turn, nearest first, until five have services matching the filters.
NEARBY_BATCHES = (25, 200, 2_000)


_PLACES: dict[str, list[tuple[int, tuple[float, float]]]] = {}


def _places_with_services() -> list[tuple[int, tuple[float, float]]]:
    """(commune id, centre) of the communes where any service is located. The ids come from
    one indexed scan kept in the cache until anything changes on the site (its revision);
    the centres are kept in this process for the same revision. Filters are applied later,
    to the nearest communes only, so a new filter never rescans every service."""
    site, everything = revisions.current(revisions.SITE, revisions.ALL)
    key = f"directory-communes-{site}-{everything}"
    ids = cache.get(key)
    if ids is None:
        located = Offer.objects.filter(commune__isnull=False).order_by()
        ids = list(located.values_list("commune_id", flat=True).distinct())
        cache.set(key, ids, 24 * 3600)
        _PLACES.clear()
    places = _PLACES.get(key)
    if places is None:
        places = list(commune_centres(ids).items())
        _PLACES.clear()
        _PLACES[key] = places
    return places


def _nearest_with(located, origin, places, here: int) -> dict[int, float]:
    """{commune id: km} of the NEARBY_COMMUNES communes nearest `origin` (other than `here`)
    that hold one of `located`: the database is asked about the nearest few communes, then
    more, and only for rare criteria about every commune at once. Only as many communes as
    asked about are ranked."""
    found: dict[int, float] = {}
    done = 0
    for size in (*NEARBY_BATCHES, None):
        ranked = ranked_by_distance(origin, places, done + size if size else None)
        batch = [place for place in ranked[done:] if place[0] != here]
        done = len(ranked)
        if not batch:
            break
        holding = located.order_by().values_list("commune_id", flat=True)
        if size:
            holding = holding.filter(commune_id__in=[pk for pk, _centre in batch])
        holding = set(holding.distinct())
        for pk, centre in batch:
            if pk in holding and len(found) < NEARBY_COMMUNES:
                found[pk] = distance_km(origin, centre)
        if len(found) >= NEARBY_COMMUNES or done >= len(places):
            break
    return found


def nearby_services(
    commune: Commune, origin: tuple[float, float] | None, *, public: str = "", theme: str = ""
) -> list[Service]:
    """When a commune has nothing for these criteria: the services located in the nearest
    communes that have some, each with its commune's distance (`distance_km`), nearest first."""
    if origin is None:
        return []
    located = Service.objects.for_public(public).for_theme(theme).filter(commune__isnull=False)
    found = _nearest_with(located, origin, _places_with_services(), commune.pk)
    if not found:
        return []
    distances = dict(sorted(found.items(), key=lambda item: item[1]))
    # Nearest commune first, then by type and name: the database orders each commune's
    # services, a stable sort puts the communes in order (no CASE expression to compile).
    rank = {pk: n for n, pk in enumerate(distances)}
    rows = located.filter(commune_id__in=distances).order_by("offer_type__position", "name", "pk")
    chosen = sorted(rows.values_list("pk", "commune_id"), key=lambda row: rank[row[1]])
    chosen = chosen[:NEARBY_SERVICES]
    shown = Service.objects.filter(pk__in=[pk for pk, _commune in chosen]).for_display()
    by_pk = {service.pk: service for service in shown}
    services = [by_pk[pk] for pk, _commune in chosen]
    for service in services:
        service.distance_km = distances[service.commune_id]
    return services


def with_distances(services, origin: tuple[float, float] | None) -> None:
    """Sets `distance_km` on each service with coordinates (None on the others)."""
    for service in services:
        has_place = origin and service.latitude is not None and service.longitude is not None
        service.distance_km = (
            distance_km(origin, (float(service.latitude), float(service.longitude)))
            if has_place
            else None
        )
