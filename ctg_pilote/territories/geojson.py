"""The one builder of the GeoJSON the maps read (WGS 84 FeatureCollections).

Every commune feature carries the same properties: `code`, `name` and `population` (a number
or null), plus what its map adds through `properties` (e.g. `zone` for core's commune-map.js,
`valeur` for the diagnostic's choropleth). Its id is the commune code. Communes without a
contour are left out; features come in the order of commune codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Commune, CommuneContour


@dataclass(frozen=True)
class CommuneRow:
    """What a `properties` callable learns of each commune."""

    pk: int
    code: str
    name: str
    population: int | None


def feature(geometry: dict, properties: dict[str, Any], *, id: str | None = None) -> dict:
    data: dict[str, Any] = {"type": "Feature"}
    if id is not None:
        data["id"] = id
    data["geometry"] = geometry
    data["properties"] = properties
    return data


def feature_collection(features: Iterable[dict]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def communes_feature_collection(
    communes: QuerySet[Commune],
    properties: Callable[[CommuneRow], dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The contours of these communes, one feature each, in one query."""
    rows = (
        CommuneContour.objects.filter(commune__in=communes)
        .order_by("commune__code")
        .values_list(
            "commune_id", "commune__code", "commune__name", "commune__population", "geometry"
        )
    )
    features = []
    for pk, code, name, population, geometry in rows:
        row = CommuneRow(pk, code, name, population)
        props = {"code": code, "name": name, "population": population}
        if properties is not None:
            props.update(properties(row))
        features.append(feature(geometry, props, id=code))
    return feature_collection(features)
