"""Where things are, for the family search: commune names as people type them, commune
centres, and distances.

A name is folded for case, accents, hyphens, apostrophes and the usual abbreviations (St,
Ste), so "st-agnant", "Saint Agnant" and "SAINT-AGNANT" are one key. The keys of a vintage's
communes are kept sorted in memory (built once per process and vintage, rebuilt when the
number of communes changes), so a name or the start of a name is found by bisection.

A commune's centre is the centroid of the largest polygon of its contour: close enough to
rank places by distance (kilometres, rounded), not a surveyor's figure.
"""

import heapq
import math
import re
from bisect import bisect_left
from dataclasses import dataclass

from ctg_pilote.core.text import fold
from ctg_pilote.territories.models import Commune, CommuneContour

ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_SEPARATORS = re.compile(r"[^0-9a-z]+")
EARTH_RADIUS_KM = 6371.0


def name_key(text: str) -> str:
    """'St-Agnant' -> 'saint agnant'; "L'Houmeau" -> 'l houmeau'; 'Moëze' -> 'moeze'."""
    words = _SEPARATORS.split(fold(text))
    return " ".join(ABBREVIATIONS.get(word, word) for word in words if word)


@dataclass
class _Index:
    count: int
    keys: list[str]
    ids: list[int]


_INDEXES: dict[int, _Index] = {}


def _index(vintage_id: int) -> _Index:
    communes = Commune.objects.filter(vintage_id=vintage_id)
    count = communes.count()
    index = _INDEXES.get(vintage_id)
    if index is None or index.count != count:
        rows = sorted((name_key(name), pk) for pk, name in communes.values_list("pk", "name"))
        index = _Index(count, [key for key, _pk in rows], [pk for _key, pk in rows])
        _INDEXES[vintage_id] = index
    return index


def communes_named(vintage_id: int, text: str, limit: int = 20) -> tuple[list[int], bool]:
    """Ids of the communes whose folded name is `text` (exact=True), else of those whose
    folded name starts with it (at most `limit`, exact=False)."""
    key = name_key(text)
    if not key:
        return [], False
    index = _index(vintage_id)
    start = bisect_left(index.keys, key)
    exact, starting = [], []
    for position in range(start, len(index.keys)):
        found = index.keys[position]
        if found == key:
            exact.append(index.ids[position])
        elif found.startswith(key) and len(starting) < limit:
            starting.append(index.ids[position])
        else:
            break
    return (exact, True) if exact else (starting, False)


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(area, lon, lat) of a closed ring (shoelace formula; the mean of its points if flat)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(area) < 1e-12:
        return 0.0, sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def geometry_centre(geometry: dict) -> tuple[float, float] | None:
    """(latitude, longitude) of the largest polygon's centroid, or None without points."""
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    rings = [polygon[0] for polygon in polygons if polygon and polygon[0]]
    if not rings:
        return None
    _area, lon, lat = max((_ring_centroid(ring) for ring in rings), key=lambda c: c[0])
    return lat, lon


_CENTRES: dict[int, tuple[float, float] | None] = {}


def commune_centres(commune_ids) -> dict[int, tuple[float, float]]:
    """Centres of these communes (those without a contour are left out). Contours do not
    change within a vintage: each centre is computed once per process."""
    missing = [pk for pk in set(commune_ids) if pk not in _CENTRES]
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        found = dict(
            CommuneContour.objects.filter(commune_id__in=chunk).values_list(
                "commune_id", "geometry"
            )
        )
        for pk in chunk:
            _CENTRES[pk] = geometry_centre(found[pk]) if pk in found else None
    return {pk: _CENTRES[pk] for pk in set(commune_ids) if _CENTRES.get(pk)}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine) between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def ranked_by_distance(
    origin: tuple[float, float],
    places: list[tuple[int, tuple[float, float]]],
    first: int | None = None,
) -> list[tuple[int, tuple[float, float]]]:
    """These (commune id, centre) pairs, nearest `origin` first (only the `first` nearest when
    given: a partial sort, cheaper than ranking every commune), ranked by a flat-earth
    approximation: cheap, and right at the scale of neighbouring communes (the distance shown
    is then computed by `distance_km`)."""
    lat0, lon0 = origin
    stretch = math.cos(math.radians(lat0)) ** 2

    def far(item: tuple[int, tuple[float, float]]) -> float:
        return (item[1][0] - lat0) ** 2 + (item[1][1] - lon0) ** 2 * stretch

    return heapq.nsmallest(first, places, key=far) if first else sorted(places, key=far)
